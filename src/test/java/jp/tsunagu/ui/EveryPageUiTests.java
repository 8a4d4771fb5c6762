package jp.tsunagu.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import jp.tsunagu.activity.ActivityReport;
import jp.tsunagu.activity.ActivitySource;
import jp.tsunagu.activity.ActivityType;
import jp.tsunagu.activity.Timeline;
import jp.tsunagu.identity.PartnerClients;
import jp.tsunagu.identity.Role;
import jp.tsunagu.identity.TestClients;
import jp.tsunagu.identity.TestRelyingParty;
import jp.tsunagu.identity.TestResidents;

/**
 * Every screen, as each role sees it, at tablet and phone size, in Japanese and in English:
 * 0 axe-core violations at WCAG 2.2 AA, no text under 16px, no target under 48px, no horizontal
 * scrolling, nothing loaded from another origin. Screenshots land in target/screenshots.
 */
class EveryPageUiTests extends BrowserTests {




	@Autowired
	PartnerClients clients;

	@Autowired
	Timeline timeline;

	@Autowired
	jp.tsunagu.residents.Watchers watchers;

	@Autowired
	jp.tsunagu.foodloss.FoodLoss food;

	@Autowired
	jp.tsunagu.shops.Shops shops;




	@Test
	void whenAnonymousThenPublicPagesPass() {
		var browser = started(Chromium.TABLET, Path.of("target/downloads/anon"));
		var ui = new UiSession(browser, port);
		for (var size : new org.openqa.selenium.Dimension[] { Chromium.TABLET, Chromium.PORTRAIT, Chromium.PHONE }) {
			browser.manage().window().setSize(size);
			var suffix = size.equals(Chromium.PHONE) ? "-phone" : size.equals(Chromium.PORTRAIT) ? "-portrait" : "-tablet";
			ui.open("/login");
			PageCheck.check(browser, "login" + suffix);
			ui.open("/register");
			PageCheck.check(browser, "register" + suffix);
			ui.open("/first-login");
			PageCheck.check(browser, "first-login" + suffix);
		}
		ui.open("/login/busy");
		assertThat(ui.text()).contains("10分ほど待って");
		PageCheck.check(browser, "login-busy");
		ui.open("/oauth2/authorize?response_type=code&client_id=nobody&scope=openid&redirect_uri=https://rp.example/cb");
		assertThat(ui.heading()).isEqualTo("サービスからの依頼を受け付けられませんでした");
		PageCheck.check(browser, "authorize-problem");
		ui.open("/login?lang=en");
		assertThat(ui.heading()).isEqualTo("Sign in with Sapporo Smart ID");
		PageCheck.check(browser, "login-en");
		ui.open("/login?error");
		assertThat(ui.text()).contains("We could not sign you in");
		PageCheck.check(browser, "login-error-en");
	}

	@Test
	void whenResidentThenTheirPagesPassAndStaffPagesAreRefused() {
		var hanako = TestResidents.hanako(residents);
		var client = TestClients.confidential(clients, Set.of("openid", "profile", "area"));
		var browser = started(Chromium.TABLET, Path.of("target/downloads/resident"));
		var ui = new UiSession(browser, port);
		ui.signIn(hanako.login(), hanako.password());
		ui.waitForPath("/");

		var rp = new TestRelyingParty("http://localhost:" + port, client);
		ui.open(rp.attempt(new com.nimbusds.oauth2.sdk.Scope("openid", "profile", "area")).request().toString()
			.replace("http://localhost:" + port, ""));
		ui.waitForPath("/oauth2/consent");
		assertThat(ui.heading()).contains("テスト協力サービス");
		assertThat(ui.text()).contains("お名前と生年月日", "お住まいの地区");
		PageCheck.check(browser, "consent");

		for (int daysAgo : new int[] { 0, 1, 9 }) {
			timeline.record(new ActivityReport(hanako.resident().account(), ActivityType.CHECK_IN,
					java.time.Instant.now().minus(java.time.Duration.ofDays(daysAgo)), "もみじ台 地域交流エリア",
					ActivitySource.STAFF, "staff:ui-test", "visit-" + UUID.randomUUID()));
		}
		ui.open("/");
		ui.press("わたしの地域活動");
		assertThat(ui.text()).contains("今週のおでかけ", "もみじ台 地域交流エリア", "交流エリアに来ました");
		PageCheck.check(browser, "community-record");
		browser.manage().window().setSize(Chromium.PHONE);
		PageCheck.check(browser, "community-record-phone");
		browser.manage().window().setSize(Chromium.TABLET);
		ui.open("/");
		ui.press("わたしのポイント");
		assertThat(ui.text()).contains("いま持っているポイント", "交流エリアに来ました（もみじ台 地域交流エリア）");
		PageCheck.check(browser, "my-points");
		browser.manage().window().setSize(Chromium.TABLET);
		// 「わたしの健康」 before anything is measured (HealthUiTests checks it with readings and charts)
		ui.open("/");
		ui.press("わたしの健康");
		assertThat(ui.text()).contains("まだ記録がありません。地域交流エリアで測れます");
		PageCheck.check(browser, "my-health-none");
		browser.manage().window().setSize(Chromium.PHONE);
		PageCheck.check(browser, "my-health-none-phone");
		browser.manage().window().setSize(Chromium.TABLET);
		ui.open("/health/blood-pressure");
		assertThat(ui.heading()).isEqualTo("血圧の記録");
		PageCheck.check(browser, "my-health-kind-none");

		ui.open("/sharing/new?partner=" + client.client().clientId() + "&purpose=VITALS_FOR_HEALTH_ADVICE");
		PageCheck.check(browser, "sharing-ask");
		ui.press("同意する");
		assertThat(ui.text()).contains("同意しました", "体の測定の記録");
		PageCheck.check(browser, "sharing");
		ui.press("共有をやめる");
		PageCheck.check(browser, "sharing-withdraw");
		ui.press("共有をやめる");
		assertThat(ui.text()).contains("取り消し済み");

		var daughter = TestResidents.hanako(residents);
		watchers.request(daughter.resident().account(), hanako.login(), jp.tsunagu.residents.WatcherLink.Relation.FAMILY);
		ui.open("/watchers");
		assertThat(ui.text()).contains("あなたを見守りたいと申し込んでいます");
		PageCheck.check(browser, "watchers");
		ui.press("お断りする");
		assertThat(ui.heading()).endsWith("さんの申し込みをお断りしますか？");
		PageCheck.check(browser, "watchers-decline");
		ui.press("やめずに戻る");
		ui.open("/watching");
		PageCheck.check(browser, "watching");

		var bakery = jp.tsunagu.foodloss.TestFood.shop(shops, jp.tsunagu.residents.Area.MOMIJIDAI);
		var bread = jp.tsunagu.foodloss.TestFood.bread(food, bakery, 5, 2);
		ui.open("/");
		ui.press("フードロス");
		assertThat(ui.text()).contains("お住まいの地区のお店", "食パン", "無料", "のこり5個");
		PageCheck.check(browser, "food-list");
		ui.open("/food/" + bread.id());
		PageCheck.check(browser, "food-offer");
		ui.choose("2個").press("予約の確認へすすむ");
		assertThat(ui.heading()).isEqualTo("食パンを2個予約しますか");
		PageCheck.check(browser, "food-confirm");
		ui.press("予約する");
		assertThat(ui.text()).contains("予約しました", "予約番号", "無料です");
		PageCheck.check(browser, "food-reservation");
		browser.manage().window().setSize(Chromium.PHONE);
		PageCheck.check(browser, "food-reservation-phone");
		browser.manage().window().setSize(Chromium.TABLET);
		ui.press("予約を取り消す");
		PageCheck.check(browser, "food-cancel");
		ui.press("取り消さずに戻る");
		ui.press("わたしの予約を見る");
		assertThat(ui.text()).contains("食パンを2個", "予約中");
		PageCheck.check(browser, "food-mine");

		ui.open("/logout/confirm");
		assertThat(ui.heading()).isEqualTo("ログアウトしますか");
		PageCheck.check(browser, "logout-confirm");

		ui.open("/account");
		PageCheck.check(browser, "account");
		browser.manage().window().setSize(Chromium.PHONE);
		PageCheck.check(browser, "account-phone");
		browser.manage().window().setSize(Chromium.TABLET);

		for (var path : new String[] { "/staff", "/staff/residents", "/shop", "/admin", "/admin/clients" }) {
			ui.open(path);
			assertThat(ui.heading()).as(path).isEqualTo("このページは見ることができません");
		}
		PageCheck.check(browser, "forbidden");
		ui.open("/no-such-page");
		assertThat(ui.heading()).isEqualTo("ページが見つかりません");
		PageCheck.check(browser, "not-found");
	}

	@Test
	void whenStaffShopAndAdminThenTheirScreensPass() {
		var admin = "admin-" + UUID.randomUUID() + "@city.example";
		accounts.createStaffAccount(admin, "administrator-pass", "管理 一郎", EnumSet.of(Role.ADMIN, Role.STAFF));
		var shop = "shop-" + UUID.randomUUID() + "@shop.example";
		var till = accounts.createStaffAccount(shop, "shop-till-password", "もみじ台商店", EnumSet.of(Role.SHOP));
		var store = jp.tsunagu.foodloss.TestFood.shop(shops, jp.tsunagu.residents.Area.MOMIJIDAI);
		shops.addMember(store.id(), till.id());
		var bread = jp.tsunagu.foodloss.TestFood.bread(food, store, 4, 1);
		TestResidents.hanako(residents);

		var browser = started(Chromium.TABLET, Path.of("target/downloads/admin"));
		var ui = new UiSession(browser, port);
		ui.signIn(admin, "administrator-pass");
		ui.waitForPath("/");
		assertThat(ui.text()).contains("事務局の画面", "管理者の画面");
		PageCheck.check(browser, "home-admin");
		ui.open("/staff/residents?q=はなこ");
		assertThat(ui.text()).contains("札幌 花子");
		PageCheck.check(browser, "staff-search");
		browser.findElement(org.openqa.selenium.By.partialLinkText("札幌 花子")).click();
		ui.press("活動・イベント・同意をまとめて見る");
		assertThat(ui.heading()).isEqualTo("札幌 花子 さんのまとめ");
		PageCheck.check(browser, "staff-resident-360");
		ui.press("ポイントを調整する");
		PageCheck.check(browser, "staff-points");
		ui.press("記録する");
		assertThat(ui.text()).contains("ポイント数は 1 から 10,000 までの数字で入力してください");
		PageCheck.check(browser, "staff-points-errors");
		ui.type("ポイント数", "30").type("理由", "イベントの参加が記録されていなかったため").press("記録する");
		assertThat(ui.text()).contains("ポイントを調整しました", "事務局による調整");
		ui.press("まとめに戻る");
		ui.press("住民の方の情報に戻る");
		ui.press("暮らしと連絡の情報を変える");
		PageCheck.check(browser, "staff-household");
		ui.type("住所の地区・丁目", "もみじ台西3丁目").choose("はい").choose("貸し出したタブレット")
			.type("タブレットの管理番号", "TAB-0042").choose("電話").press("保存する");
		assertThat(ui.text()).contains("暮らしと連絡の情報を保存しました", "もみじ台西3丁目", "貸し出したタブレット TAB-0042");
		ui.press("ログインをやり直す用紙を印刷する");
		assertThat(ui.heading()).isEqualTo("札幌 花子 さんのログインをやり直しますか？");
		PageCheck.check(browser, "staff-confirm-reset");
		ui.open("/staff/notices?area=MOMIJIDAI&minAge=65");
		PageCheck.check(browser, "staff-notices");
		ui.type("見出し", "雪の日のお知らせ").type("本文", "足元に気をつけてください。").press("この条件で届ける");
		assertThat(ui.text()).contains("お知らせを届けました");
		ui.open("/admin");
		PageCheck.check(browser, "admin-home");
		ui.press("操作の記録");
		assertThat(ui.text()).contains("住民の方のまとめを見ました", "お知らせを届けました");
		PageCheck.check(browser, "admin-audit");
		ui.open("/admin/clients");
		PageCheck.check(browser, "admin-clients");
		ui.open("/admin/points");
		PageCheck.check(browser, "admin-points");
		ui.open("/admin/accounts?q=shop-");
		PageCheck.check(browser, "admin-accounts");
		ui.press("ログインをすべて終わらせる");
		assertThat(ui.heading()).isEqualTo("もみじ台商店さんのログインをすべて終わらせますか");
		PageCheck.check(browser, "admin-sign-out");
		ui.open("/shop");
		PageCheck.check(browser, "shop-home-admin");
		browser.quit();

		var phone = started(Chromium.PHONE, Path.of("target/downloads/shop"));
		ui = new UiSession(phone, port);
		ui.signIn(shop, "shop-till-password");
		ui.open("/shop");
		assertThat(ui.heading()).isEqualTo("お店の画面");
		PageCheck.check(phone, "shop-home-phone");
		food.reserve(bread.id(), TestResidents.hanako(residents).resident().account(), 1);
		ui.press("フードロスの品を出す");
		PageCheck.check(phone, "shop-food-list");
		ui.press("品物を出す");
		PageCheck.check(phone, "shop-food-new");
		ui.type("品物の名前", "").press("この内容で出す");
		assertThat(ui.text()).contains("入力を確かめてください");
		PageCheck.check(phone, "shop-food-new-errors");
		ui.open("/shop/food/" + bread.id());
		assertThat(ui.text()).contains("札幌 花子", "受け取りました");
		PageCheck.check(phone, "shop-food-offer");
		phone.findElement(org.openqa.selenium.By.cssSelector("button[id^=pickup-]")).click();
		// the answer is a new page: wait for it rather than read the one being left
		ui.waitForText("の受け取りを記録しました");
		ui.open("/staff/residents");
		assertThat(ui.heading()).as("a shop cannot see residents").isEqualTo("このページは見ることができません");
	}
}
