package jp.tsunagu.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;

import jp.tsunagu.activity.ActivityReport;
import jp.tsunagu.activity.ActivitySource;
import jp.tsunagu.activity.ActivityType;
import jp.tsunagu.activity.Timeline;
import jp.tsunagu.coupons.CampaignDraft;
import jp.tsunagu.coupons.CampaignKind;
import jp.tsunagu.coupons.Coupons;
import jp.tsunagu.coupons.TestShops;
import jp.tsunagu.identity.TestAdmins;
import jp.tsunagu.identity.TestResidents;
import jp.tsunagu.platform.QrCodes;
import jp.tsunagu.points.Points;
import jp.tsunagu.shops.Shops;

/**
 * The coupon loop in a real Chromium: a resident earns points by checking in, gets a coupon with
 * them in three taps from home, the desk prints it, the shop uses it by the typed code and a ticket
 * by its QR code filmed by the till's camera, an altered QR code from a photo is refused, a second
 * use is told when and where; every page passes the PageCheck sweep at tablet and phone size.
 */
class CouponsUiTests extends BrowserTests {

	@Autowired
	Coupons coupons;

	@Autowired
	Shops shops;

	@Autowired
	Points points;

	@Autowired
	Timeline timeline;

	@Test
	void whenAResidentEarnsGetsAndUsesACouponThenEachStepIsPlainAndEveryPagePasses() throws Exception {
		var hanako = TestResidents.hanako(residents);
		var me = hanako.resident().account();
		var till = TestShops.till(shops, accounts, "もみじ台コロッケ店");
		timeline.record(new ActivityReport(me, ActivityType.CHECK_IN, Instant.now(), "交流スペース", ActivitySource.STAFF,
				"ui-desk", "check-in-" + UUID.randomUUID()));
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> points.balance(me) == 10);
		coupons.create(TestShops.draft("コロッケ1個無料", 10, 20, 1), till.shop().id(), "test");
		var now = Instant.now();
		coupons.create(new CampaignDraft(CampaignKind.TICKET, "バス1回乗車券", "市営バス1回", null, 0, 210,
				now.minusSeconds(60), now.plus(Duration.ofDays(30)), 20, 1), null, "test");

		var tablet = started(Chromium.TABLET, Path.of("target/downloads/coupons-resident"));
		var ui = new UiSession(tablet, port);
		ui.signIn(hanako.login(), hanako.password());
		ui.waitForPath("/");
		tablet.findElement(By.cssSelector("a.tile[href='/coupons']")).click();
		assertThat(ui.heading()).as("tap 1").isEqualTo("クーポン・チケット");
		assertThat(ui.text()).contains("いまのポイント: 10ポイント", "コロッケ1個無料", "バス1回乗車券");
		PageCheck.check(tablet, "coupons-list");
		tablet.findElement(By.xpath("//a[contains(@class,'offer-card')][contains(.,'コロッケ1個無料')]")).click();
		assertThat(ui.text()).as("tap 2").contains("10ポイントを使います", "もらったあとは0ポイント");
		PageCheck.check(tablet, "coupons-offer");
		ui.press("このクーポンをもらう");
		assertThat(ui.text()).as("tap 3").contains("クーポンをもらいました", "もみじ台コロッケ店");
		var code = tablet.findElement(By.id("short-code")).getText();
		assertThat(code).matches("[A-Z0-9]{4}-[A-Z0-9]{4}");
		PageCheck.check(tablet, "coupons-show");
		tablet.manage().window().setSize(Chromium.PHONE);
		PageCheck.check(tablet, "coupons-show-phone");
		tablet.manage().window().setSize(Chromium.TABLET);
		ui.open("/");
		assertThat(ui.text()).as("ending within the week: on home").contains("お持ちの「コロッケ1個無料」は");
		PageCheck.check(tablet, "home-coupon-ending");
		ui.open("/coupons");
		tablet.findElement(By.xpath("//a[contains(@class,'offer-card')][contains(.,'バス1回乗車券')]")).click();
		ui.press("このクーポンをもらう");
		assertThat(ui.text()).contains("クーポンをもらいました", "参加しているどのお店でも使えます");
		var ticket = coupons.held(me).stream().filter(v -> v.campaign().title().equals("バス1回乗車券")).findFirst()
			.orElseThrow();

		var desk = started(Chromium.TABLET, Path.of("target/downloads/coupons-desk"));
		var staff = new UiSession(desk, port);
		staff.signIn(TestAdmins.admin(accounts), TestAdmins.PASSWORD);
		staff.waitForPath("/");
		staff.open("/staff/coupons");
		PageCheck.check(desk, "staff-coupons");
		staff.open("/staff/coupons/residents/" + me);
		assertThat(staff.heading()).isEqualTo("札幌 花子 さんのクーポン");
		assertThat(staff.text()).contains("コロッケ1個無料", code);
		PageCheck.check(desk, "staff-coupons-resident");
		desk.findElement(By.cssSelector("a.print-receipt")).click();
		var downloads = Path.of("target/downloads/coupons-desk");
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
			try (var files = Files.list(downloads)) {
				return files.anyMatch(f -> f.getFileName().toString().startsWith("coupon-") && f.toString().endsWith(".pdf"));
			}
		});
		staff.open("/staff/coupons/campaigns/new");
		PageCheck.check(desk, "staff-coupons-campaign-new");

		var camera = film(ticket.qr());
		var phone = startedWithCamera(Chromium.PHONE, Path.of("target/downloads/coupons-shop"), camera);
		var shop = new UiSession(phone, port);
		shop.signIn(till.login(), TestShops.PASSWORD);
		shop.waitForPath("/");
		shop.open("/shop");
		phone.findElement(By.cssSelector("a.tile[href='/shop/coupons/redeem']")).click();
		assertThat(shop.heading()).isEqualTo("クーポンを使う");
		PageCheck.check(phone, "shop-redeem-phone");
		shop.type("クーポンのコード", code.toLowerCase()).press("クーポンを確かめる");
		assertThat(shop.heading()).isEqualTo("このクーポンを使いますか");
		assertThat(shop.text()).contains("コロッケ1個無料", "100円引き", code);
		PageCheck.check(phone, "shop-confirm-phone");
		shop.press("使用済みにする");
		assertThat(shop.text()).contains("クーポンを使用済みにしました");
		PageCheck.check(phone, "shop-done-phone");

		shop.press("次のクーポンを読む");
		var forged = Files.createTempFile("forged-", ".png");
		var qr = ticket.qr();
		Files.write(forged, QrCodes.png(qr.substring(0, qr.length() - 2) + (qr.endsWith("AA") ? "BB" : "AA"), 360, 4));
		phone.findElement(By.id("scan-photo")).sendKeys(forged.toAbsolutePath().toString());
		new WebDriverWait(phone, Duration.ofSeconds(10)).until(d -> shop.path().startsWith("/shop/coupons/redeem/confirm"));
		assertThat(shop.text()).as("an altered QR code, from a photo").contains("書き換えられたか、偽物です");

		shop.press("カメラで読む");
		new WebDriverWait(phone, Duration.ofSeconds(15)).until(d -> shop.text().contains("このクーポンを使いますか"));
		assertThat(shop.text()).as("the ticket's QR code, filmed by the till's camera").contains("バス1回乗車券", "市営バス1回");
		shop.press("使用済みにする");
		assertThat(shop.text()).contains("クーポンを使用済みにしました");

		shop.press("次のクーポンを読む");
		shop.type("クーポンのコード", code).press("クーポンを確かめる");
		assertThat(shop.text()).as("a second use").contains("このクーポンは", "もみじ台コロッケ店で使用済みです");
		PageCheck.check(phone, "shop-redeem-refused-phone");
		shop.open("/shop/coupons/redemptions");
		assertThat(shop.text()).contains("2枚、精算額 310円");
		PageCheck.check(phone, "shop-redemptions-phone");
		shop.open("/shop/coupons/campaigns");
		PageCheck.check(phone, "shop-campaigns-phone");
		shop.press("新しいクーポンを作る");
		PageCheck.check(phone, "shop-campaign-new-phone");

		ui.open("/coupons");
		assertThat(ui.text()).contains("いまのポイント: 0ポイント", "使ったクーポン", "もみじ台コロッケ店で使用");
		PageCheck.check(tablet, "coupons-list-used");
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> timeline
			.between(me, Instant.now().minus(Duration.ofHours(1)), Instant.now().plusSeconds(60)).stream()
			.filter(a -> a.type() == ActivityType.COUPON_USED).count() == 2);
	}

	/** A camera's film of a QR code held up to it: MJPEG, the same frame many times over. */
	private static Path film(String text) throws java.io.IOException {
		var qr = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(QrCodes.png(text, 300, 4)));
		var frame = new java.awt.image.BufferedImage(640, 480, java.awt.image.BufferedImage.TYPE_INT_RGB);
		var g = frame.createGraphics();
		g.setColor(java.awt.Color.WHITE);
		g.fillRect(0, 0, 640, 480);
		g.drawImage(qr, 170, 90, null);
		g.dispose();
		var jpeg = new java.io.ByteArrayOutputStream();
		javax.imageio.ImageIO.write(frame, "jpg", jpeg);
		var video = Files.createTempFile("till-camera-", ".mjpeg");
		try (var out = Files.newOutputStream(video)) {
			for (int i = 0; i < 30; i++) {
				out.write(jpeg.toByteArray());
			}
		}
		return video;
	}
}
