package jp.tsunagu.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;

import jp.tsunagu.Browser;
import jp.tsunagu.TestDatabase;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.identity.PartnerClients;
import jp.tsunagu.identity.TestClients;
import jp.tsunagu.identity.TestResidents;
import jp.tsunagu.residents.Residents;

/**
 * When the database goes away, requests in flight answer 503 (a problem detail for APIs, a plain page
 * for people) with Retry-After, not the container's 500; when it is back, everything works again.
 * The pool is made to fail on demand (on H2 and PostgreSQL alike), and on PostgreSQL the server also
 * really drops every connection of the application ({@code pg_terminate_backend}).
 */
@TsunaguTest
@Import(DatabaseOutageTests.Outage.class)
class DatabaseOutageTests {

	static final AtomicBoolean AWAY = new AtomicBoolean();

	@LocalServerPort
	int port;

	@Autowired
	Residents residents;

	@Autowired
	PartnerClients clients;

	@Autowired
	JdbcClient jdbc;

	final HttpClient http = HttpClient.newHttpClient();

	@AfterEach
	void back() {
		AWAY.set(false);
	}

	@Test
	void whenTheDatabaseCannotBeReachedThenPagesAndApisAnswer503AndRecoverAfterwards() throws Exception {
		var hanako = TestResidents.hanako(residents);
		var browser = new Browser(port);
		browser.signIn(hanako.login(), hanako.password());
		var token = partnerToken();
		assertThat(browser.get("/events").statusCode()).isEqualTo(200);

		AWAY.set(true);
		var page = browser.get("/events");
		assertThat(page.statusCode()).isEqualTo(503);
		assertThat(page.headers().firstValue("Retry-After")).isPresent();
		assertThat(page.body()).contains("<html").contains(HostileInputTests.message("error.503"));
		var post = browser.post("/events/" + java.util.UUID.randomUUID() + "/signup", List.of());
		assertThat(post.statusCode()).isEqualTo(503);
		assertThat(new Browser(port).get("/login").statusCode()).as("a new visitor's session cannot be stored")
			.isEqualTo(503);
		var api = postActivity(token);
		assertThat(api.statusCode()).isEqualTo(503);
		assertThat(api.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
		assertThat(api.body()).contains("https://tsunagu.example/problems/unavailable");

		AWAY.set(false);
		assertThat(browser.get("/events").statusCode()).isEqualTo(200);
	}

	@Test
	void whenPostgresqlDropsTheConnectionsThenRequestsInFlightAnswer503OrSucceedNeverA500() throws Exception {
		org.junit.jupiter.api.Assumptions.assumeTrue(TestDatabase.postgres(), "pg_terminate_backend is PostgreSQL's");
		var hanako = TestResidents.hanako(residents);
		var browser = new Browser(port);
		browser.signIn(hanako.login(), hanako.password());
		var statuses = new ArrayList<Integer>();
		try (var pool = Executors.newFixedThreadPool(8)) {
			for (int round = 0; round < 5; round++) {
				var answers = new ArrayList<Future<Integer>>();
				for (int i = 0; i < 8; i++) {
					answers.add(pool.submit(() -> browser.get("/events").statusCode()));
				}
				try (var admin = java.sql.DriverManager.getConnection(TestDatabase.url(),
						System.getenv().getOrDefault("TSUNAGU_DB_USER", "postgres"),
						System.getenv().getOrDefault("TSUNAGU_DB_PASSWORD", ""));
						var kill = admin.prepareStatement("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
								+ "WHERE datname = current_database() AND pid <> pg_backend_pid()")) {
					kill.execute();
				}
				for (var answer : answers) {
					statuses.add(answer.get());
				}
			}
		}
		assertThat(statuses).allSatisfy(s -> assertThat(s).isIn(200, 503));
		// the pool lets go of the dead connections at the first 503; the very next request may still
		// have been handed one, so "reconnects" is: answers 200 again within a few requests
		var after = new ArrayList<Integer>();
		for (int i = 0; i < 5 && (after.isEmpty() || after.getLast() != 200); i++) {
			after.add(browser.get("/events").statusCode());
		}
		assertThat(after).as("the pool reconnects").last().isEqualTo(200);
		assertThat(after).as("never a 500 while it does").allSatisfy(s -> assertThat(s).isIn(200, 503));
	}

	HttpResponse<String> postActivity(String token) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/activities"))
			.header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
			.header("Idempotency-Key", "k-" + java.util.UUID.randomUUID())
			.POST(HttpRequest.BodyPublishers.ofString("""
					{"resident":"x","type":"CHECK_IN","occurredAt":"2026-11-01T01:00:00Z"}"""))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	String partnerToken() throws Exception {
		var client = TestClients.confidential(clients, Set.of("openid", "activity.write"));
		TokenResponse response = TokenResponse.parse(new TokenRequest(
				URI.create("http://localhost:" + port + "/oauth2/token"),
				new ClientSecretBasic(new ClientID(client.client().clientId()), new Secret(client.secret())),
				new ClientCredentialsGrant(), new Scope("activity.write")).toHTTPRequest().send());
		return response.toSuccessResponse().getTokens().getAccessToken().getValue();
	}

	/** The application's pool, made to fail as an exhausted or unreachable one does while {@link #AWAY}. */
	@TestConfiguration(proxyBeanMethods = false)
	static class Outage {

		@Bean
		static BeanPostProcessor switchableDatabase() {
			return new BeanPostProcessor() {
				@Override
				public Object postProcessAfterInitialization(Object bean, String name) {
					if (bean instanceof DataSource dataSource && !(bean instanceof Switchable)) {
						return new Switchable(dataSource);
					}
					return bean;
				}
			};
		}
	}

	static final class Switchable extends DelegatingDataSource {

		Switchable(DataSource target) {
			super(target);
		}

		@Override
		public Connection getConnection() throws SQLException {
			if (AWAY.get()) {
				throw new SQLTransientConnectionException("HikariPool - Connection is not available (test)");
			}
			return super.getConnection();
		}

		@Override
		public Connection getConnection(String user, String password) throws SQLException {
			return getConnection();
		}
	}
}
