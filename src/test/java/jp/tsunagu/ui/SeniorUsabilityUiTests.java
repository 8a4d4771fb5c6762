package jp.tsunagu.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import jp.tsunagu.audit.AuditLog;
import jp.tsunagu.events.Events;
import jp.tsunagu.events.TestEvents;
import jp.tsunagu.identity.PartnerClients;
import jp.tsunagu.identity.Role;
import jp.tsunagu.identity.TestClients;
import jp.tsunagu.identity.TestResidents;

/**
 * What watching seniors use the tablet and a phone showed (issue 15), measured in Chromium: the
 * header leaves room on a phone and the check-in QR is on the first screen; signing out asks first;
 * labels read as text, not as buttons; the sign-in page does not lead to itself; nothing stands in
 * for what does not exist yet; the admin tables fit a phone and the audit log speaks in names and words.
 */
class SeniorUsabilityUiTests extends BrowserTests {

	@Autowired
	Events events;

	@Autowired
	AuditLog audit;

	@Autowired
	PartnerClients clients;

	@Test
	void whenOnAPhoneThenTheHeaderIsCompactAndTheQrCodeIsOnTheFirstScreen() {
		var hanako = TestResidents.hanako(residents);
		var phone = started(Chromium.PHONE, Path.of("target/downloads/senior-phone"));
		var ui = new UiSession(phone, port);
		ui.signIn(hanako.login(), hanako.password());
		ui.waitForPath("/");
		for (var width : new int[] { 360, 390 }) {
			// The phone's own viewport, 740 px tall (a 740 px window would leave less for the page).
			((org.openqa.selenium.chrome.ChromeDriver) phone).executeCdpCommand("Emulation.setDeviceMetricsOverride",
					java.util.Map.of("width", width, "height", 740, "deviceScaleFactor", 1, "mobile", true));
			ui.open("/account");
			assertThat(number(phone, "return document.querySelector('.site-header').getBoundingClientRect().height"))
				.as("header height at %d px", width).isLessThanOrEqualTo(120);
			assertThat(number(phone, "return document.querySelector('img.qr').getBoundingClientRect().bottom"))
				.as("the QR code fits the first screen at %d px (innerHeight %s)", width,
						number(phone, "return innerHeight"))
				.isLessThanOrEqualTo(740);
			PageCheck.check(phone, "account-phone-" + width);
		}
	}

	@Test
	void whenResidentPressesLogoutThenAPageAsksFirst() {
		var hanako = TestResidents.hanako(residents);
		var tablet = started(Chromium.TABLET, Path.of("target/downloads/senior-logout"));
		var ui = new UiSession(tablet, port);
		ui.signIn(hanako.login(), hanako.password());
		ui.waitForPath("/");
		ui.press("ログアウト");
		assertThat(ui.heading()).isEqualTo("ログアウトしますか");
		assertThat(ui.text()).contains("もう一度ログインIDと暗証番号を入れて").doesNotContain("サービスから");
		PageCheck.check(tablet, "logout-mine");
		ui.press("ログアウトしない（ホームへ）");
		assertThat(ui.heading()).as("still signed in").isEqualTo("札幌 花子さん、こんにちは");
		ui.press("ログアウト");
		ui.press("ログアウトする");
		ui.waitForPath("/login");
		assertThat(ui.text()).contains("ログアウトしました");
	}

	@Test
	void whenEventsShowSeatsStatusAndTagsThenTheyReadAsTextNotAsButtons() {
		var hanako = TestResidents.hanako(residents);
		var tea = TestEvents.tea(events, 20);
		var tablet = started(Chromium.TABLET, Path.of("target/downloads/senior-tags"));
		var ui = new UiSession(tablet, port);
		ui.signIn(hanako.login(), hanako.password());
		ui.waitForPath("/");
		ui.open("/events");
		assertThat(ui.text()).contains("あと20人");
		assertLabelsAreText(tablet, "events");
		ui.open("/events/" + tea.id());
		assertThat(ui.text()).contains("交流");
		assertLabelsAreText(tablet, "event");
		ui.press("参加する");
		ui.open("/events");
		assertLabelsAreText(tablet, "events-signed-up");
	}

	@Test
	void whenSignedOutThenTheSignInPageDoesNotLeadToItselfAndFirstTimersComeFirst() {
		var browser = started(Chromium.PHONE, Path.of("target/downloads/senior-login"));
		var ui = new UiSession(browser, port);
		ui.open("/login");
		assertThat(browser.findElements(By.cssSelector("a[href='/'], a[href='/login']"))).as("links back to itself").isEmpty();
		assertThat(ui.text()).doesNotContain("ホームへ戻る");
		var firstTime = browser.findElement(By.linkText("はじめて使う方（ログイン用紙をお持ちの方）"));
		assertThat(firstTime.getRect().getY()).as("first-timers before the form")
			.isLessThan(browser.findElement(By.id("username")).getRect().getY());
		ui.press("はじめて使う方（ログイン用紙をお持ちの方）");
		ui.press("ログインの画面へ戻る");
		assertThat(ui.path()).isEqualTo("/login");
	}

	@Test
	void whenAdminReadsClientsAndAuditOnAPhoneThenNothingScrollsSidewaysAndTheLogSpeaksInNames() {
		var adminLogin = "admin-" + UUID.randomUUID() + "@city.example";
		var admin = accounts.createStaffAccount(adminLogin, "administrator-pass", "管理 一郎", EnumSet.of(Role.ADMIN, Role.STAFF));
		var hanako = TestResidents.hanako(residents);
		TestClients.confidential(clients, Set.of("openid", "profile", "area"));
		audit.record(admin.subject(), "account.roles.changed", admin.subject(), "[STAFF, ADMIN]");
		audit.record(admin.subject(), "resident.searched", null, "q=はなこ area=MOMIJIDAI hits=1");
		audit.record(admin.subject(), "resident.360.viewed", hanako.resident().account().toString(), null);

		var phone = started(Chromium.PHONE, Path.of("target/downloads/senior-admin"));
		var ui = new UiSession(phone, port);
		ui.signIn(adminLogin, "administrator-pass");
		ui.waitForPath("/");
		for (var path : List.of("/admin/clients", "/admin/audit")) {
			ui.open(path);
			assertThat(number(phone, "return document.documentElement.scrollWidth"))
				.as(path + " scrolls sideways").isLessThanOrEqualTo(number(phone, "return innerWidth"));
		}
		var row = phone.findElement(By.cssSelector("tbody tr")).getText();
		assertThat(row).contains("管理 一郎", "住民の方のまとめを見ました", "札幌 花子")
			.doesNotContain("resident.360.viewed", admin.subject(), hanako.resident().account().toString());
		assertThat(phone.findElement(By.tagName("table")).getText()).contains("役割を変えました", "事務局、管理者",
				"住民の方を探しました", "「はなこ」（もみじ台）で探して、1人見つかりました");
		PageCheck.check(phone, "admin-audit-phone");
		ui.open("/admin/clients");
		PageCheck.check(phone, "admin-clients-phone");
	}

	@Test
	void whenACapabilityDoesNotExistYetThenNoTileOrLineStandsInForIt() {
		var adminLogin = "admin-" + UUID.randomUUID() + "@city.example";
		accounts.createStaffAccount(adminLogin, "administrator-pass", "管理 二郎", EnumSet.of(Role.ADMIN, Role.STAFF));
		var tablet = started(Chromium.TABLET, Path.of("target/downloads/senior-placeholders"));
		var ui = new UiSession(tablet, port);
		ui.signIn(adminLogin, "administrator-pass");
		ui.waitForPath("/");
		// the shop's screen has the coupons' till now, so the tile into it appears (it did not while it was empty)
		assertThat(ui.text()).as("a tile into a screen only once it has something to use")
			.contains("事務局の画面", "管理者の画面", "お店の画面");
		assertThat(ui.text()).as("no weather placeholder").doesNotContain("天気");
		ui.open("/shop");
		assertThat(ui.heading()).isEqualTo("お店の画面");
		assertThat(ui.text()).as("no coming-soon box, only what works").doesNotContain("準備ができしだい")
			.contains("クーポンを使う", "使われたクーポンと精算");
	}

	/** A label has neither a background of its own nor a border: only buttons and fields look like boxes. */
	private static void assertLabelsAreText(WebDriver driver, String page) {
		@SuppressWarnings("unchecked")
		var boxes = (List<String>) ((JavascriptExecutor) driver).executeScript("""
				return [...document.querySelectorAll('main span, main dd, main p')].filter(e => {
				  const s = getComputedStyle(e);
				  const bg = s.backgroundColor !== 'rgba(0, 0, 0, 0)' && s.backgroundColor !== 'transparent';
				  const border = ['Top', 'Right', 'Bottom', 'Left'].some(side => parseFloat(s['border' + side + 'Width']) > 0);
				  return e.textContent.trim() && (bg || border) && !e.closest('a.button, button, .notice');
				}).map(e => e.textContent.trim());""");
		assertThat(boxes).as(page + ": labels drawn as boxes").isEmpty();
	}

	private static double number(WebDriver driver, String script) {
		return ((Number) ((JavascriptExecutor) driver).executeScript(script)).doubleValue();
	}
}
