package jp.tsunagu.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import jp.tsunagu.Browser;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.residents.Residents;

/** One address spraying wrong passwords over many accounts is made to wait, with a plain page. */
@TsunaguTest
@TestPropertySource(properties = "tsunagu.identity.throttle.per-source-failures=12")
class SourceThrottleTests {

	@LocalServerPort
	int port;

	@Autowired
	Residents residents;

	@Test
	void whenOneSourceFailsAcrossManyAccountsThenItIsAnswered429AndEvenRightPasswordsWait() {
		var victims = new ArrayList<TestResidents.Registered>();
		for (int i = 0; i < 13; i++) {
			victims.add(TestResidents.hanako(residents));
		}
		// both behind the city's proxy, which names the address each request came from
		// (documentation addresses, new each run: a database kept between runs remembers the last)
		var attacker = new Browser(port, Map.of("X-Forwarded-For", documentationAddress()));
		var answers = new ArrayList<String>();
		for (int round = 0; round < 4; round++) {
			for (int i = 0; i < 12; i++) {
				answers.add(attacker.signIn(victims.get(i).login(), "guess-" + round));
			}
		}
		assertThat(answers.subList(0, 12)).allMatch(a -> a.endsWith("/login?error"));
		assertThat(answers.subList(12, 48)).as("after 12 failures").allMatch(String::isEmpty);

		var csrf = Browser.csrfOf(attacker.get("/login").body());
		var refused = attacker.post("/login", List.of(Map.entry("username", victims.get(12).login()),
				Map.entry("password", victims.get(12).password()), Map.entry("_csrf", csrf)));
		assertThat(refused.statusCode()).isEqualTo(429);
		assertThat(refused.headers().firstValue("Retry-After")).isPresent();
		assertThat(Jsoup.parse(refused.body()).select("[role=alert]").text()).contains("10分ほど待って");

		var resident = new Browser(port, Map.of("X-Forwarded-For", documentationAddress()));
		assertThat(resident.signIn(victims.get(12).login(), victims.get(12).password()))
			.as("from her own tablet: the account itself is not locked").doesNotContain("error").doesNotContain("locked");
	}

	private static String documentationAddress() {
		var random = java.util.concurrent.ThreadLocalRandom.current();
		return "2001:db8::%x:%x:%x".formatted(random.nextInt(0x10000), random.nextInt(0x10000), random.nextInt(0x10000));
	}
}
