package jp.tsunagu.coupons;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import jp.tsunagu.Browser;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.activity.ActivityType;
import jp.tsunagu.activity.Timeline;
import jp.tsunagu.identity.Accounts;
import jp.tsunagu.identity.TestAdmins;
import jp.tsunagu.identity.TestResidents;
import jp.tsunagu.points.NotEnoughPoints;
import jp.tsunagu.points.Points;
import jp.tsunagu.residents.Residents;
import jp.tsunagu.shops.Shops;

/**
 * Coupons end to end over HTTP, on H2 and PostgreSQL: bought with points once however often the
 * button is pressed, used once however many tills try at once, forged and altered codes refused
 * with words that say so, someone else's coupon not there, hostile campaign numbers refused with
 * nothing stored, the desk's slips and the shop's statement.
 */
@TsunaguTest
class CouponsTests {

	@LocalServerPort
	int port;

	@Autowired
	Coupons coupons;

	@Autowired
	Points points;

	@Autowired
	Shops shops;

	@Autowired
	Accounts accounts;

	@Autowired
	Residents residents;

	@Autowired
	Timeline timeline;

	@Autowired
	JdbcClient jdbc;

	@Test
	void whenAResidentGetsACouponWithPointsThenCouponAndSpendCommitOnceEvenOnADoubleTap() {
		var hanako = TestResidents.hanako(residents);
		var me = hanako.resident().account();
		points.award(me, ActivityType.EVENT_ATTENDED, UUID.randomUUID(), Instant.now());
		var campaign = coupons.create(TestShops.draft("コーヒー1杯無料", 20, 10, 5), null, "test");
		var browser = signedIn(hanako.login(), hanako.password());

		assertThat(browser.get("/coupons").body()).contains("コーヒー1杯無料", "30ポイント");
		var later = coupons.create(new CampaignDraft(CampaignKind.COUPON, "ひと月の券", "50円引き", null, 0, 0,
				Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofDays(30)), 5, 1), null, "test");
		coupons.obtain(me, later.id(), UUID.randomUUID());
		var offer = browser.get("/coupons/offers/" + campaign.id()).body();
		assertThat(offer).contains("20ポイントを使います", "もらったあとは10ポイント");
		var page = Jsoup.parse(offer);
		var fields = List.of(Map.entry("_csrf", page.selectFirst("input[name=_csrf]").attr("value")),
				Map.entry("key", page.selectFirst("input[name=key]").attr("value")));
		var first = browser.post("/coupons/offers/" + campaign.id(), fields);
		var again = browser.post("/coupons/offers/" + campaign.id(), fields);

		assertThat(first.statusCode()).isEqualTo(302);
		var location = first.headers().firstValue("Location").orElseThrow();
		assertThat(again.headers().firstValue("Location")).as("the double tap lands on the same coupon").contains(location);
		assertThat(points.balance(me)).as("paid once").isEqualTo(10);
		assertThat(browser.get("/").body()).as("ending within the week: on home until used")
			.contains("お持ちの「コーヒー1杯無料」は").doesNotContain("ひと月の券");
		assertThat(points.history(me, 10)).filteredOn(e -> e.reason().equals("COUPON")).singleElement()
			.satisfies(e -> assertThat(e.amount()).isEqualTo(-20));
		var shown = browser.get(location.replaceFirst("^https?://[^/]+", "")).body();
		assertThat(shown).contains("クーポンをもらいました", coupons.held(me).getFirst().coupon().shortCodeShown());
		var qr = browser.getForBytes(location.replaceFirst("^https?://[^/]+", "").replace("?new", "") + "/qr.png");
		assertThat(qr.statusCode()).isEqualTo(200);
		assertThat(qr.headers().firstValue("Content-Type")).contains("image/png");

		var poorer = Jsoup.parse(browser.get("/coupons/offers/" + campaign.id()).body());
		var refused = browser.post("/coupons/offers/" + campaign.id(),
				List.of(Map.entry("_csrf", poorer.selectFirst("input[name=_csrf]").attr("value")),
						Map.entry("key", poorer.selectFirst("input[name=key]").attr("value"))));
		assertThat(refused.statusCode()).isEqualTo(302);
		assertThat(browser.get("/coupons/offers/" + campaign.id()).body()).contains("ポイントが足りないため");
		assertThat(coupons.held(me)).hasSize(2);
		assertThat(points.balance(me)).isEqualTo(10);
	}

	@Test
	void whenTwentyTillsUseOneCouponAtTheSameMomentThenExactlyOneSucceedsAndTheOthersAreToldWhereAndWhen()
			throws Exception {
		var till = TestShops.till(shops, accounts, "もみじ台青果店");
		var resident = TestResidents.hanako(residents).resident().account();
		var campaign = coupons.create(TestShops.draft("野菜100円引き", 0, 10, 1), till.shop().id(), "test");
		var coupon = coupons.obtain(resident, campaign.id(), UUID.randomUUID());
		var shop = signedIn(till.login(), TestShops.PASSWORD);
		var csrf = Browser.csrfOf(shop.get("/shop/coupons/redeem/confirm?code=" + coupon.coupon().shortCode()).body());

		var start = new CountDownLatch(1);
		var pool = Executors.newFixedThreadPool(20);
		var answers = new ArrayList<Future<java.net.http.HttpResponse<String>>>();
		for (int i = 0; i < 20; i++) {
			answers.add(pool.submit(() -> {
				start.await();
				return shop.post("/shop/coupons/redeem",
						List.of(Map.entry("_csrf", csrf), Map.entry("code", coupon.coupon().shortCodeShown())));
			}));
		}
		start.countDown();
		int used = 0;
		int told = 0;
		for (var answer : answers) {
			var response = answer.get();
			if (response.statusCode() == 200 && response.body().contains("クーポンを使用済みにしました")) {
				used++;
			}
			else if (response.statusCode() == 409 && response.body().contains("もみじ台青果店で使用済みです")) {
				told++;
			}
		}
		pool.shutdown();
		assertThat(used).as("exactly one till").isEqualTo(1);
		assertThat(told).as("the other nineteen read when and where").isEqualTo(19);
		assertThat(jdbc.sql("SELECT COUNT(*) FROM coupon WHERE id = ? AND redeemed_at IS NOT NULL")
			.param(coupon.coupon().id()).query(Long.class).single()).isEqualTo(1);
		org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
				timeline.between(resident, Instant.now().minus(Duration.ofHours(1)), Instant.now().plusSeconds(60)))
			.as("an outing on the timeline, once").filteredOn(a -> a.type() == ActivityType.COUPON_USED).hasSize(1));
		assertThat(shop.get("/shop/coupons/redemptions").body()).contains(coupon.coupon().shortCode(), "1枚、精算額 100円");
	}

	@Test
	void whenACodeIsForgedAlteredMalformedOrNotThisShopsThenTheTillSaysSoAndNothingIsUsed() {
		var till = TestShops.till(shops, accounts, "青葉書店");
		var other = TestShops.till(shops, accounts, "新さっぽろ薬局");
		var resident = TestResidents.hanako(residents).resident().account();
		var city = coupons.obtain(resident, coupons.create(TestShops.draft("市の券", 0, 5, 1), null, "t").id(),
				UUID.randomUUID());
		var theirs = coupons.obtain(resident,
				coupons.create(TestShops.draft("薬局の券", 0, 5, 1), other.shop().id(), "t").id(), UUID.randomUUID());
		var shop = signedIn(till.login(), TestShops.PASSWORD);
		var qr = city.qr();
		var signature = qr.substring(qr.lastIndexOf('.') + 1);
		var flipped = qr.substring(0, qr.lastIndexOf('.') + 1)
				+ (signature.charAt(0) == 'A' ? 'B' : 'A') + signature.substring(1);
		var otherId = coupons.obtain(resident, coupons.create(TestShops.draft("別の券", 0, 5, 1), null, "t").id(),
				UUID.randomUUID()).qr();
		var swapped = otherId.substring(0, otherId.lastIndexOf('.')) + qr.substring(qr.lastIndexOf('.'));

		for (var forged : List.of(flipped, swapped, "TSU1.AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAA", "TSU1.x.y")) {
			var page = shop.get("/shop/coupons/redeem/confirm?code=" + enc(forged));
			assertThat(page.statusCode()).as(forged).isEqualTo(400);
			assertThat(page.body()).as(forged).contains("書き換えられたか、偽物です");
		}
		for (var malformed : List.of("hello", "1234", "x".repeat(5000), "<script>", "ABCD-EFGH-JKMN")) {
			var page = shop.get("/shop/coupons/redeem/confirm?code=" + enc(malformed));
			assertThat(page.statusCode()).as(malformed).isEqualTo(400);
		}
		assertThat(shop.get("/shop/coupons/redeem/confirm?code=" + enc("ac%00d")).statusCode()).isEqualTo(400);
		var unknown = shop.get("/shop/coupons/redeem/confirm?code=AAAA-CCCC");
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(unknown.body()).contains("このコードのクーポンは見つかりません");
		var notHere = shop.get("/shop/coupons/redeem/confirm?code=" + theirs.coupon().shortCode());
		assertThat(notHere.statusCode()).isEqualTo(409);
		assertThat(notHere.body()).contains("ほかのお店のもの");

		var csrf = Browser.csrfOf(shop.get("/logout/confirm?mine").body());
		var post = shop.post("/shop/coupons/redeem", List.of(Map.entry("_csrf", csrf), Map.entry("code", flipped)));
		assertThat(post.statusCode()).isEqualTo(400);
		var typedWide = shop.get("/shop/coupons/redeem/confirm?code="
				+ enc(" " + city.coupon().shortCodeShown().toLowerCase().replace('-', 'ー') + " "));
		assertThat(typedWide.statusCode()).as("lower case, a long-vowel dash, spaces: still the code").isEqualTo(200);
		assertThat(typedWide.body()).contains("市の券", "使用済みにする");
		assertThat(jdbc.sql("SELECT COUNT(*) FROM coupon WHERE resident_id = ? AND redeemed_at IS NOT NULL")
			.param(resident.value()).query(Long.class).single()).as("nothing used").isZero();
	}

	@Test
	void whenACouponIsExpiredThenTheTillSaysUntilWhen() {
		var till = TestShops.till(shops, accounts, "期限商店");
		var resident = TestResidents.hanako(residents).resident().account();
		var campaign = coupons.create(TestShops.draft("短い券", 0, 5, 1), null, "t");
		var coupon = coupons.obtain(resident, campaign.id(), UUID.randomUUID());
		jdbc.sql("UPDATE coupon_campaign SET valid_until = ? WHERE id = ?")
			.params(jp.tsunagu.platform.Tokyo.utc(Instant.now().minusSeconds(5)), campaign.id()).update();
		var page = signedIn(till.login(), TestShops.PASSWORD)
			.get("/shop/coupons/redeem/confirm?code=" + coupon.coupon().shortCode());
		assertThat(page.statusCode()).isEqualTo(409);
		assertThat(page.body()).contains("期限(", "が過ぎています");
	}

	@Test
	void whenSomeoneElsesCouponIsAskedForThenItIsNotThere() {
		var hanako = TestResidents.hanako(residents);
		var campaign = coupons.create(TestShops.draft("自分の券", 0, 5, 1), null, "t");
		var coupon = coupons.obtain(hanako.resident().account(), campaign.id(), UUID.randomUUID());
		var stranger = TestResidents.hanako(residents);
		var browser = signedIn(stranger.login(), stranger.password());
		for (var path : List.of("/coupons/" + coupon.coupon().id(), "/coupons/" + coupon.coupon().id() + "/qr.png",
				"/coupons/not-an-id", "/coupons/offers/" + UUID.randomUUID(), "/coupons/offers/x")) {
			assertThat(browser.get(path).statusCode()).as(path).isEqualTo(404);
		}
		var csrf = Browser.csrfOf(browser.get("/logout/confirm?mine").body());
		var stolenKey = browser.post("/coupons/offers/" + campaign.id(),
				List.of(Map.entry("_csrf", csrf), Map.entry("key", coupon.coupon().id().toString())));
		assertThat(stolenKey.statusCode()).as("another's coupon id as the key").isEqualTo(404);
		var badKey = browser.post("/coupons/offers/" + campaign.id(), List.of(Map.entry("_csrf", csrf), Map.entry("key", "x")));
		assertThat(badKey.statusCode()).isEqualTo(400);
		assertThat(coupons.held(stranger.resident().account())).isEmpty();
		assertThat(browser.get("/shop/coupons/redeem").statusCode()).as("a resident has no till").isEqualTo(403);
	}

	@Test
	void whenTwelveResidentsTakeTheLastFiveAtOnceThenExactlyFiveGetOne() throws Exception {
		var campaign = coupons.create(TestShops.draft("先着5名", 0, 5, 1), null, "t");
		var people = new ArrayList<jp.tsunagu.identity.AccountId>();
		for (int i = 0; i < 12; i++) {
			people.add(TestResidents.hanako(residents).resident().account());
		}
		var start = new CountDownLatch(1);
		var pool = Executors.newFixedThreadPool(12);
		var results = new ArrayList<Future<Boolean>>();
		for (var person : people) {
			results.add(pool.submit(() -> {
				start.await();
				try {
					coupons.obtain(person, campaign.id(), UUID.randomUUID());
					return true;
				}
				catch (CampaignSoldOut soldOut) {
					return false;
				}
			}));
		}
		start.countDown();
		long got = 0;
		for (var r : results) {
			got += r.get() ? 1 : 0;
		}
		pool.shutdown();
		assertThat(got).isEqualTo(5);
		assertThat(jdbc.sql("SELECT COUNT(*) FROM coupon WHERE campaign_id = ?").param(campaign.id()).query(Long.class)
			.single()).isEqualTo(5);
		assertThatThrownBy(() -> coupons.obtain(people.getFirst(), campaign.id(), UUID.randomUUID()))
			.isInstanceOfAny(CampaignSoldOut.class, CouponLimitReached.class);
		var rich = TestResidents.hanako(residents).resident().account();
		var priced = coupons.create(TestShops.draft("高い券", 500, 5, 1), null, "t");
		assertThatThrownBy(() -> coupons.obtain(rich, priced.id(), UUID.randomUUID())).isInstanceOf(NotEnoughPoints.class);
		assertThat(jdbc.sql("SELECT issued FROM coupon_campaign WHERE id = ?").param(priced.id()).query(Integer.class)
			.single()).as("rolled back with the spend").isZero();
	}

	@Test
	void whenTheCampaignFormGetsHostileValuesThenFieldErrorsAndNothingIsStored() {
		var till = TestShops.till(shops, accounts, "入力商店");
		var shop = signedIn(till.login(), TestShops.PASSWORD);
		var staff = signedIn(TestAdmins.admin(accounts), TestAdmins.PASSWORD);
		long before = count();
		var next = jp.tsunagu.platform.Tokyo.today(java.time.Clock.systemUTC()).plusDays(3);
		for (var change : List.of(Map.entry("pricePoints", "-1"), Map.entry("stock", "100000000000"),
				Map.entry("stock", "0"), Map.entry("perPerson", "abc"), Map.entry("settlementYen", "-5"),
				Map.entry("headline", "題".repeat(101)), Map.entry("headline", " "), Map.entry("year", "2001"),
				Map.entry("month", "13"), Map.entry("kind", "BOGUS"), Map.entry("area", "MARS"))) {
			var fields = new java.util.LinkedHashMap<>(Map.of("kind", "COUPON", "headline", "パン1個無料", "worth", "パン1個",
					"pricePoints", "10", "settlementYen", "120", "stock", "20", "perPerson", "1"));
			fields.put("year", String.valueOf(next.getYear()));
			fields.put("month", String.valueOf(next.getMonthValue()));
			fields.put("day", String.valueOf(next.getDayOfMonth()));
			fields.put(change.getKey(), change.getValue());
			var answer = shop.submit("/shop/coupons/campaigns/new", "/shop/coupons/campaigns",
					new ArrayList<>(fields.entrySet()));
			assertThat(answer.statusCode()).as(change.toString()).isIn(200, 400);
			if (answer.statusCode() == 200) {
				assertThat(answer.body()).as(change.toString()).contains("error-summary");
			}
		}
		var unknownShop = staff.submit("/staff/coupons/campaigns/new", "/staff/coupons/campaigns",
				List.of(Map.entry("kind", "TICKET"), Map.entry("headline", "バス1回"), Map.entry("worth", "乗車1回"),
						Map.entry("pricePoints", "0"), Map.entry("settlementYen", "0"), Map.entry("stock", "5"),
						Map.entry("perPerson", "1"), Map.entry("year", String.valueOf(next.getYear())),
						Map.entry("month", String.valueOf(next.getMonthValue())),
						Map.entry("day", String.valueOf(next.getDayOfMonth())), Map.entry("shop", UUID.randomUUID().toString())));
		assertThat(unknownShop.statusCode()).isEqualTo(404);
		assertThat(count()).as("nothing stored").isEqualTo(before);

		var made = shop.submit("/shop/coupons/campaigns/new", "/shop/coupons/campaigns",
				List.of(Map.entry("kind", "COUPON"), Map.entry("headline", "パン1個無料"), Map.entry("worth", "パン1個"),
						Map.entry("pricePoints", "10"), Map.entry("settlementYen", "120"), Map.entry("stock", "20"),
						Map.entry("perPerson", "1"), Map.entry("year", String.valueOf(next.getYear())),
						Map.entry("month", String.valueOf(next.getMonthValue())),
						Map.entry("day", String.valueOf(next.getDayOfMonth())), Map.entry("area", "")));
		assertThat(made.statusCode()).isEqualTo(302);
		assertThat(count()).isEqualTo(before + 1);
		assertThat(coupons.campaigns(till.shop().id())).singleElement()
			.satisfies(c -> assertThat(c.lastDay()).isEqualTo(next));
	}

	@Test
	void whenTheDeskPrintsASlipThenA4AndReceiptCarryTheNameWorthCodeAndUntilWhen() throws Exception {
		var hanako = TestResidents.hanako(residents);
		var till = TestShops.till(shops, accounts, "印刷商店");
		var campaign = coupons.create(TestShops.draft("お米1kg", 0, 5, 1), till.shop().id(), "t");
		var coupon = coupons.obtain(hanako.resident().account(), campaign.id(), UUID.randomUUID());
		var staff = signedIn(TestAdmins.admin(accounts), TestAdmins.PASSWORD);
		assertThat(staff.get("/staff/coupons?q=" + enc("さっぽろ")).body()).contains("/staff/coupons/residents/");
		assertThat(staff.get("/staff/coupons/residents/" + hanako.resident().account()).body()).contains("お米1kg",
				"A4で印刷", "レシートで印刷");
		for (var paper : List.of("A4", "RECEIPT")) {
			var pdf = staff.getForBytes("/staff/coupons/" + coupon.coupon().id() + "/slip.pdf?paper=" + paper);
			assertThat(pdf.statusCode()).isEqualTo(200);
			try (var document = Loader.loadPDF(pdf.body())) {
				assertThat(document.getNumberOfPages()).as(paper).isEqualTo(1);
				var width = document.getPage(0).getMediaBox().getWidth();
				assertThat(width).as(paper + " width in points").isCloseTo(paper.equals("A4") ? 595f : 227f,
						org.assertj.core.data.Offset.offset(2f));
				assertThat(new PDFTextStripper().getText(document).replaceAll("\\s+", "")).contains("札幌花子様", "お米1kg",
						"100円引き", coupon.coupon().shortCodeShown(), "印刷商店", "まで");
			}
		}
		assertThat(staff.get("/staff/coupons/" + UUID.randomUUID() + "/slip.pdf").statusCode()).isEqualTo(404);
		assertThat(staff.get("/staff/coupons/residents/nobody").statusCode()).isEqualTo(404);
		assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE action = 'coupon.printed' AND subject = ?")
			.param(hanako.resident().account().toString()).query(Long.class).single()).isEqualTo(2);
	}

	@Test
	void whenAShopDownloadsItsStatementThenCsvAndPdfListTheMonthsCouponsAndTheTotal() throws Exception {
		var till = TestShops.till(shops, accounts, "明細商店");
		var resident = TestResidents.hanako(residents).resident().account();
		var campaign = coupons.create(TestShops.draft("=1+1", 0, 5, 2), till.shop().id(), "t");
		var one = coupons.obtain(resident, campaign.id(), UUID.randomUUID());
		var two = coupons.obtain(resident, campaign.id(), UUID.randomUUID());
		var tillAccount = accounts.findByLoginName(till.login()).orElseThrow().id();
		coupons.redeem(one.qr(), till.shop(), tillAccount);
		coupons.redeem(two.coupon().shortCode(), till.shop(), tillAccount);
		var shop = signedIn(till.login(), TestShops.PASSWORD);
		var month = java.time.YearMonth.now(jp.tsunagu.platform.Tokyo.ZONE);
		var csv = new String(shop.getForBytes("/shop/coupons/redemptions.csv?month=" + month).body(),
				java.nio.charset.StandardCharsets.UTF_8);
		assertThat(csv).startsWith("\uFEFF使用日時").contains(one.coupon().shortCode(), two.coupon().shortCode())
			.contains("'=1+1").doesNotContain(",=1+1");
		try (var document = Loader.loadPDF(shop.getForBytes("/shop/coupons/redemptions.pdf?month=" + month).body())) {
			assertThat(new PDFTextStripper().getText(document)).contains("明細商店", "合計 2枚 200円");
		}
		assertThat(shop.get("/shop/coupons/redemptions?month=2026-13").statusCode()).isEqualTo(400);
		assertThat(shop.get("/shop/coupons/redemptions?month=" + month.minusMonths(1)).body()).contains("0枚");
	}

	private long count() {
		return jdbc.sql("SELECT COUNT(*) FROM coupon_campaign").query(Long.class).single();
	}

	private Browser signedIn(String login, String password) {
		var browser = new Browser(port);
		browser.signIn(login, password);
		return browser;
	}

	private static String enc(String s) {
		return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
	}
}
