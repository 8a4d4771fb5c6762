package jp.tsunagu.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import jp.tsunagu.identity.TestAdmins;

/**
 * The vitals pages of the help desk and the administrator in a real Chromium, at tablet and phone
 * size, each through PageCheck: the desk finds a resident from its tile, an impossible blood
 * pressure is refused in plain words, the corrected one is recorded; a station is registered and its
 * secret shown; a threshold that makes no sense is refused.
 */
class VitalsDeskUiTests extends BrowserTests {

	@Test
	void whenTheDeskAndTheAdministratorUseTheVitalsPagesThenEveryPagePasses() {
		var phone = "011-" + (100 + new java.util.Random().nextInt(900)) + "-" + (1000 + new java.util.Random().nextInt(9000));
		// a name of its own: the other sweeps open the first 「札幌 花子」 they find and expect her signed in before
		var mitsu = residents.registerAtHelpDesk(new jp.tsunagu.residents.ResidentDetails("真駒内", "みつ", "まこまない", "みつ",
				java.time.LocalDate.of(1948, 11, 3), jp.tsunagu.residents.Area.MOMIJIDAI, phone));
		var browser = started(Chromium.TABLET, Path.of("target/downloads/vitals-desk"));
		var ui = new UiSession(browser, port);
		ui.signIn(TestAdmins.admin(accounts), TestAdmins.PASSWORD);
		ui.waitForPath("/");

		ui.open("/staff").press("体の測定を記録する");
		PageCheck.check(browser, "vitals-desk-find");
		ui.type("測定を記録する住民の方を探す", phone).press("探す");
		browser.findElement(By.cssSelector("a.resident-link[href$='" + mitsu.account() + "/vitals']")).click();
		ui.waitForPath("/staff/residents/" + mitsu.account() + "/vitals");
		assertThat(ui.heading()).isEqualTo("真駒内 みつ さんの体の測定");
		PageCheck.check(browser, "vitals-desk-empty");

		ui.choose("血圧 (mmHg)").type("測った値（血圧のときは上の血圧）", "900").type("下の血圧", "80").press("記録する");
		assertThat(ui.text()).contains("上の血圧 900 はありえない値です。測り直してください");
		PageCheck.check(browser, "vitals-desk-refused");
		ui.type("測った値（血圧のときは上の血圧）", "１２８").press("記録する");
		assertThat(ui.text()).contains("記録しました", "血圧 128/80 mmHg", "いつもどおり");
		PageCheck.check(browser, "vitals-desk-done");
		browser.manage().window().setSize(Chromium.PHONE);
		PageCheck.check(browser, "vitals-desk-done-phone");
		browser.manage().window().setSize(Chromium.TABLET);

		ui.open("/admin").press("測定端末の登録");
		PageCheck.check(browser, "vitals-stations");
		ui.type("端末の名前", "青葉 集会所 血圧計 " + java.util.UUID.randomUUID().toString().substring(0, 8)).type("置いてある場所", "青葉 集会所").press("登録する");
		assertThat(browser.findElement(By.id("station-secret")).getText()).isNotBlank();
		PageCheck.check(browser, "vitals-stations-registered");
		browser.manage().window().setSize(Chromium.PHONE);
		PageCheck.check(browser, "vitals-stations-registered-phone");
		browser.manage().window().setSize(Chromium.TABLET);

		ui.open("/admin").press("測定の目安（しきい値）");
		PageCheck.check(browser, "vitals-thresholds");
		browser.findElement(By.id("low-PULSE")).clear();
		browser.findElement(By.id("low-PULSE")).sendKeys("120");
		browser.findElement(By.id("save-PULSE")).click();
		new org.openqa.selenium.support.ui.WebDriverWait(browser, java.time.Duration.ofSeconds(10))
			.until(d -> !d.findElements(By.cssSelector(".error-summary")).isEmpty());
		assertThat(ui.text()).contains("上の境目は、下の境目より大きい値にしてください");
		PageCheck.check(browser, "vitals-thresholds-refused");
		browser.manage().window().setSize(Chromium.PHONE);
		PageCheck.check(browser, "vitals-thresholds-phone");
	}
}
