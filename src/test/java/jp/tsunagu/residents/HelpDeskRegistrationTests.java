package jp.tsunagu.residents;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import jp.tsunagu.Browser;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.audit.AuditLog;
import jp.tsunagu.identity.Accounts;
import jp.tsunagu.identity.Role;

/**
 * The help desk registers a senior without e-mail, prints the login sheet, and the senior starts
 * on the tablet (another browser) with what the sheet says: login id, code, then a PIN of their own.
 */
@TsunaguTest
class HelpDeskRegistrationTests {

	static final String STAFF_PASSWORD = "help-desk-password-1";

	@LocalServerPort
	int port;

	@Autowired
	Accounts accounts;

	@Autowired
	AuditLog audit;

	@Autowired
	jp.tsunagu.platform.TimeWording when;

	@Autowired
	jp.tsunagu.identity.IdentitySettings settings;

	Browser desk;

	String staffLogin;

	@BeforeEach
	void staffSignsIn() {
		staffLogin = "staff-" + UUID.randomUUID() + "@desk.example";
		accounts.createStaffAccount(staffLogin, STAFF_PASSWORD, "事務局 太郎", EnumSet.of(Role.STAFF));
		desk = new Browser(port);
		assertThat(desk.signIn(staffLogin, STAFF_PASSWORD)).doesNotContain("error");
	}

	@Test
	void whenDeskRegistersSeniorThenSheetLetsThemSetAPinAndSignInOnTheTablet() throws Exception {
		var registered = desk.submit("/staff/residents/new", "/staff/residents", List.of(
				Map.entry("familyName", "青葉"), Map.entry("givenName", "茂"), Map.entry("familyNameKana", "あおば"),
				Map.entry("givenNameKana", "しげる"), Map.entry("birthYear", "1941"), Map.entry("birthMonth", "2"), Map.entry("birthDay", "11"), Map.entry("area", "AOBA"),
				Map.entry("phone", "")));
		assertThat(registered.statusCode()).isEqualTo(302);
		var residentPage = registered.headers().firstValue("Location").orElseThrow();
		assertThat(residentPage).contains("/staff/residents/").endsWith("?registered");

		var page = desk.get(residentPage);
		assertThat(page.body()).contains("青葉 茂", "アオバ シゲル", "はじめてのログイン待ち");
		var action = residentPage.replace("?registered", "").replaceFirst("^https?://[^/]+", "") + "/login-sheet";
		var pdf = desk.postForBytes(action, List.of(Map.entry("_csrf", Browser.csrfOf(page.body()))));
		assertThat(pdf.statusCode()).isEqualTo(200);
		assertThat(pdf.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/pdf");

		java.nio.file.Files.createDirectories(java.nio.file.Path.of("target/screenshots"));
		java.nio.file.Files.write(java.nio.file.Path.of("target/screenshots/login-sheet.pdf"), pdf.body());
		String sheet;
		try (var document = Loader.loadPDF(pdf.body())) {
			assertThat(document.getNumberOfPages()).isEqualTo(1);
			sheet = new PDFTextStripper().getText(document);
		}
		assertThat(sheet).contains("青葉 茂", "ログインID", "確認番号", "/first-login");
		var expires = when.date(java.time.Instant.now().plus(settings.firstLoginCodeValidity()), java.util.Locale.JAPANESE);
		assertThat(expires).as("as every date reads").matches("\\d{1,2}月\\d{1,2}日\\([月火水木金土日]\\)");
		assertThat(sheet.replaceAll("\\s+", " ")).as("the expiry as every date reads, 「12月3日(水)」")
			.contains("確認番号の期限 " + expires);
		var loginId = find(sheet, "(sp\\d{8})");
		var code = find(sheet, "(\\d{4}-\\d{4})");

		var tablet = new Browser(port);
		var wrong = tablet.submit("/first-login", "/first-login", List.of(Map.entry("loginName", loginId),
				Map.entry("code", "0000-0000"), Map.entry("pin", "480213"), Map.entry("pinAgain", "480213")));
		assertThat(wrong.statusCode()).isEqualTo(200);
		assertThat(wrong.body()).contains("事務局にお電話ください");

		var done = tablet.submit("/first-login", "/first-login", List.of(Map.entry("loginName", loginId),
				Map.entry("code", code), Map.entry("pin", "480213"), Map.entry("pinAgain", "480213")));
		assertThat(done.statusCode()).isEqualTo(302);
		assertThat(done.headers().firstValue("Location").orElseThrow()).as("lands on home, not on the ID page's forms")
			.endsWith("/?welcome");
		var welcome = org.jsoup.Jsoup.parse(tablet.get("/?welcome").body());
		assertThat(welcome.select("#welcome").text()).startsWith("ようこそ");
		assertThat(welcome.select("main input[type=password]")).isEmpty();
		assertThat(tablet.get("/account").body()).contains("青葉 茂", loginId);

		var again = new Browser(port).submit("/first-login", "/first-login", List.of(Map.entry("loginName", loginId),
				Map.entry("code", code), Map.entry("pin", "111999"), Map.entry("pinAgain", "111999")));
		assertThat(again.body()).as("the code works only once").contains("事務局にお電話ください");

		var nextDay = new Browser(port);
		assertThat(nextDay.signIn(loginId, "480213")).doesNotContain("error");
		assertThat(nextDay.get("/").body()).contains("青葉 茂さん、こんにちは");

		var sheetPath = action.replace("/login-sheet", "") + "/login-sheet";
		var confirm = desk.get(sheetPath);
		assertThat(confirm.body()).as("an account in use is reset only after confirming")
			.contains("いまの暗証番号は使えなくなります", "やり直して用紙を印刷する");
		var reset = desk.postForBytes(sheetPath, List.of(Map.entry("_csrf", Browser.csrfOf(confirm.body()))));
		assertThat(reset.statusCode()).isEqualTo(200);
		assertThat(new Browser(port).signIn(loginId, "480213")).as("the old PIN stopped working").contains("error");

		assertThat(audit.latest(50)).extracting(e -> e.action())
			.contains("resident.registered", "resident.viewed", "resident.login-sheet.printed");
	}

	@Test
	void whenRegistrationIsIncompleteThenErrorsAreShownAndNothingIsStored() {
		assertThat(accounts.findByLoginName("0119998877")).as("no such account yet").isEmpty();
		var response = desk.submit("/staff/residents/new", "/staff/residents", List.of(
				Map.entry("familyName", "青葉"), Map.entry("givenName", ""), Map.entry("familyNameKana", "Aoba"),
				Map.entry("givenNameKana", "しげる"), Map.entry("birthYear", "S16"), Map.entry("birthMonth", "2"), Map.entry("birthDay", "31"), Map.entry("phone", "011-999-8877")));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("入力を確かめてください", "入力してください。", "ひらがなかカタカナで入力してください。",
				"生まれた年を4けたの数字で入力してください", "選んでください。");
		assertThat(accounts.findByLoginName("0119998877")).as("nothing stored").isEmpty();
		var impossible = desk.submit("/staff/residents/new", "/staff/residents", List.of(
				Map.entry("familyName", "青葉"), Map.entry("givenName", "茂"), Map.entry("familyNameKana", "あおば"),
				Map.entry("givenNameKana", "しげる"), Map.entry("birthYear", "1941"), Map.entry("birthMonth", "2"),
				Map.entry("birthDay", "30"), Map.entry("area", "AOBA"), Map.entry("phone", "011-999-8877")));
		assertThat(impossible.body()).contains("その日付はありません");
		assertThat(accounts.findByLoginName("0119998877")).isEmpty();
	}

	@Test
	void whenResidentOpensStaffOrAdminPagesThenAccessIsDenied() {
		var resident = new Browser(port);
		var login = "r-" + UUID.randomUUID() + "@example.jp";
		accounts.registerWithPassword(login, "resident-password", "住民", java.util.Locale.JAPANESE,
				EnumSet.of(Role.RESIDENT));
		resident.signIn(login, "resident-password");
		assertThat(resident.get("/staff/residents").statusCode()).isEqualTo(403);
		assertThat(resident.get("/staff/residents/new").statusCode()).isEqualTo(403);
		assertThat(resident.get("/admin/clients").statusCode()).isEqualTo(403);
		assertThat(resident.get("/staff/residents/" + UUID.randomUUID() + "/360").statusCode()).isEqualTo(403);
		assertThat(desk.get("/admin/clients").statusCode()).as("staff are not administrators").isEqualTo(403);
		assertThat(desk.get("/admin/audit").statusCode()).as("staff do not read the audit log").isEqualTo(403);
		var anonymous = new Browser(port).get("/staff/residents");
		assertThat(anonymous.statusCode()).isEqualTo(302);
		assertThat(anonymous.headers().firstValue("Location").orElseThrow()).endsWith("/login");
	}

	private static String find(String text, String regex) {
		var matcher = Pattern.compile(regex).matcher(text);
		assertThat(matcher.find()).as("sheet shows " + regex).isTrue();
		return matcher.group(1);
	}
}
