package jp.tsunagu.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;

import com.deque.html.axecore.selenium.AxeBuilder;

/**
 * Measures a page the way SENIOR-UX.md asks, in the real browser: axe-core at WCAG 2.2 AA, the
 * smallest visible font, the smallest touch target, horizontal scrolling, requests to other
 * origins, untranslated message keys, {@code lang="ja"}; and keeps a screenshot.
 */
public final class PageCheck {

	public static final Path SCREENSHOTS = Path.of("target/screenshots");

	private static final String MEASURE = """
			const visible = e => { const r = e.getBoundingClientRect(); const s = getComputedStyle(e);
			  return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'
			    && r.right > 0 && r.bottom > 0 && r.left < innerWidth; };
			let minFont = 999, fontAt = '';
			const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
			while (walker.nextNode()) { const t = walker.currentNode; const e = t.parentElement;
			  if (!t.textContent.trim() || !e || !visible(e)) continue;
			  const size = parseFloat(getComputedStyle(e).fontSize);
			  if (size < minFont) { minFont = size; fontAt = e.tagName + ' ' + t.textContent.trim().slice(0, 30); } }
			let minTarget = 999, targetAt = '';
			for (const e of document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary')) {
			  if (!visible(e)) continue;
			  let r = e.getBoundingClientRect(); let w = r.width, h = r.height;
			  const label = e.id ? document.querySelector('label[for="' + CSS.escape(e.id) + '"]') : null;
			  if ((e.type === 'checkbox' || e.type === 'radio') && label) {
			    const l = label.getBoundingClientRect(); w = Math.max(w, l.width); h = Math.max(h, l.height); }
			  const size = Math.min(w, h);
			  if (size < minTarget) { minTarget = size; targetAt = e.outerHTML.slice(0, 80); } }
			const foreign = performance.getEntriesByType('resource').map(r => r.name)
			  .filter(n => !n.startsWith(location.origin) && !n.startsWith('data:'));
			const nav = performance.getEntriesByType('navigation')[0];
			const bytes = (nav ? nav.transferSize || nav.encodedBodySize : 0) + performance.getEntriesByType('resource')
			  .reduce((sum, r) => sum + (r.transferSize || r.encodedBodySize || 0), 0);
			return { minFont, fontAt, minTarget, targetAt, foreign, bytes,
			  loadMs: nav ? Math.round(nav.loadEventEnd || nav.domContentLoadedEventEnd) : -1,
			  horizontalScroll: document.documentElement.scrollWidth > document.documentElement.clientWidth,
			  lang: document.documentElement.lang, untranslated: document.body.innerHTML.includes('??') };
			""";

	private PageCheck() {
	}

	/** Checks the page now shown and saves it as {@code target/screenshots/NAME.png}. */
	@SuppressWarnings("unchecked")
	public static Map<String, Object> check(WebDriver driver, String name) {
		screenshot(driver, name);
		var axe = new AxeBuilder().withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")).analyze(driver);
		assertThat(axe.getViolations())
			.as(name + ": axe violations %s", axe.getViolations().stream()
				.map(v -> v.getId() + " " + v.getNodes().stream().map(n -> n.getTarget().toString()).toList())
				.toList())
			.isEmpty();
		var m = (Map<String, Object>) ((JavascriptExecutor) driver).executeScript(MEASURE);
		assertThat(((Number) m.get("minFont")).doubleValue()).as(name + ": smallest font at " + m.get("fontAt"))
			.isGreaterThanOrEqualTo(16);
		assertThat(((Number) m.get("minTarget")).doubleValue()).as(name + ": smallest target " + m.get("targetAt"))
			.isGreaterThanOrEqualTo(48);
		assertThat((List<String>) m.get("foreign")).as(name + ": requests to other origins").isEmpty();
		assertThat(m.get("horizontalScroll")).as(name + ": horizontal scrolling").isEqualTo(false);
		assertThat(m.get("untranslated")).as(name + ": untranslated message keys").isEqualTo(false);
		assertThat(m.get("lang")).as(name + ": page language").isIn("ja", "en");
		record(name, driver, m);
		return m;
	}

	/**
	 * Figures, not verdicts: page weight and load time go to target/screenshots/pages.tsv for the
	 * record (a test never asserts a wall-clock time).
	 */
	private static synchronized void record(String name, WebDriver driver, Map<String, Object> m) {
		try {
			Files.createDirectories(SCREENSHOTS);
			var size = driver.manage().window().getSize();
			Files.writeString(SCREENSHOTS.resolve("pages.tsv"), String.join("\t", name, size.width + "x" + size.height,
					String.valueOf(m.get("bytes")), String.valueOf(m.get("loadMs")), String.valueOf(m.get("minFont")),
					String.valueOf(m.get("minTarget"))) + "\n", java.nio.file.StandardOpenOption.CREATE,
					java.nio.file.StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static void screenshot(WebDriver driver, String name) {
		try {
			Files.createDirectories(SCREENSHOTS);
			Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}
}
