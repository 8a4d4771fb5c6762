package jp.tsunagu.ui;

import java.time.Duration;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/** What a person does on a page, in the words of the page: open, type into a labelled field, press. */
public final class UiSession {

	private final WebDriver driver;

	private final String base;

	public UiSession(WebDriver driver, int port) {
		this.driver = driver;
		this.base = "http://localhost:" + port;
	}

	public WebDriver driver() {
		return driver;
	}

	public UiSession open(String path) {
		driver.get(base + path);
		return this;
	}

	/** Types into the field whose visible label is {@code label}, as a person finds it. */
	public UiSession type(String label, String text) {
		var field = field(label);
		field.clear();
		field.sendKeys(text);
		return this;
	}

	public WebElement field(String label) {
		var labelElement = driver.findElement(By.xpath("//label[normalize-space(.)='" + label + "']"));
		return driver.findElement(By.id(labelElement.getAttribute("for")));
	}

	public UiSession choose(String label) {
		driver.findElement(By.xpath("//label[normalize-space(.)='" + label + "']")).click();
		return this;
	}

	/**
	 * Presses the button or link that says {@code words}, and waits for the page it leads to, as a
	 * person waits before reading on.
	 */
	public UiSession press(String words) {
		var page = driver.findElement(By.tagName("html"));
		driver.findElement(By.xpath("//button[normalize-space(.)='" + words + "'] | //a[normalize-space(.)='" + words + "']"))
			.click();
		try {
			// The old page is gone once its root element can no longer be read (stale or detached).
			new WebDriverWait(driver, Duration.ofSeconds(5)).until(d -> {
				try {
					page.getTagName();
					return false;
				}
				catch (WebDriverException gone) {
					return true;
				}
			});
		}
		catch (TimeoutException stayed) {
			// The button worked in place (script); nothing to wait for.
		}
		new WebDriverWait(driver, Duration.ofSeconds(10))
			.until(d -> "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
		return this;
	}

	public String heading() {
		return driver.findElement(By.tagName("h1")).getText();
	}

	public String text() {
		return driver.findElement(By.tagName("body")).getText();
	}

	public String path() {
		return driver.getCurrentUrl().replace(base, "");
	}

	/**
	 * Waits until the page says {@code words}, as after a button whose answer is a new page. While
	 * the old page is being swapped out, Chromium may refuse to read it with a stale element or with
	 * "node does not belong to the document"; both mean "not yet".
	 */
	public void waitForText(String words) {
		new WebDriverWait(driver, Duration.ofSeconds(10)).ignoring(WebDriverException.class)
			.until(d -> d.findElement(By.tagName("body")).getText().contains(words));
	}

	public void waitForPath(String prefix) {
		new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> path().startsWith(prefix));
	}

	public void signIn(String login, String secret) {
		open("/login").type("メールアドレス・電話番号・ログインID", login).type("パスワードまたは暗証番号", secret).press("ログインする");
	}
}
