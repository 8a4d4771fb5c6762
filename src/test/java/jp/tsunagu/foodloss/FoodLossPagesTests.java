package jp.tsunagu.foodloss;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import jp.tsunagu.Browser;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.identity.Accounts;
import jp.tsunagu.identity.Role;
import jp.tsunagu.identity.TestResidents;
import jp.tsunagu.platform.Tokyo;
import jp.tsunagu.residents.Area;
import jp.tsunagu.residents.Residents;
import jp.tsunagu.shops.Shop;
import jp.tsunagu.shops.Shops;

/**
 * Food loss over real HTTP, as residents and shops use it: thirty residents reserving five items at
 * the same moment, residents and shops kept apart, and every form refusing hostile input with a
 * 4xx and nothing stored. On H2 and on PostgreSQL.
 */
@TsunaguTest
class FoodLossPagesTests {

	static final String PASSWORD = "shop-till-password";

	@LocalServerPort
	int port;

	@Autowired
	FoodLoss food;

	@Autowired
	Shops shops;

	@Autowired
	Residents residents;

	@Autowired
	Accounts accounts;

	@Autowired
	JdbcClient jdbc;

	@Test
	void whenThirtyResidentsReserveFiveItemsAtOnceThenExactlyFiveGetThemAndTheOthersReadThatNoneAreLeft()
			throws Exception {
		var offer = TestFood.bread(food, TestFood.shop(shops, Area.MOMIJIDAI), 5, 1);
		record Person(Browser browser, String csrf) {
		}
		var people = new ArrayList<Person>();
		for (int i = 0; i < 30; i++) {
			var browser = resident();
			var confirm = browser.get("/food/" + offer.id() + "/confirm?quantity=1");
			assertThat(confirm.statusCode()).isEqualTo(200);
			people.add(new Person(browser, Browser.csrfOf(confirm.body())));
		}
		var start = new CountDownLatch(1);
		var answers = new ArrayList<Future<HttpResponse<String>>>();
		try (var pool = Executors.newFixedThreadPool(30)) {
			for (var person : people) {
				answers.add(pool.submit(() -> {
					start.await();
					return person.browser().post("/food/" + offer.id() + "/reserve",
							List.of(Map.entry("quantity", "1"), Map.entry("_csrf", person.csrf())));
				}));
			}
			start.countDown();
			int reserved = 0;
			int refused = 0;
			for (var answer : answers) {
				var response = answer.get();
				if (response.statusCode() == 302) {
					assertThat(response.headers().firstValue("Location").orElseThrow()).contains("/food/reservations/");
					reserved++;
				}
				else {
					assertThat(response.statusCode()).isEqualTo(409);
					assertThat(response.body()).contains("予約できませんでした", "残りがありません");
					refused++;
				}
			}
			assertThat(reserved).isEqualTo(5);
			assertThat(refused).isEqualTo(25);
		}
		assertThat(jdbc.sql("SELECT quantity_left FROM food_offer WHERE id = ?").param(offer.id()).query(Integer.class)
			.single()).isZero();
		assertThat(jdbc.sql("SELECT COUNT(*) FROM food_reservation WHERE offer_id = ?").param(offer.id())
			.query(Long.class).single()).isEqualTo(5);
	}

	@Test
	void whenAResidentReservesThroughThePagesThenTheyReadWhatToBringAndWhenAndADoubleTapReservesOnce()
			throws Exception {
		var shop = TestFood.shop(shops, Area.MOMIJIDAI);
		var from = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
		var offer = food.post(shop, new FoodOfferDraft("コロッケ", 6, 3, 50, from, from.plus(Duration.ofHours(2)), null, null),
				"shop:test");
		var hanako = resident();
		assertThat(hanako.get("/").body()).contains("フードロス");
		assertThat(hanako.get("/food").body()).contains("お住まいの地区のお店", "コロッケ", shop.name(), "50円", "のこり6個");
		var page = hanako.get("/food/" + offer.id());
		assertThat(page.body()).contains("いくつ予約しますか", "3個");
		var confirm = hanako.get("/food/" + offer.id() + "/confirm?quantity=2");
		assertThat(confirm.body()).contains("コロッケを2個予約しますか", "代金 100円", shop.address());
		var csrf = Browser.csrfOf(confirm.body());
		var start = new CountDownLatch(1);
		var taps = new ArrayList<Future<HttpResponse<String>>>();
		try (var pool = Executors.newFixedThreadPool(4)) {
			for (int i = 0; i < 4; i++) {
				taps.add(pool.submit(() -> {
					start.await();
					return hanako.post("/food/" + offer.id() + "/reserve",
							List.of(Map.entry("quantity", "2"), Map.entry("_csrf", csrf)));
				}));
			}
			start.countDown();
			for (var tap : taps) {
				assertThat(tap.get().statusCode()).isEqualTo(302);
			}
		}
		assertThat(food.offer(offer.id(), anyone()).offer().quantityLeft()).isEqualTo(4);
		var location = taps.getFirst().get().headers().firstValue("Location").orElseThrow();
		var reservation = hanako.get(location);
		assertThat(reservation.statusCode()).isEqualTo(200);
		assertThat(reservation.body()).contains("予約番号", "代金 100円",
				hourWords(from));
		assertThat(hanako.get("/food/mine").body()).contains("コロッケを2個", "予約中");
		var home = org.jsoup.Jsoup.parse(hanako.get("/").body());
		assertThat(home.select(".waiting h3").text()).as("the pickup waits on home until it is dealt with")
			.contains("「コロッケ」を予約しています。" + shop.name() + " で");
		assertThat(home.select(".waiting a").attr("href")).isEqualTo(location.replaceFirst("^https?://[^/]+", ""));
	}

	@Test
	void whenAnotherResidentTriesSomeonesReservationThenItIsNotFoundAndStaysAsItWas() {
		var offer = TestFood.bread(food, TestFood.shop(shops, Area.AOBA), 3, 1);
		var owner = TestResidents.hanako(residents);
		var reservation = food.reserve(offer.id(), owner.resident().account(), 1);
		var other = resident();
		for (var path : List.of("/food/reservations/" + reservation.id(), "/food/reservations/" + reservation.id() + "/cancel")) {
			var page = other.get(path);
			assertThat(page.statusCode()).as(path).isEqualTo(404);
			assertThat(page.body()).doesNotContain(owner.resident().name());
		}
		var csrf = Browser.csrfOf(other.get("/logout/confirm?mine").body());
		var cancel = other.post("/food/reservations/" + reservation.id() + "/cancel", List.of(Map.entry("_csrf", csrf)));
		assertThat(cancel.statusCode()).isEqualTo(404);
		assertThat(status(reservation.id())).isEqualTo("RESERVED");
		assertThat(other.get("/food/mine").body()).doesNotContain(reservation.code());
	}

	@Test
	void whenAShopMarksAPickupThenOnceAndAnotherShopCannotMarkIt() {
		var mine = shopWithAccount(Area.MOMIJIDAI);
		var theirs = shopWithAccount(Area.MOMIJIDAI);
		var offer = TestFood.bread(food, mine.shop(), 3, 1);
		var hanako = TestResidents.hanako(residents);
		var reservation = food.reserve(offer.id(), hanako.resident().account(), 1);
		var action = "/shop/food/" + offer.id() + "/reservations/" + reservation.id() + "/pickup";

		var intruder = theirs.browser();
		assertThat(intruder.get("/shop/food/" + offer.id()).statusCode()).isEqualTo(404);
		var forged = intruder.post(action, List.of(Map.entry("_csrf", Browser.csrfOf(intruder.get("/logout/confirm?mine").body()))));
		assertThat(forged.statusCode()).isEqualTo(404);
		assertThat(status(reservation.id())).isEqualTo("RESERVED");

		var till = mine.browser();
		var list = till.get("/shop/food/" + offer.id());
		assertThat(list.body()).contains(reservation.code(), hanako.resident().name(), "受け取りました");
		var csrf = Browser.csrfOf(list.body());
		var first = till.post(action, List.of(Map.entry("_csrf", csrf)));
		assertThat(first.statusCode()).isEqualTo(302);
		assertThat(till.get("/shop/food/" + offer.id()).body()).contains("の受け取りを記録しました");
		var second = till.post(action, List.of(Map.entry("_csrf", csrf)));
		assertThat(second.statusCode()).isEqualTo(302);
		assertThat(till.get("/shop/food/" + offer.id()).body()).contains("すでに受け取り済みです");
		assertThat(status(reservation.id())).isEqualTo("PICKED_UP");
		assertThat(jdbc.sql("SELECT COUNT(*) FROM activity WHERE resident = ? AND type = 'FOOD_PICKUP'")
			.param(hanako.resident().account().value()).query(Long.class).single()).isEqualTo(1);
	}

	@Test
	void whenAShopPostsThroughTheFormThenResidentsSeeItWithItsPhotoServedAsWhatItIs() throws Exception {
		var mine = shopWithAccount(Area.MOMIJIDAI);
		var png = png();
		var posted = postOffer(mine.browser(), form("おにぎり", "4", "2", "0", today(), "0:00", "23:59"),
				"onigiri.png", png);
		assertThat(posted.statusCode()).isEqualTo(302);
		var offer = UUID.fromString(posted.headers().firstValue("Location").orElseThrow().replaceAll(".*/shop/food/([^?]+).*", "$1"));
		assertThat(mine.browser().get("/shop/food/" + offer + "?posted").body()).contains("品物を出しました", "おにぎり");
		var hanako = resident();
		assertThat(hanako.get("/food/" + offer).body()).contains("おにぎり", "無料", "/food/" + offer + "/photo");
		var photo = HttpClient.newBuilder().cookieHandler(hanako.cookies()).build().send(
				HttpRequest.newBuilder(URI.create(hanako.base() + "/food/" + offer + "/photo")).build(),
				HttpResponse.BodyHandlers.ofByteArray());
		assertThat(photo.statusCode()).isEqualTo(200);
		assertThat(photo.headers().firstValue("Content-Type")).hasValue("image/png");
		assertThat(photo.body()).isEqualTo(png);
	}

	@Test
	void whenTheShopFormGetsHostileInputThenEachIsA4xxWithItsMistakeAndNothingIsStored() throws Exception {
		var mine = shopWithAccount(Area.MOMIJIDAI);
		var till = mine.browser();
		var before = count("food_offer");
		var photos = count("food_offer_photo");
		var tomorrow = Tokyo.today(java.time.Clock.systemUTC()).plusDays(1).toString();
		var yesterday = Tokyo.today(java.time.Clock.systemUTC()).minusDays(1).toString();
		record Case(String what, Map<String, String> fields, String says) {
		}
		for (var bad : List.of(new Case("negative quantity", form("パン", "-3", "1", "0", tomorrow, "17:00", "19:00"), "1以上"),
				new Case("huge quantity", form("パン", "99999999999999", "1", "0", tomorrow, "17:00", "19:00"), "数字で"),
				new Case("too many", form("パン", "1000", "1", "0", tomorrow, "17:00", "19:00"), "999まで"),
				new Case("negative price", form("パン", "3", "1", "-100", tomorrow, "17:00", "19:00"), "0円以上"),
				new Case("huge price", form("パン", "3", "1", "100001", tomorrow, "17:00", "19:00"), "100,000円まで"),
				new Case("limit over quantity", form("パン", "3", "5", "0", tomorrow, "17:00", "19:00"), "1から品物の数まで"),
				new Case("ends before it starts", form("パン", "3", "1", "0", tomorrow, "19:00", "17:00"), "始まりの時刻より後"),
				new Case("in the past", form("パン", "3", "1", "0", yesterday, "17:00", "19:00"), "もう過ぎています"),
				new Case("no such day", form("パン", "3", "1", "0", "2026-02-30", "17:00", "19:00"), "確かめてください"),
				new Case("no such time", form("パン", "3", "1", "0", tomorrow, "25:00", "26:00"), "確かめてください"),
				new Case("oversized name", form("パ".repeat(101), "3", "1", "0", tomorrow, "17:00", "19:00"), "100文字まで"),
				new Case("empty name", form("", "3", "1", "0", tomorrow, "17:00", "19:00"), "入力してください"))) {
			var answer = postOffer(till, bad.fields(), null, null);
			assertThat(answer.statusCode()).as(bad.what()).isEqualTo(400);
			assertThat(answer.body()).as(bad.what()).contains("入力を確かめてください", bad.says());
		}
		var note = new LinkedHashMap<>(form("パン", "3", "1", "0", tomorrow, "17:00", "19:00"));
		note.put("note", "メ".repeat(301));
		assertThat(postOffer(till, note, null, null).statusCode()).isEqualTo(400);
		var nul = postOffer(till, form("パン\u0000", "3", "1", "0", tomorrow, "17:00", "19:00"), null, null);
		assertThat(nul.statusCode()).isEqualTo(400);

		var fine = form("パン", "3", "1", "0", tomorrow, "17:00", "19:00");
		var script = postOffer(till, fine, "photo.png", "<svg onload=alert(1)>".getBytes(StandardCharsets.UTF_8));
		assertThat(script.statusCode()).isEqualTo(400);
		assertThat(script.body()).contains("JPEG か PNG にしてください");
		var large = new byte[Photo.MAX_BYTES + 1000];
		System.arraycopy(png(), 0, large, 0, png().length);
		var tooLarge = postOffer(till, fine, "big.png", large);
		assertThat(tooLarge.statusCode()).isEqualTo(400);
		assertThat(tooLarge.body()).contains("写真が大きすぎます");
		var huge = new byte[3 * 1024 * 1024];
		System.arraycopy(png(), 0, huge, 0, png().length);
		var tooHuge = postOffer(till, fine, "huge.png", huge);
		assertThat(tooHuge.statusCode()).as("beyond what the server parses").isBetween(400, 499);

		assertThat(count("food_offer")).isEqualTo(before);
		assertThat(count("food_offer_photo")).isEqualTo(photos);
	}

	@Test
	void whenTheReservationGetsHostileInputThenEachIsA4xxAndNothingIsReserved() {
		var offer = TestFood.bread(food, TestFood.shop(shops, Area.MOMIJIDAI), 3, 2);
		var hanako = resident();
		var csrf = Browser.csrfOf(hanako.get("/logout/confirm?mine").body());
		for (var quantity : List.of("-1", "0", "3", "abc", "99999999999", "")) {
			var answer = hanako.post("/food/" + offer.id() + "/reserve", List.of(Map.entry("quantity", quantity), Map.entry("_csrf", csrf)));
			assertThat(answer.statusCode()).as(quantity).isBetween(400, 499);
			assertThat(hanako.get("/food/" + offer.id() + "/confirm?quantity=" + quantity).statusCode()).as(quantity)
				.isBetween(400, 499);
		}
		for (var id : List.of(UUID.randomUUID().toString(), "not-an-id", "%20")) {
			assertThat(hanako.get("/food/" + id).statusCode()).as(id).isBetween(400, 404);
			assertThat(hanako.post("/food/" + id + "/reserve", List.of(Map.entry("quantity", "1"), Map.entry("_csrf", csrf)))
				.statusCode()).as(id).isBetween(400, 404);
			assertThat(hanako.get("/food/reservations/" + id).statusCode()).as(id).isBetween(400, 404);
			assertThat(hanako.get("/food/" + id + "/photo").statusCode()).as(id).isBetween(400, 404);
		}
		var nul = hanako.post("/food/" + offer.id() + "/reserve", List.of(Map.entry("quantity", "1\u0000"), Map.entry("_csrf", csrf)));
		assertThat(nul.statusCode()).isEqualTo(400);
		assertThat(jdbc.sql("SELECT COUNT(*) FROM food_reservation WHERE offer_id = ?").param(offer.id())
			.query(Long.class).single()).isZero();
		assertThat(jdbc.sql("SELECT quantity_left FROM food_offer WHERE id = ?").param(offer.id()).query(Integer.class)
			.single()).isEqualTo(3);
	}

	record ShopTill(Shop shop, Browser browser) {
	}

	private ShopTill shopWithAccount(Area area) {
		var shop = TestFood.shop(shops, area);
		var login = "shop-" + UUID.randomUUID() + "@shop.example";
		var account = accounts.createStaffAccount(login, PASSWORD, shop.name(), EnumSet.of(Role.SHOP));
		shops.addMember(shop.id(), account.id());
		var browser = new Browser(port);
		browser.signIn(login, PASSWORD);
		return new ShopTill(shop, browser);
	}

	private Browser resident() {
		var hanako = TestResidents.hanako(residents);
		var browser = new Browser(port);
		browser.signIn(hanako.login(), hanako.password());
		return browser;
	}

	private jp.tsunagu.identity.AccountId anyone() {
		return TestResidents.hanako(residents).resident().account();
	}

	/** 「午後5時」 as TimeWording writes the hour the pickup starts. */
	private static String hourWords(Instant at) {
		int hour = at.atZone(Tokyo.ZONE).getHour();
		return (hour < 12 ? "午前" : "午後") + (hour % 12) + "時";
	}

	private String status(UUID reservation) {
		return jdbc.sql("SELECT status FROM food_reservation WHERE id = ?").param(reservation).query(String.class).single();
	}

	private long count(String table) {
		return jdbc.sql("SELECT COUNT(*) FROM " + table).query(Long.class).single();
	}

	private static String today() {
		return Tokyo.today(java.time.Clock.systemUTC()).toString();
	}

	static Map<String, String> form(String item, String quantity, String limit, String price, String day, String from,
			String until) {
		var fields = new LinkedHashMap<String, String>();
		fields.put("itemName", item);
		fields.put("quantity", quantity);
		fields.put("perResidentLimit", limit);
		fields.put("priceYen", price);
		fields.put("pickupDay", day);
		fields.put("pickupFrom", from);
		fields.put("pickupUntil", until);
		fields.put("note", "");
		return fields;
	}

	/** Posts the shop's multipart form as its page would, with the page's CSRF token and an optional photo. */
	static HttpResponse<String> postOffer(Browser browser, Map<String, String> fields, String fileName, byte[] file)
			throws Exception {
		var csrf = Browser.csrfOf(browser.get("/shop/food/new").body());
		var boundary = "----tsunagu" + UUID.randomUUID();
		var body = new ByteArrayOutputStream();
		var all = new LinkedHashMap<>(fields);
		all.put("_csrf", csrf);
		for (var field : all.entrySet()) {
			body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey() + "\"\r\n\r\n"
					+ field.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
		}
		if (file != null) {
			body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"" + fileName
					+ "\"\r\nContent-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8));
			body.write(file);
			body.write("\r\n".getBytes(StandardCharsets.UTF_8));
		}
		body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
		var http = HttpClient.newBuilder().cookieHandler(browser.cookies()).followRedirects(HttpClient.Redirect.NEVER).build();
		return http.send(HttpRequest.newBuilder(URI.create(browser.base() + "/shop/food"))
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.header("Accept", "text/html")
			.POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
			.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
	}

	static byte[] png() throws Exception {
		var image = new java.awt.image.BufferedImage(4, 4, java.awt.image.BufferedImage.TYPE_INT_RGB);
		var out = new ByteArrayOutputStream();
		javax.imageio.ImageIO.write(image, "png", out);
		return out.toByteArray();
	}
}
