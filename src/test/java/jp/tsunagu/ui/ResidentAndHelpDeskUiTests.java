package jp.tsunagu.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.UUID;
import java.util.regex.Pattern;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.FluentWait;

import jp.tsunagu.identity.Role;
import jp.tsunagu.identity.TestResidents;

/**
 * The portal's first journeys in a real Chromium: a resident signs in on the tablet and reaches
 * home; the help desk registers a senior and prints the login sheet; the senior starts on the
 * tablet with that sheet. Every page passed on the way is measured ({@link PageCheck}).
 */
class ResidentAndHelpDeskUiTests extends BrowserTests {








	@Test
	void whenResidentSignsInOnTheTabletThenHomeGreetsThemWithTiles() {
		var hanako = TestResidents.hanako(residents);
		var tablet = started(Chromium.TABLET, Path.of("target/downloads/tablet"));
		var ui = new UiSession(tablet, port);
		ui.open("/");
		ui.waitForPath("/login");
		PageCheck.check(tablet, "login-tablet");
		ui.signIn(hanako.login(), hanako.password());
		ui.waitForPath("/");
		assertThat(ui.heading()).isEqualTo("札幌 花子さん、こんにちは");
		assertThat(ui.text()).contains("きょうは", "わたしのID", "011-000-0000", "ホームへ戻る");
		assertThat(ui.text()).doesNotContain("事務局の画面", "管理者の画面");
		PageCheck.check(tablet, "home-tablet");
		tablet.manage().window().setSize(Chromium.PORTRAIT);
		PageCheck.check(tablet, "home-portrait");
		tablet.manage().window().setSize(Chromium.PHONE);
		PageCheck.check(tablet, "home-phone");
	}

	@Test
	void whenDeskRegistersSeniorThenTheyStartOnTheTabletWithThePrintedSheet() throws Exception {
		var staffLogin = "desk-" + UUID.randomUUID() + "@desk.example";
		accounts.createStaffAccount(staffLogin, "help-desk-password", "事務局 花", EnumSet.of(Role.STAFF));
		var downloads = Path.of("target/downloads/" + UUID.randomUUID());
		var desk = started(Chromium.TABLET, downloads);
		var ui = new UiSession(desk, port);
		ui.signIn(staffLogin, "help-desk-password");
		ui.open("/staff");
		PageCheck.check(desk, "staff-home");
		ui.press("住民の方を登録する");
		PageCheck.check(desk, "staff-register");
		ui.type("姓（せい）", "紅葉台").type("名（めい）", "節子").type("姓のふりがな", "もみじだい").type("名のふりがな", "せつこ");
		ui.type("年", "1942").type("月", "3").type("日", "5");
		ui.choose("もみじ台").press("登録する");
		ui.waitForPath("/staff/residents/");
		assertThat(ui.text()).contains("登録しました", "紅葉台 節子", "モミジダイ セツコ", "1942年3月5日");
		PageCheck.check(desk, "staff-resident");

		ui.press("ログイン用紙を印刷する（PDF）");
		var pdf = waitForDownload(downloads);
		String sheet;
		try (var document = Loader.loadPDF(Files.readAllBytes(pdf))) {
			sheet = new PDFTextStripper().getText(document);
		}
		var loginId = find(sheet, "(sp\\d{8})");
		var code = find(sheet, "(\\d{4}-\\d{4})");

		var tablet = started(Chromium.TABLET, Path.of("target/downloads/tablet"));
		var senior = new UiSession(tablet, port);
		senior.open("/login").press("はじめて使う方（ログイン用紙をお持ちの方）");
		PageCheck.check(tablet, "first-login");
		senior.type("ログインID", loginId).type("確認番号", code).type("暗証番号（6けたの数字）", "730415")
			.type("暗証番号（確認のためもう一度）", "730415").press("はじめる");
		senior.waitForPath("/?welcome");
		assertThat(senior.text()).contains("ようこそ", "紅葉台 節子");
		assertThat(tablet.findElements(org.openqa.selenium.By.cssSelector("input[type=password]")))
			.as("the first page after the sheet has no password forms").isEmpty();
		PageCheck.check(tablet, "home-welcome");
		senior.press("ホームへ戻る");
		assertThat(senior.heading()).isEqualTo("紅葉台 節子さん、こんにちは");
	}

	@Test
	void whenFormIsSentIncompleteThenEveryMistakeIsListedAndWhatWasTypedStays() {
		var staffLogin = "desk-" + UUID.randomUUID() + "@desk.example";
		accounts.createStaffAccount(staffLogin, "help-desk-password", "事務局 花", EnumSet.of(Role.STAFF));
		var desk = started(Chromium.TABLET, Path.of("target/downloads/desk"));
		var ui = new UiSession(desk, port);
		ui.signIn(staffLogin, "help-desk-password");
		ui.open("/staff/residents/new").type("姓（せい）", "青葉").type("姓のふりがな", "aoba").press("登録する");
		assertThat(ui.text()).contains("入力を確かめてください", "入力してください。", "ひらがなかカタカナで入力してください。",
				"選んでください。");
		assertThat(ui.field("姓（せい）").getAttribute("value")).isEqualTo("青葉");
		PageCheck.check(desk, "staff-register-errors");
	}

	private static Path waitForDownload(Path downloads) {
		return new FluentWait<>(downloads).withTimeout(Duration.ofSeconds(20))
			.pollingEvery(Duration.ofMillis(200))
			.until(dir -> {
				try (var files = Files.list(dir)) {
					return files.filter(f -> f.toString().endsWith(".pdf")).findFirst().orElse(null);
				}
				catch (java.io.IOException ex) {
					return null;
				}
			});
	}

	private static String find(String text, String regex) {
		var matcher = Pattern.compile(regex).matcher(text);
		assertThat(matcher.find()).as("sheet shows " + regex).isTrue();
		return matcher.group(1);
	}
}
