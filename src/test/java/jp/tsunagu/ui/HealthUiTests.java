package jp.tsunagu.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.springframework.beans.factory.annotation.Autowired;

import jp.tsunagu.identity.AccountId;
import jp.tsunagu.identity.Role;
import jp.tsunagu.identity.TestResidents;
import jp.tsunagu.vitals.Measurement;
import jp.tsunagu.vitals.NewMeasurement;
import jp.tsunagu.vitals.VitalKind;
import jp.tsunagu.vitals.Vitals;

/**
 * Issue 17's browser test: the help desk enters a blood pressure, and the resident sees it on
 * 「わたしの健康」, one tap from home, in big numbers with the chart; the chart's words are as large
 * on the phone as on the tablet and never overlap; every page passes the PageCheck sweep.
 */
class HealthUiTests extends BrowserTests {

	@Autowired
	Vitals vitals;

	/** Every text shown in the page's charts: its rendered height and box, for size and overlap. */
	private static final String CHART_TEXTS = """
			return [...document.querySelectorAll('svg.health-chart text')]
			  .filter(t => getComputedStyle(t).display !== 'none').map(t => { const r = t.getBoundingClientRect();
			  return { text: t.textContent, font: parseFloat(getComputedStyle(t).fontSize), height: r.height,
			    left: r.left, right: r.right, top: r.top, bottom: r.bottom, written: t.getAttribute('font-weight') === 'bold' }; });
			""";

	@Test
	void whenTheDeskEntersABloodPressureThenTheResidentSeesItWithTheChart() {
		var hanako = TestResidents.hanako(residents);
		var me = hanako.resident().account();
		var deskLogin = "desk-" + UUID.randomUUID() + "@desk.example";
		accounts.createStaffAccount(deskLogin, "help-desk-password", "事務局 花", EnumSet.of(Role.STAFF));
		// earlier readings, about weekly for three months, so the chart has a line and numbers to thin out
		for (int week = 12; week >= 1; week--) {
			measure(me, Instant.now().minusSeconds(86_400L * (7 * week + 1)), String.valueOf(120 + week * 3 % 23),
					String.valueOf(76 + week % 7));
		}

		var desk = started(Chromium.TABLET, Path.of("target/downloads/health-desk"));
		var staff = new UiSession(desk, port);
		staff.signIn(deskLogin, "help-desk-password");
		staff.waitForPath("/");
		staff.open("/staff/residents/" + me.value() + "/360");
		assertThat(staff.text()).contains("札幌 花子");
		// the desk's own form, from the resident's 360° page, as staff use it
		staff.press("体の測定を記録する");
		staff.choose("血圧 (mmHg)").type("測った値（血圧のときは上の血圧）", "128").type("下の血圧", "82").press("記録する");
		assertThat(staff.text()).contains("記録しました");
		PageCheck.check(desk, "vitals-desk-entered");

		var tablet = started(Chromium.TABLET, Path.of("target/downloads/health-resident"));
		var ui = new UiSession(tablet, port);
		ui.signIn(hanako.login(), hanako.password());
		ui.waitForPath("/");
		ui.press("わたしの健康");
		assertThat(ui.heading()).as("one tap from home").isEqualTo("わたしの健康");
		var bp = tablet.findElement(By.id("kind-blood-pressure"));
		assertThat(bp.findElement(By.className("health-value")).getText()).isEqualTo("128/82");
		assertThat(bp.getText()).contains("mmHg", "いつもどおり", "血圧を表で見る");
		assertThat(bp.findElements(By.cssSelector("svg.health-chart circle"))).as("13 readings, two points each").hasSize(26);
		assertThat(ui.text()).contains("まだ記録がありません。地域交流エリアで測れます");
		PageCheck.check(tablet, "health");
		chartWordsAreLargeAndApart(tablet, 20);
		tablet.manage().window().setSize(Chromium.PHONE);
		PageCheck.check(tablet, "health-phone");
		chartWordsAreLargeAndApart(tablet, 18);
		tablet.manage().window().setSize(Chromium.TABLET);

		ui.press("血圧を表で見る");
		assertThat(ui.heading()).isEqualTo("血圧の記録");
		assertThat(tablet.findElement(By.className("health-table")).getText()).contains("128/82 mmHg", "126/78 mmHg",
				"少し高めです。気になるときは事務局にご相談ください");
		PageCheck.check(tablet, "health-kind");
		tablet.manage().window().setSize(Chromium.PHONE);
		PageCheck.check(tablet, "health-kind-phone");
		chartWordsAreLargeAndApart(tablet, 18);
		tablet.manage().window().setSize(Chromium.TABLET);
		ui.open("/health?lang=en");
		assertThat(ui.heading()).isEqualTo("My health");
		PageCheck.check(tablet, "health-en");
		ui.open("/health/blood-pressure?lang=ja");
		ui.press("わたしの健康へ戻る");
		assertThat(ui.heading()).isEqualTo("わたしの健康");
	}

	/**
	 * The help desk's entry. Until the desk's vitals page ({@code /staff/residents/{id}/vitals})
	 * is on this branch, the reading goes in through {@link Vitals} as that page stores it.
	 */
	private void measure(AccountId resident, Instant at, String systolic, String diastolic) {
		vitals.record(new NewMeasurement(resident, VitalKind.BLOOD_PRESSURE, at, new BigDecimal(systolic),
				new BigDecimal(diastolic), "desk", Measurement.Source.DESK, "もみじ台 地域交流エリア", "staff:ui-test"));
	}

	@SuppressWarnings("unchecked")
	private static void chartWordsAreLargeAndApart(WebDriver driver, double body) {
		var chart = driver.findElement(By.cssSelector("svg.health-chart"));
		((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'})", chart);
		PageCheck.screenshot(driver, "health-chart-" + driver.manage().window().getSize().width);
		var texts = (List<Map<String, Object>>) ((JavascriptExecutor) driver).executeScript(CHART_TEXTS);
		assertThat(texts).isNotEmpty();
		for (var t : texts) {
			assertThat(((Number) t.get("font")).doubleValue()).as("font of " + t.get("text")).isGreaterThanOrEqualTo(body);
			assertThat(((Number) t.get("height")).doubleValue()).as("drawn height of " + t.get("text"))
				.isGreaterThanOrEqualTo(body);
			assertThat(((Number) t.get("right")).doubleValue()).as("inside the screen: " + t.get("text"))
				.isLessThanOrEqualTo(((Number) ((JavascriptExecutor) driver).executeScript("return innerWidth")).doubleValue());
		}
		// the numbers beside the points and the lines' names, all in bold
		var values = texts.stream().filter(t -> Boolean.TRUE.equals(t.get("written"))).toList();
		assertThat(values).isNotEmpty();
		for (int i = 0; i < values.size(); i++) {
			for (int j = i + 1; j < values.size(); j++) {
				assertThat(overlap(values.get(i), values.get(j)))
					.as("%s and %s overlap", values.get(i), values.get(j)).isFalse();
			}
		}
	}

	private static boolean overlap(Map<String, Object> a, Map<String, Object> b) {
		return d(a, "left") < d(b, "right") && d(b, "left") < d(a, "right") && d(a, "top") < d(b, "bottom")
				&& d(b, "top") < d(a, "bottom");
	}

	private static double d(Map<String, Object> m, String key) {
		return ((Number) m.get(key)).doubleValue();
	}
}
