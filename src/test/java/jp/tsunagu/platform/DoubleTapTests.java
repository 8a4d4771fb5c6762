package jp.tsunagu.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import jp.tsunagu.Browser;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.events.Events;
import jp.tsunagu.events.TestEvents;
import jp.tsunagu.identity.TestResidents;
import jp.tsunagu.residents.Residents;

/**
 * A double tap: one session posts the same form several times at once. Each request saves its flash
 * message into the session (Spring Session JDBC); without an upsert the second insert of the same
 * attribute failed with a duplicate key and Tomcat's bare 500. On H2 and PostgreSQL.
 */
@TsunaguTest
class DoubleTapTests {

	@LocalServerPort
	int port;

	@Autowired
	Residents residents;

	@Autowired
	Events events;

	@Test
	void whenTheSameSignUpIsTappedFiveTimesAtOnceThenItIsStoredOnceAndEveryAnswerIsANormalPage() throws Exception {
		for (int round = 0; round < 3; round++) {
			var tea = TestEvents.tea(events, 5);
			var hanako = TestResidents.hanako(residents);
			var resident = new Browser(port);
			resident.signIn(hanako.login(), hanako.password());
			var csrf = Browser.csrfOf(resident.get("/events/" + tea.id()).body());
			var start = new CountDownLatch(1);
			var answers = new ArrayList<Future<HttpResponse<String>>>();
			try (var pool = Executors.newFixedThreadPool(5)) {
				for (int i = 0; i < 5; i++) {
					answers.add(pool.submit(() -> {
						start.await();
						return resident.post("/events/" + tea.id() + "/signup", List.of(Map.entry("_csrf", csrf)));
					}));
				}
				start.countDown();
				for (var answer : answers) {
					assertThat(answer.get().statusCode()).isEqualTo(302);
					assertThat(answer.get().headers().firstValue("Location").orElseThrow()).endsWith("/events/" + tea.id());
				}
			}
			assertThat(events.signups(tea.id())).hasSize(1);
			assertThat(resident.get("/events/" + tea.id()).statusCode()).isEqualTo(200);
		}
	}
}
