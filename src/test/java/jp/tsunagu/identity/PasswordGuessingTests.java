package jp.tsunagu.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
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

import io.micrometer.core.instrument.MeterRegistry;

import jp.tsunagu.Browser;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.residents.Residents;

/**
 * Guessing passwords: the lock holds whatever the concurrency, it answers the same whether the
 * login exists or not, and the token endpoint refuses a client without credentials as OAuth says.
 */
@TsunaguTest
class PasswordGuessingTests {

	@LocalServerPort
	int port;

	@Autowired
	Residents residents;

	@Autowired
	MeterRegistry meters;

	@Autowired
	JdbcClient jdbc;

	@Test
	void whenTwentyNineGuessesArriveAtOnceThenAtMostFiveAreComparedAndTheRightPasswordIsRefused() throws Exception {
		var kazuo = TestResidents.hanako(residents);
		var browsers = new ArrayList<Browser>();
		var forms = new ArrayList<List<Map.Entry<String, String>>>();
		for (int i = 0; i < 29; i++) {
			var browser = new Browser(port);
			var csrf = Browser.csrfOf(browser.get("/login").body());
			browsers.add(browser);
			forms.add(List.of(Map.entry("username", kazuo.login()), Map.entry("password", "wrong-guess-" + i),
					Map.entry("_csrf", csrf)));
		}
		double comparedBefore = compared();
		var start = new CountDownLatch(1);
		var answers = new ArrayList<String>();
		try (var pool = Executors.newFixedThreadPool(29)) {
			var futures = new ArrayList<Future<String>>();
			for (int i = 0; i < 29; i++) {
				int n = i;
				futures.add(pool.submit(() -> {
					start.await();
					return browsers.get(n).post("/login", forms.get(n)).headers().firstValue("Location").orElse("");
				}));
			}
			start.countDown();
			for (var f : futures) {
				answers.add(f.get());
			}
		}
		assertThat(compared() - comparedBefore).as("passwords compared").isLessThanOrEqualTo(5);
		assertThat(answers).allMatch(a -> a.endsWith("/login?error") || a.endsWith("/login?locked"));
		assertThat(new Browser(port).signIn(kazuo.login(), kazuo.password())).endsWith("/login?locked");
	}

	@Test
	void whenALockHasEndedThenOneTypoDoesNotLockAgainAndTheRightPasswordSignsIn() throws Exception {
		var hanako = TestResidents.hanako(residents);
		var guesser = new Browser(port);
		for (int i = 0; i < 5; i++) {
			assertThat(guesser.signIn(hanako.login(), "wrong-guess-" + i)).endsWith("/login?error");
		}
		assertThat(new Browser(port).signIn(hanako.login(), hanako.password())).as("locked").endsWith("/login?locked");

		fifteenMinutesPassFor(hanako.login());

		var resident = new Browser(port);
		assertThat(resident.signIn(hanako.login(), "one-typo")).as("one typo after the lock").endsWith("/login?error");
		assertThat(resident.signIn(hanako.login(), hanako.password())).as("then the right password")
			.isEqualTo(resident.base() + "/");
	}

	@Test
	void whenALoginThatDoesNotExistIsGuessedThenTheAnswersAreTheSameAsForOneThatDoes() {
		var real = TestResidents.hanako(residents).login();
		var unknown = "nobody-" + UUID.randomUUID() + "@example.jp";
		for (var login : List.of(real, unknown)) {
			var browser = new Browser(port);
			var answers = new ArrayList<String>();
			for (int i = 0; i < 6; i++) {
				answers.add(browser.signIn(login, "wrong-guess-" + i).replace(browser.base(), ""));
			}
			assertThat(answers).as(login).containsExactly("/login?error", "/login?error", "/login?error",
					"/login?error", "/login?error", "/login?locked");
		}
	}

	@Test
	void whenTheTokenEndpointIsCalledWithoutClientCredentialsThenItAnswersInvalidClient() throws Exception {
		var response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/oauth2/token"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.header("Accept", "*/*")
				.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
		assertThat(response.body()).contains("\"error\":\"invalid_client\"");
	}

	/**
	 * Moves this login's counter (window and lock) back past the 15 minutes of the lock, as the clock
	 * would; the key is the throttle's own (a hash of the normal form), and exactly one row must move.
	 */
	private void fifteenMinutesPassFor(String login) throws Exception {
		var key = "name:" + Base64.getUrlEncoder().withoutPadding()
			.encodeToString(MessageDigest.getInstance("SHA-256").digest(LoginNames.normalize(login).getBytes(StandardCharsets.UTF_8)));
		var row = jdbc.sql("SELECT window_ends_at, locked_until FROM sign_in_failure WHERE counter_key = ?")
			.param(key)
			.query((rs, n) -> new OffsetDateTime[] { rs.getObject(1, OffsetDateTime.class), rs.getObject(2, OffsetDateTime.class) })
			.single();
		assertThat(row[1]).as("locked until").isNotNull();
		var passed = Duration.ofMinutes(16);
		assertThat(jdbc.sql("UPDATE sign_in_failure SET window_ends_at = ?, locked_until = ? WHERE counter_key = ?")
			.params(row[0].minus(passed), row[1].minus(passed), key)
			.update()).isEqualTo(1);
	}

	/** Secrets compared with their hash so far (the meter must exist: it is what is measured). */
	private double compared() {
		return meters.get("tsunagu.identity.secrets.verified").counter().count();
	}
}
