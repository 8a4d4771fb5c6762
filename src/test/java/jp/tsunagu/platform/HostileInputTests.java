package jp.tsunagu.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;

import jp.tsunagu.Browser;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.events.Events;
import jp.tsunagu.events.TestEvents;
import jp.tsunagu.identity.Accounts;
import jp.tsunagu.identity.PartnerClient;
import jp.tsunagu.identity.PartnerClients;
import jp.tsunagu.identity.PartnerSubjects;
import jp.tsunagu.identity.TestAdmins;
import jp.tsunagu.identity.TestClients;
import jp.tsunagu.identity.TestResidents;
import jp.tsunagu.residents.Residents;

/**
 * What an attacker (or a confused client) sends: unknown ids, values longer than their column, NUL
 * characters, huge bodies, double taps, duplicate JSON fields. Every answer is a 4xx page or problem
 * detail, never a 500, and nothing is stored on refusal; on H2 and on PostgreSQL.
 */
@TsunaguTest
class HostileInputTests {

	static final String NUL = "\u0000";

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
	ProblemTypes types;

	@Autowired
	org.springframework.context.MessageSource messageSource;

	final HttpClient http = HttpClient.newHttpClient();

	@Test
	void whenAnIdIsEmptyOrUnknownThenEveryScreenAnswers404WithThePlainPage() {
		var staff = admin();
		var unknown = UUID.randomUUID();
		for (var path : List.of("/staff/events/" + unknown, "/staff/residents/" + unknown,
				"/staff/residents/" + unknown + "/360", "/staff/residents/" + unknown + "/household",
				"/admin/accounts/" + unknown + "/sign-out", "/oauth2/consent?client_id=&scope=openid&state=s",
				"/oauth2/consent?client_id=nobody&scope=openid&state=s")) {
			var page = staff.get(path);
			assertThat(page.statusCode()).as(path).isEqualTo(404);
			assertThat(page.body()).as(path).contains("ページが見つかりません");
		}
		var csrf = Browser.csrfOf(staff.get("/logout/confirm?mine").body());
		var walkIn = TestResidents.hanako(residents).resident().account();
		for (var action : List.of("/admin/accounts/" + unknown + "/roles", "/admin/accounts/" + unknown + "/sign-out",
				"/staff/events/" + unknown + "/check-in/" + walkIn)) {
			var answer = staff.post(action, List.of(Map.entry("_csrf", csrf), Map.entry("roles", "STAFF")));
			assertThat(answer.statusCode()).as(action).isEqualTo(404);
			assertThat(answer.body()).as(action).contains("ページが見つかりません");
		}
		var resident = resident();
		for (var path : List.of("/sharing/new?partner=&purpose=ACTIVITY_FOR_REWARDS",
				"/sharing/new?partner=nobody&purpose=ACTIVITY_FOR_REWARDS", "/events/" + unknown,
				"/events/" + unknown + "/cancel")) {
			var page = resident.get(path);
			assertThat(page.statusCode()).as(path).isEqualTo(404);
			assertThat(page.body()).as(path).contains("ページが見つかりません");
		}
		var csrfResident = Browser.csrfOf(resident.get("/logout/confirm?mine").body());
		var signUp = resident.post("/events/" + unknown + "/signup", List.of(Map.entry("_csrf", csrfResident)));
		assertThat(signUp.statusCode()).isEqualTo(404);
		var share = resident.post("/sharing", List.of(Map.entry("_csrf", csrfResident), Map.entry("partner", ""),
				Map.entry("purpose", "ACTIVITY_FOR_REWARDS")));
		assertThat(share.statusCode()).isEqualTo(404);
		var passkey = resident.post("/account/passkeys/not~base64!/delete", List.of(Map.entry("_csrf", csrfResident)));
		assertThat(passkey.statusCode()).as("no such passkey: back to the account page").isEqualTo(302);
	}

	@Test
	void whenAnApiIsAskedAboutAnUnknownResidentThenItAnswersAProblemFromTheTable() throws Exception {
		var partner = partner();
		var unknown = postActivity(partner.token, "k-" + UUID.randomUUID(), """
				{"resident":"nobody","type":"CHECK_IN","occurredAt":"2026-11-01T01:00:00Z"}""", "en");
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(unknown.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
		assertThat(unknown.body()).contains("\"type\":\"https://tsunagu.example/problems/unknown-resident\"")
			.contains("\"title\":\"Unknown resident\"");
		var wrongMethod = http.send(HttpRequest.newBuilder(URI.create(base() + "/api/activities"))
			.header("Authorization", "Bearer " + partner.token).header("Content-Type", "text/plain")
			.POST(HttpRequest.BodyPublishers.ofString("hello")).build(), HttpResponse.BodyHandlers.ofString());
		assertThat(wrongMethod.statusCode()).isEqualTo(415);
		assertThat(wrongMethod.body()).contains("https://tsunagu.example/problems/unsupported-media-type");
	}

	@Test
	void whenAValueIsLongerThanItsColumnThenAFieldErrorOrA400AndNothingIsStored() throws Exception {
		var staff = admin();
		var longTag = "あ".repeat(41);
		var notices = countOf("notice");
		for (var fields : List.of(List.of(Map.entry("title", "x".repeat(201)), Map.entry("body", "本文")),
				List.of(Map.entry("title", "題"), Map.entry("body", "y".repeat(4001))),
				List.of(Map.entry("title", "題"), Map.entry("body", "本文"), Map.entry("attendedTag", longTag)))) {
			var published = staff.submit("/staff/notices", "/staff/notices", fields);
			assertThat(published.statusCode()).as(fields.toString()).isLessThan(500);
			assertThat(staff.get("/staff/notices").body()).contains(message("notices.invalid"));
		}
		assertThat(countOf("notice")).isEqualTo(notices);
		assertThat(staff.get("/staff/notices?attendedTag=" + longTag).statusCode()).isEqualTo(400);

		var hanako = TestResidents.hanako(residents);
		var household = staff.submit("/staff/residents/" + hanako.resident().account() + "/household",
				"/staff/residents/" + hanako.resident().account() + "/household",
				List.of(Map.entry("addressBlock", "丁目".repeat(51)), Map.entry("household", "世帯"),
						Map.entry("device", "LENT_TABLET"), Map.entry("tabletAsset", "T".repeat(41))));
		assertThat(household.statusCode()).isEqualTo(400);
		assertThat(residents.household(hanako.resident().account()).addressBlock()).isNull();

		var clientsBefore = countOf("oauth2_registered_client");
		var client = staff.submit("/admin/clients", "/admin/clients", List.of(Map.entry("name", "名".repeat(201)),
				Map.entry("redirectUris", "https://rp.example/cb"), Map.entry("scopes", "openid")));
		assertThat(client.statusCode()).isLessThan(500);
		assertThat(countOf("oauth2_registered_client")).isEqualTo(clientsBefore);

		var eventsBefore = countOf("event");
		var event = staff.submit("/staff/events/new", "/staff/events", eventForm("題".repeat(201), "健康"));
		assertThat(event.statusCode()).isEqualTo(200);
		assertThat(event.body()).contains("error");
		var tagged = staff.submit("/staff/events/new", "/staff/events", eventForm("体操", longTag));
		assertThat(tagged.statusCode()).isEqualTo(200);
		assertThat(countOf("event")).isEqualTo(eventsBefore);

		var search = staff.get("/staff/residents?q=" + "a".repeat(1500));
		assertThat(search.statusCode()).isEqualTo(200);

		var registered = countOf("resident");
		var visitor = new Browser(port);
		var register = visitor.submit("/register", "/register", registration("花".repeat(101), "hanako-long@example.jp"));
		assertThat(register.statusCode()).isEqualTo(200);
		var longLogin = visitor.submit("/register", "/register",
				registration("花子", "h".repeat(250) + "@example.jp"));
		assertThat(longLogin.statusCode()).isEqualTo(200);
		assertThat(countOf("resident")).isEqualTo(registered);

		var partner = partner();
		var body = """
				{"resident":"%s","type":"CHECK_IN","occurredAt":"2026-11-01T01:00:00Z"}""".formatted(partner.subject);
		var longKey = postActivity(partner.token, "k".repeat(201), body, "ja");
		assertThat(longKey.statusCode()).isEqualTo(400);
		assertThat(longKey.body()).contains("https://tsunagu.example/problems/validation");
		assertThat(activitiesOf(partner)).isZero();
	}

	@Test
	void whenAnyTextCarriesANulCharacterThenItIsRefusedAndNothingIsStored() throws Exception {
		var partner = partner();
		var nulPlace = postActivity(partner.token, "k-" + UUID.randomUUID(), """
				{"resident":"%s","type":"CHECK_IN","occurredAt":"2026-11-01T01:00:00Z","place":"公園\\u0000"}"""
			.formatted(partner.subject), "ja");
		assertThat(nulPlace.statusCode()).isEqualTo(400);
		assertThat(nulPlace.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
		assertThat(activitiesOf(partner)).isZero();

		var visitor = new Browser(port);
		var authorize = visitor.get("/oauth2/authorize?response_type=code&scope=openid&client_id=rp%00x&redirect_uri="
				+ TestClients.REDIRECT);
		assertThat(authorize.statusCode()).isEqualTo(400);
		assertThat(authorize.body()).contains("<html");
		var registered = countOf("resident");
		var register = visitor.submit("/register", "/register", registration("花" + NUL, "nul@example.jp"));
		assertThat(register.statusCode()).isEqualTo(400);
		assertThat(countOf("resident")).isEqualTo(registered);

		var staff = admin();
		var eventsBefore = countOf("event");
		assertThat(staff.submit("/staff/events/new", "/staff/events", eventForm("体操" + NUL, "健康")).statusCode())
			.isEqualTo(400);
		assertThat(countOf("event")).isEqualTo(eventsBefore);
		assertThat(staff.get("/staff/residents?q=%00").statusCode()).isEqualTo(400);
		var tea = TestEvents.tea(events, 5);
		assertThat(staff.get("/staff/events/" + tea.id() + "?q=a%00").statusCode()).isEqualTo(400);
		assertThat(staff.submit("/staff/events/" + tea.id(), "/staff/events/" + tea.id() + "/check-in",
				List.of(Map.entry("code", "a" + NUL))).statusCode()).isEqualTo(400);
		assertThat(events.signups(tea.id())).isEmpty();

		var resident = resident();
		var watching = resident.submit("/watching", "/watching",
				List.of(Map.entry("login", "x" + NUL + "@example.jp"), Map.entry("relation", "FAMILY")));
		assertThat(watching.statusCode()).isEqualTo(400);

		for (var endpoint : List.of("/oauth2/introspect", "/oauth2/revoke")) {
			var answer = http.send(HttpRequest.newBuilder(URI.create(base() + endpoint))
				.header("Authorization", basic(partner.client))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString("token=abc%00def")).build(), HttpResponse.BodyHandlers.ofString());
			assertThat(answer.statusCode()).as(endpoint).isEqualTo(400);
			assertThat(answer.headers().firstValue("Content-Type").orElseThrow()).as(endpoint)
				.startsWith("application/problem+json");
		}
	}

	@Test
	void whenAFormValueHasTheWrongTypeThenThePageComesBackWithTheMistakeAndNothingIsStored() {
		var registered = countOf("resident");
		var visitor = new Browser(port);
		var wrongArea = new ArrayList<>(registration("花子", "wrong-area@example.jp"));
		// an area that does not exist, and a day that does not exist (checked after binding, on the record)
		wrongArea.replaceAll(e -> e.getKey().equals("area") ? Map.entry("area", "NOWHERE")
				: e.getKey().equals("birthDay") ? Map.entry("birthDay", "31")
				: e.getKey().equals("birthMonth") ? Map.entry("birthMonth", "2") : e);
		var page = visitor.submit("/register", "/register", wrongArea);
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains(message("typeMismatch"));
		var staff = admin();
		var helpDesk = staff.submit("/staff/residents/new", "/staff/residents", wrongArea);
		assertThat(helpDesk.statusCode()).isEqualTo(200);
		assertThat(countOf("resident")).isEqualTo(registered);
		var events = countOf("event");
		var wrongCapacity = new ArrayList<>(eventForm("体操", "健康"));
		wrongCapacity.replaceAll(e -> e.getKey().equals("capacity") ? Map.entry("capacity", "1e5")
				: e.getKey().equals("kind") ? Map.entry("kind", "PARTY") : e);
		var event = staff.submit("/staff/events/new", "/staff/events", wrongCapacity);
		assertThat(event.statusCode()).isEqualTo(200);
		assertThat(event.body()).contains(message("typeMismatch.capacity"));
		assertThat(countOf("event")).isEqualTo(events);
	}

	@Test
	void whenAFormBodyIsTenMegabytesThenTheAnswerIs413WithAPlainPage() throws Exception {
		var body = "title=" + "a".repeat(10 * 1024 * 1024);
		var answer = http.send(HttpRequest.newBuilder(URI.create(base() + "/register"))
			.header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/html")
			.POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
		assertThat(answer.statusCode()).isEqualTo(413);
		assertThat(answer.body()).contains("<html").contains(message("error.413"));
	}

	@Test
	void whenAJsonFieldIsGivenTwiceThenTheRequestIsRefused() throws Exception {
		var partner = partner();
		var twice = postActivity(partner.token, "k-" + UUID.randomUUID(), """
				{"resident":"%s","type":"CHECK_IN","occurredAt":"2026-11-01T01:00:00Z","place":"a","place":"b"}"""
			.formatted(partner.subject), "ja");
		assertThat(twice.statusCode()).isEqualTo(400);
		assertThat(twice.body()).contains("https://tsunagu.example/problems/duplicate-field", "\"field\":\"place\"",
				"二度");
		assertThat(activitiesOf(partner)).isZero();
	}

	@Test
	void whenTheProblemTableIsReadThenEveryTypeHasAJapaneseAndEnglishTitleAndDetail() {
		// through the application's MessageSource: the shared bundle and each module's own (i18n/<module>_*)
		assertThat(types.slugs()).contains("event-not-found", "unknown-resident", "nul-character", "unavailable")
			.allSatisfy(slug -> {
				for (var locale : List.of(java.util.Locale.JAPANESE, java.util.Locale.ENGLISH)) {
					for (var part : List.of(".title", ".detail")) {
						assertThat(messageSource.getMessage("problem." + slug + part, null, null, locale))
							.as(slug + part + " " + locale).isNotBlank();
					}
				}
			});
	}

	// --- helpers

	record Partner(PartnerClient.Registered client, String token, String subject) {
	}

	Partner partner() throws Exception {
		var hanako = TestResidents.hanako(residents);
		var accountSubject = accounts.find(hanako.resident().account()).orElseThrow().subject();
		var client = TestClients.confidential(clients, Set.of("openid", "activity.write"));
		var subject = subjects.subjectFor(client.client().clientId(), accountSubject).orElseThrow();
		TokenResponse response = TokenResponse.parse(new TokenRequest(URI.create(base() + "/oauth2/token"),
				new ClientSecretBasic(new ClientID(client.client().clientId()), new Secret(client.secret())),
				new ClientCredentialsGrant(), new Scope("activity.write")).toHTTPRequest().send());
		return new Partner(client, response.toSuccessResponse().getTokens().getAccessToken().getValue(), subject);
	}

	long activitiesOf(Partner partner) {
		return jdbc.sql("SELECT COUNT(*) FROM activity WHERE submitter = ?")
			.param("partner:" + partner.client.client().clientId()).query(Long.class).single();
	}

	HttpResponse<String> postActivity(String token, String key, String body, String language) throws Exception {
		var request = HttpRequest.newBuilder(URI.create(base() + "/api/activities"))
			.header("Content-Type", "application/json").header("Accept-Language", language)
			.header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(body));
		if (key != null) {
			request.header("Idempotency-Key", key);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	static String basic(PartnerClient.Registered client) {
		return "Basic " + java.util.Base64.getEncoder().encodeToString(
				(client.client().clientId() + ":" + client.secret()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
	}

	Browser admin() {
		var browser = new Browser(port);
		browser.signIn(TestAdmins.admin(accounts), TestAdmins.PASSWORD);
		return browser;
	}

	Browser resident() {
		var hanako = TestResidents.hanako(residents);
		var browser = new Browser(port);
		browser.signIn(hanako.login(), hanako.password());
		return browser;
	}

	static List<Map.Entry<String, String>> eventForm(String title, String tags) {
		var day = Instant.now().plus(10, ChronoUnit.DAYS).atZone(java.time.ZoneId.of("Asia/Tokyo")).toLocalDate();
		return List.of(Map.entry("title", title), Map.entry("description", "説明"), Map.entry("place", "集会所"),
				Map.entry("kind", "HEALTH"), Map.entry("year", String.valueOf(day.getYear())),
				Map.entry("month", String.valueOf(day.getMonthValue())), Map.entry("day", String.valueOf(day.getDayOfMonth())),
				Map.entry("startTime", "10:00"), Map.entry("endTime", "11:00"), Map.entry("capacity", "10"),
				Map.entry("tags", tags));
	}

	static List<Map.Entry<String, String>> registration(String givenName, String login) {
		return List.of(Map.entry("familyName", "札幌"), Map.entry("givenName", givenName),
				Map.entry("familyNameKana", "サッポロ"), Map.entry("givenNameKana", "ハナコ"), Map.entry("birthYear", "1950"),
				Map.entry("birthMonth", "1"), Map.entry("birthDay", "2"), Map.entry("area", "MOMIJIDAI"),
				Map.entry("phone", ""), Map.entry("loginName", login), Map.entry("password", TestResidents.PASSWORD));
	}

	long countOf(String table) {
		return jdbc.sql("SELECT COUNT(*) FROM " + table).query(Long.class).single();
	}

	String base() {
		return "http://localhost:" + port;
	}

	static String message(String key) {
		return messages("/messages_ja.properties").getProperty(key, "??" + key);
	}

	static java.util.Properties messages(String file) {
		try (var in = HostileInputTests.class.getResourceAsStream(file)) {
			var properties = new java.util.Properties();
			properties.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
			return properties;
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}
}
