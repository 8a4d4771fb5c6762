package jp.tsunagu.activity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.BeforeEach;
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

import jp.tsunagu.TsunaguTest;
import jp.tsunagu.identity.Accounts;
import jp.tsunagu.identity.PartnerClients;
import jp.tsunagu.identity.PartnerSubjects;
import jp.tsunagu.identity.TestClients;
import jp.tsunagu.identity.TestResidents;
import jp.tsunagu.residents.DataSharing;
import jp.tsunagu.residents.Residents;
import jp.tsunagu.residents.SharingPurpose;

/**
 * Activity intake counts every submission once, however often and however concurrently it is
 * repeated, both inside the platform and through the partner API over HTTP.
 */
@TsunaguTest
class ActivityIntakeTests {

	@LocalServerPort
	int port;

	@Autowired
	Timeline timeline;

	@Autowired
	Residents residents;

	@Autowired
	Accounts accounts;

	@Autowired
	PartnerClients clients;

	@Autowired
	JdbcClient jdbc;

	TestResidents.Registered hanako;

	String accountSubject;

	/** How the last partner made here knows Hanako: the sub it was given at her sign-in. */
	String subject;

	final HttpClient http = HttpClient.newHttpClient();

	@Autowired
	PartnerSubjects subjects;

	@Autowired
	DataSharing sharing;

	String partnerClientId;

	@BeforeEach
	void resident() {
		hanako = TestResidents.hanako(residents);
		accountSubject = accounts.find(hanako.resident().account()).orElseThrow().subject();
		subject = accountSubject;
	}

	@Test
	void whenManyThreadsReportTheSameKeyThenOneActivityIsRecorded() throws Exception {
		var report = new ActivityReport(hanako.resident().account(), ActivityType.CHECK_IN,
				Instant.now().truncatedTo(ChronoUnit.SECONDS), "もみじ台 地域交流エリア", ActivitySource.STAFF, "staff:test",
				"desk-" + UUID.randomUUID());
		var results = concurrently(16, () -> timeline.record(report));
		assertThat(results).filteredOn(RecordedActivity::created).hasSize(1);
		assertThat(results).extracting(r -> r.activity().id()).containsOnly(results.getFirst().activity().id());
		assertThat(count(report.idempotencyKey())).isEqualTo(1);
	}

	@Test
	void whenPartnerRetriesConcurrentlyOverHttpThenOneIsCreatedAndTheRestSeeIt() throws Exception {
		var token = partnerToken(Set.of("openid", "activity.write"), "activity.write");
		var key = "walk-" + UUID.randomUUID();
		var body = """
				{"resident":"%s","type":"EVENT_ATTENDED","occurredAt":"%s","place":"青葉 公園"}
				""".formatted(subject, Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS));
		var statuses = concurrently(12, () -> post(token, key, body).statusCode());
		assertThat(statuses).containsOnly(201, 200);
		assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
		assertThat(count(key)).isEqualTo(1);

		var different = post(token, key, body.replace("青葉 公園", "もみじ台 公園"));
		assertThat(different.statusCode()).as("same key, different activity").isEqualTo(422);
		assertThat(different.body()).contains("idempotency-key-reused");
		assertThat(count(key)).isEqualTo(1);
	}

	@Test
	void whenTokenLacksScopeOrIsMissingThenTheApiRefuses() throws Exception {
		var body = """
				{"resident":"%s","type":"CHECK_IN","occurredAt":"2026-11-01T01:00:00Z","idempotencyKey":"k1"}
				""".formatted(subject);
		var anonymous = post(null, null, body);
		assertThat(anonymous.statusCode()).isEqualTo(401);
		assertThat(anonymous.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Bearer");
		assertThat(anonymous.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
		assertThat(anonymous.body()).contains("https://tsunagu.example/problems/unauthenticated", "アクセストークン");
		var withoutScope = partnerToken(Set.of("openid", "profile"), "profile");
		var refused = post(withoutScope, null, body);
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(refused.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("insufficient_scope");
		assertThat(refused.body()).contains("https://tsunagu.example/problems/insufficient-scope");
	}

	@Test
	void whenSubmissionIsWrongThenProblemDetailsSayWhatAndNothingIsStored() throws Exception {
		var token = partnerToken(Set.of("openid", "activity.write"), "activity.write");
		var unknown = post(token, "k-" + UUID.randomUUID(), """
				{"resident":"nobody","type":"CHECK_IN","occurredAt":"2026-11-01T01:00:00Z"}""");
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(unknown.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
		assertThat(unknown.body()).contains("https://tsunagu.example/problems/unknown-resident");

		var noKey = post(token, null, """
				{"resident":"%s","type":"CHECK_IN","occurredAt":"2026-11-01T01:00:00Z"}""".formatted(subject));
		assertThat(noKey.statusCode()).isEqualTo(400);
		assertThat(noKey.body()).contains("idempotency-key-missing");

		var badType = post(token, "k-" + UUID.randomUUID(), """
				{"resident":"%s","type":"DANCING","occurredAt":"2026-11-01T01:00:00Z"}""".formatted(subject));
		assertThat(badType.statusCode()).isEqualTo(400);
		var future = post(token, "k-" + UUID.randomUUID(), """
				{"resident":"%s","type":"CHECK_IN","occurredAt":"2999-01-01T00:00:00Z"}""".formatted(subject));
		assertThat(future.statusCode()).isEqualTo(400);
		assertThat(future.body()).contains("occurredAt");
		assertThat(timeline.latest(hanako.resident().account(), 10)).isEmpty();
	}

	@Test
	void whenTheResidentHasNotAgreedToShareTheirActivityWithThePartnerThenItMayNotWriteIt() throws Exception {
		var token = partnerTokenWithoutConsent(Set.of("openid", "activity.write"), "activity.write");
		var body = """
				{"resident":"%s","type":"CHECK_IN","occurredAt":"%s","place":"青葉 公園"}
				""".formatted(subject, Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS));
		var refused = post(token, "walk-" + UUID.randomUUID(), body);
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(refused.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
		assertThat(refused.body()).contains("https://tsunagu.example/problems/no-activity-consent", "同意");
		assertThat(timeline.latest(hanako.resident().account(), 10)).as("nothing stored").isEmpty();

		var consent = sharing.give(hanako.resident().account(), partnerClientId, SharingPurpose.ACTIVITY_FOR_REWARDS);
		assertThat(post(token, "walk-" + UUID.randomUUID(), body).statusCode()).isEqualTo(201);
		sharing.withdraw(hanako.resident().account(), consent.id());
		assertThat(post(token, "walk-" + UUID.randomUUID(), body).statusCode()).as("withdrawn: refused again")
			.isEqualTo(403);
		assertThat(timeline.latest(hanako.resident().account(), 10)).hasSize(1);
	}

	@Test
	void whenThePartnerAsksForEnglishThenTheProblemIsInEnglishAndOtherwiseInJapanese() throws Exception {
		var token = partnerToken(Set.of("openid", "activity.write"), "activity.write");
		var body = """
				{"resident":"nobody","type":"CHECK_IN","occurredAt":"2026-11-01T01:00:00Z"}""";
		for (var language : new String[][] { { "en-US,en;q=0.9", "Unknown resident" }, { "ja", "住民が見つかりません" },
				{ "fr", "住民が見つかりません" }, { "", "住民が見つかりません" } }) {
			var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/activities"))
				.header("Content-Type", "application/json")
				.header("Authorization", "Bearer " + token)
				.header("Idempotency-Key", "k-" + UUID.randomUUID())
				.POST(HttpRequest.BodyPublishers.ofString(body));
			if (!language[0].isEmpty()) {
				request.header("Accept-Language", language[0]);
			}
			var answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(answer.statusCode()).isEqualTo(404);
			assertThat(answer.body()).as("Accept-Language: %s", language[0]).contains(language[1]);
		}
	}

	@Test
	void whenAPartnerStillUsesTheUnversionedPathThenItWorksAndIsToldWhereToMove() throws Exception {
		var token = partnerToken(Set.of("openid", "activity.write"), "activity.write");
		var answer = post("/api/activities", token, "old-" + UUID.randomUUID(), """
				{"resident":"%s","type":"CHECK_IN","occurredAt":"%s"}
				""".formatted(subject, Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS)));
		assertThat(answer.statusCode()).isEqualTo(201);
		assertThat(answer.headers().firstValue("Deprecation")).contains("true");
		assertThat(answer.headers().firstValue("Link").orElseThrow()).contains("</api/v1/activities>", "successor-version");
		assertThat(answer.headers().firstValue("Location").orElseThrow()).contains("/api/v1/activities/");
	}

	private HttpResponse<String> post(String token, String key, String body) throws Exception {
		return post("/api/v1/activities", token, key, body);
	}

	private HttpResponse<String> post(String path, String token, String key, String body) throws Exception {
		var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.header("Content-Type", "application/json")
			.header("Accept-Language", "ja")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		if (key != null) {
			request.header("Idempotency-Key", key);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** A partner's back-end token; Hanako has agreed that this partner keeps her activity record. */
	private String partnerToken(Set<String> allowed, String scope) throws Exception {
		var token = partnerTokenWithoutConsent(allowed, scope);
		sharing.give(hanako.resident().account(), partnerClientId, SharingPurpose.ACTIVITY_FOR_REWARDS);
		return token;
	}

	private String partnerTokenWithoutConsent(Set<String> allowed, String scope) throws Exception {
		var client = TestClients.confidential(clients, allowed);
		partnerClientId = client.client().clientId();
		subject = subjects.subjectFor(client.client().clientId(), accountSubject).orElseThrow();
		TokenResponse response = TokenResponse.parse(new TokenRequest(
				URI.create("http://localhost:" + port + "/oauth2/token"),
				new ClientSecretBasic(new ClientID(client.client().clientId()), new Secret(client.secret())),
				new ClientCredentialsGrant(), new Scope(scope)).toHTTPRequest().send());
		return response.toSuccessResponse().getTokens().getAccessToken().getValue();
	}

	private long count(String key) {
		return jdbc.sql("SELECT COUNT(*) FROM activity WHERE idempotency_key = ?").param(key).query(Long.class).single();
	}

	private static <T> List<T> concurrently(int threads, Callable<T> task) throws Exception {
		var start = new CountDownLatch(1);
		try (var pool = Executors.newFixedThreadPool(threads)) {
			var futures = new ArrayList<java.util.concurrent.Future<T>>();
			for (int i = 0; i < threads; i++) {
				futures.add(pool.submit(() -> {
					start.await();
					return task.call();
				}));
			}
			start.countDown();
			var results = new ArrayList<T>();
			for (var f : futures) {
				results.add(f.get());
			}
			return results;
		}
	}
}
