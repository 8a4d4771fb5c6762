package jp.tsunagu.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import jp.tsunagu.Browser;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.events.Events;
import jp.tsunagu.events.TestEvents;
import jp.tsunagu.identity.Accounts;
import jp.tsunagu.identity.PartnerClients;
import jp.tsunagu.identity.PartnerSubjects;
import jp.tsunagu.identity.TestAdmins;
import jp.tsunagu.identity.TestResidents;
import jp.tsunagu.residents.Residents;

/**
 * A property-based fuzz test with a seeded generator (plain JUnit, so it runs in the same Spring
 * test context as the rest; jqwik's engine would not): every form, query and JSON API gets
 * generated hostile values (NUL, huge strings, unicode edge cases, wrong types, duplicate fields,
 * empty or unknown ids). Properties: no answer is a 5xx, and a refused request (4xx) stores nothing.
 * A failure prints the seed; {@code -Dtsunagu.fuzz.seed=… -Dtsunagu.fuzz.runs=…} replays or widens it.
 */
@TsunaguTest
class HostileInputFuzzTests {

	/** Activity is left out: a check-in stores one asynchronously; the API target counts its own. */
	static final List<String> TABLES = List.of("notice", "event", "event_tag", "resident",
			"event_signup", "watcher_link", "data_sharing_consent", "oauth2_registered_client", "coupon_campaign", "coupon");

	@LocalServerPort
	int port;

	@Autowired
	Accounts accounts;

	@Autowired
	Residents residents;

	@Autowired
	Events events;

	@Autowired
	PartnerClients clients;

	@Autowired
	PartnerSubjects subjects;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	jp.tsunagu.shops.Shops shops;

	final HttpClient http = HttpClient.newHttpClient();

	Random random;

	@Test
	void whenEveryFormAndApiGetsHostileValuesThenNoAnswerIs5xxAndRefusalsStoreNothing() throws Exception {
		long seed = Long.getLong("tsunagu.fuzz.seed", System.nanoTime());
		int runs = Integer.getInteger("tsunagu.fuzz.runs", 300);
		random = new Random(seed);
		var staff = new Browser(port);
		staff.signIn(TestAdmins.admin(accounts), TestAdmins.PASSWORD);
		var resident = new Browser(port);
		var hanako = TestResidents.hanako(residents);
		resident.signIn(hanako.login(), hanako.password());
		Supplier<Browser> visitor = () -> new Browser(port);
		var event = TestEvents.tea(events, 5).id().toString();
		var someone = hanako.resident().account().toString();
		var partner = new HostileInputTests();
		partner.port = port;
		partner.accounts = accounts;
		partner.residents = residents;
		partner.clients = clients;
		partner.subjects = subjects;
		partner.jdbc = jdbc;
		var api = partner.partner();

		var till = jp.tsunagu.coupons.TestShops.till(shops, accounts, "ファズ商店");
		var shop = new Browser(port);
		shop.signIn(till.login(), jp.tsunagu.coupons.TestShops.PASSWORD);

		var targets = new ArrayList<Target>();
		targets.add(form(staff, "/staff/coupons/campaigns/new", "/staff/coupons/campaigns", "kind", "headline", "worth",
				"pricePoints", "settlementYen", "stock", "perPerson", "year", "month", "day", "area", "shop"));
		targets.add(form(shop, "/shop/coupons/campaigns/new", "/shop/coupons/campaigns", "kind", "headline", "worth",
				"pricePoints", "settlementYen", "stock", "perPerson", "year", "month", "day", "area"));
		targets.add(form(shop, CSRF_PAGE, "/shop/coupons/redeem", "code"));
		targets.add(form(resident, CSRF_PAGE, "/coupons/offers/" + pathId(), "key"));
		targets.add(query(shop, "/shop/coupons/redeem/confirm", "code"));
		targets.add(query(shop, "/shop/coupons/redemptions", "month"));
		targets.add(query(shop, "/shop/coupons/redemptions.csv", "month"));
		targets.add(query(staff, "/staff/coupons", "q"));
		targets.add(() -> {
			var path = List.of("/coupons/%s", "/coupons/%s/qr.png", "/coupons/offers/%s", "/staff/coupons/residents/%s",
					"/staff/coupons/%s/slip.pdf").get(random.nextInt(5)).formatted(pathId());
			return (path.startsWith("/staff") ? staff : resident).get(path).statusCode();
		});
		targets.add(form(visitor, "/register", "/register", "familyName", "givenName", "familyNameKana", "givenNameKana",
				"birthYear", "birthMonth", "birthDay", "area", "phone", "loginName", "password"));
		targets.add(form(staff, "/staff/residents/new", "/staff/residents", "familyName", "givenName", "familyNameKana",
				"givenNameKana", "birthYear", "birthMonth", "birthDay", "area", "phone"));
		targets.add(form(staff, "/staff/events/new", "/staff/events", "title", "description", "place", "kind", "year",
				"month", "day", "startTime", "endTime", "capacity", "areas", "tags"));
		targets.add(form(staff, "/staff/notices", "/staff/notices", "title", "body", "days", "area", "minAge", "maxAge",
				"notOutForDays", "attendedEvent", "attendedTag"));
		targets.add(form(staff, "/staff/residents/" + someone + "/household", "/staff/residents/" + someone + "/household",
				"addressBlock", "household", "livesAlone", "device", "tabletAsset", "contact"));
		targets.add(form(staff, "/staff/events/" + event, "/staff/events/" + event + "/check-in", "code"));
		targets.add(form(staff, "/admin/clients", "/admin/clients", "name", "redirectUris", "postLogoutRedirectUris",
				"scopes", "confidential", "backEnd", "requireProofKey", "subjectType", "sector", "backChannelLogoutUri"));
		targets.add(form(staff, CSRF_PAGE, "/admin/accounts/" + pathId() + "/roles", "roles", "q"));
		targets.add(form(resident, "/watching", "/watching", "login", "relation"));
		targets.add(form(resident, CSRF_PAGE, "/sharing", "partner", "purpose"));
		targets.add(form(resident, "/account", "/account/secret", "current", "replacement", "replacementAgain"));
		targets.add(form(resident, CSRF_PAGE, "/events/" + pathId() + "/signup"));
		targets.add(form(visitor, "/login", "/login", "username", "password", "remember"));
		targets.add(form(visitor, "/first-login", "/first-login", "loginId", "code", "pin", "pinAgain"));
		targets.add(query(staff, "/staff/residents", "q", "area"));
		targets.add(query(staff, "/staff/notices", "area", "minAge", "maxAge", "notOutForDays", "attendedEvent", "attendedTag"));
		targets.add(query(staff, "/staff/events/" + event, "q"));
		targets.add(query(staff, "/admin/accounts", "q"));
		targets.add(query(resident, "/sharing/new", "partner", "purpose"));
		targets.add(query(resident, "/oauth2/consent", "client_id", "scope", "state"));
		targets.add(query(visitor.get(), "/oauth2/authorize", "response_type", "client_id", "redirect_uri", "scope", "state",
				"nonce", "code_challenge", "code_challenge_method", "prompt", "max_age", "response_mode"));
		targets.add(() -> {
			var path = List.of("/staff/events/", "/staff/residents/", "/events/", "/admin/accounts/", "/sharing/")
				.get(random.nextInt(5));
			var suffix = List.of("", "/360", "/household", "/cancel", "/sign-out", "/withdraw").get(random.nextInt(6));
			return (random.nextBoolean() ? staff : resident).get(path + pathId() + suffix).statusCode();
		});
		targets.add(() -> {
			var action = List.of("/account/passkeys/%s/delete", "/account/consents/%s/withdraw", "/watchers/%s/answer",
					"/watchers/%s/end", "/watching/%s/end", "/sharing/%s/withdraw", "/events/%s/cancel")
				.get(random.nextInt(7)).formatted(pathId());
			return resident.submit("/account", action, List.of(Map.entry("approve", hostile()))).statusCode();
		});
		targets.add(() -> oauthForm("/oauth2/introspect", api, "token", "token_type_hint"));
		targets.add(() -> oauthForm("/oauth2/revoke", api, "token", "token_type_hint"));
		targets.add(() -> oauthForm("/oauth2/token", api, "grant_type", "scope", "code", "refresh_token", "redirect_uri"));
		targets.add(() -> {
			var fields = new LinkedHashMap<String, Supplier<String>>();
			fields.put("resident", () -> random.nextInt(3) == 0 ? json(api.subject()) : jsonValue());
			fields.put("type", () -> random.nextInt(3) == 0 ? json("CHECK_IN") : jsonValue());
			fields.put("occurredAt", () -> random.nextInt(3) == 0 ? json("2026-11-01T01:00:00Z") : jsonValue());
			fields.put("place", this::jsonValue);
			fields.put("idempotencyKey", this::jsonValue);
			var body = new StringBuilder("{");
			for (var field : fields.entrySet()) {
				int times = random.nextInt(8) == 0 ? 2 : random.nextInt(5) == 0 ? 0 : 1;
				for (int i = 0; i < times; i++) {
					body.append(body.length() > 1 ? "," : "").append(json(field.getKey())).append(':')
						.append(field.getValue().get());
				}
			}
			var text = random.nextInt(12) == 0 ? hostile() : body.append('}').toString();
			var request = HttpRequest.newBuilder(URI.create(base() + "/api/activities"))
				.header("Authorization", "Bearer " + api.token())
				.header("Content-Type", random.nextInt(10) == 0 ? "text/plain" : "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8));
			var key = headerSafe(hostile());
			if (random.nextBoolean() && !key.isEmpty()) {
				request.header("Idempotency-Key", key);
			}
			var stored = partner.activitiesOf(api);
			var status = http.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
			if (status >= 400) {
				assertThat(partner.activitiesOf(api)).as("refused activity stored: %s", text).isEqualTo(stored);
			}
			return status;
		});

		for (int run = 0; run < runs; run++) {
			var target = random.nextInt(targets.size());
			var before = counts();
			int status = targets.get(target).send();
			assertThat(status).as("seed %d, run %d, target %d", seed, run, target).isLessThan(500);
			if (status >= 400) {
				assertThat(counts()).as("refused (%d) yet stored: seed %d, run %d, target %d", status, seed, run, target)
					.isEqualTo(before);
			}
		}
	}

	interface Target {

		int send() throws Exception;
	}

	/** A page every signed-in person has with a POST form on it (the sign-out question): a CSRF token. */
	static final String CSRF_PAGE = "/logout/confirm?mine";

	Target form(Browser browser, String page, String action, String... names) {
		return form(() -> browser, page, action, names);
	}

	Target form(Supplier<Browser> browsers, String page, String action, String... names) {
		return () -> {
			var browser = browsers.get();
			var fields = new ArrayList<Map.Entry<String, String>>();
			for (var name : names) {
				if (random.nextInt(6) != 0) {
					fields.add(Map.entry(name, hostile()));
				}
				if (random.nextInt(10) == 0) {
					fields.add(Map.entry(name, hostile()));
				}
			}
			return browser.submit(page, action, fields).statusCode();
		};
	}

	Target query(Browser browser, String path, String... names) {
		return () -> browser.get(path + "?" + java.util.Arrays.stream(names).filter(n -> random.nextInt(4) != 0)
			.map(n -> URLEncoder.encode(n, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(shorter(hostile()), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"))).statusCode();
	}

	/** Query strings stay under Tomcat's 8 KB request line; what is longer is the container's 400. */
	static String shorter(String text) {
		return text.length() > 600 ? text.substring(0, 600) : text;
	}

	int oauthForm(String path, HostileInputTests.Partner api, String... names) throws Exception {
		var body = java.util.Arrays.stream(names)
			.map(n -> n + "=" + URLEncoder.encode(hostile(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
		return http.send(HttpRequest.newBuilder(URI.create(base() + path))
			.header("Authorization", HostileInputTests.basic(api.client()))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
	}

	/** A hostile text: each kind as likely as the others. */
	String hostile() {
		return switch (random.nextInt(16)) {
			case 0 -> "";
			case 1 -> "\u0000";
			case 2 -> "ok\u0000ok";
			case 3 -> "あ".repeat(201 + random.nextInt(5000));
			case 4 -> "x".repeat(40 + random.nextInt(70_000));
			case 5 -> "\uD800";
			case 6 -> "𠮷野家🍣\u202Eevil\u200B\uFEFF";
			case 7 -> "%_\\' OR 1=1; --";
			case 8 -> "<script>alert(1)</script>";
			case 9 -> List.of("-1", "0", "99999999999", "1e309", "NaN", "２０２６", "true").get(random.nextInt(7));
			case 10 -> UUID.randomUUID().toString();
			case 11 -> "not-a-uuid";
			case 12 -> List.of("MOMIJIDAI", "LENT_TABLET", "FAMILY", "ACTIVITY_FOR_REWARDS", "HEALTH", "openid")
				.get(random.nextInt(6));
			case 13 -> "   \t\n ";
			case 14 -> "e\u0301\u0301\u0301" + "\uFFFF\uFFFE";
			default -> "普通の値" + random.nextInt(1000);
		};
	}

	/** A JSON value of any type, strings hostile. */
	String jsonValue() {
		return switch (random.nextInt(7)) {
			case 0 -> "null";
			case 1 -> String.valueOf(random.nextLong());
			case 2 -> "[" + json(hostile()) + "]";
			case 3 -> "{\"a\":" + json(hostile()) + "}";
			case 4 -> "true";
			default -> json(hostile());
		};
	}

	String idOrJunk() {
		return switch (random.nextInt(4)) {
			case 0 -> "";
			case 1 -> "x\u0000";
			case 2 -> "12345";
			default -> UUID.randomUUID().toString();
		};
	}

	String pathId() {
		return URLEncoder.encode(idOrJunk(), StandardCharsets.UTF_8).replace("+", "%20");
	}

	static String json(String text) {
		var out = new StringBuilder("\"");
		for (char c : text.toCharArray()) {
			if (c == '"' || c == '\\') {
				out.append('\\').append(c);
			}
			else if (c < 0x20 || Character.isSurrogate(c) || c >= 0xFFFE) {
				out.append(String.format("\\u%04x", (int) c));
			}
			else {
				out.append(c);
			}
		}
		return out.append('"').toString();
	}

	/** What an HTTP client lets through as a header value: visible ASCII, at most some kilobytes. */
	static String headerSafe(String text) {
		var ascii = text.chars().filter(c -> c > 0x20 && c < 0x7F).limit(4000)
			.collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
		return ascii;
	}

	Map<String, Long> counts() {
		var counts = new LinkedHashMap<String, Long>();
		for (var table : TABLES) {
			counts.put(table, jdbc.sql("SELECT COUNT(*) FROM " + table).query(Long.class).single());
		}
		return counts;
	}

	String base() {
		return "http://localhost:" + port;
	}
}
