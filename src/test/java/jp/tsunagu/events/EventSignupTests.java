package jp.tsunagu.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import jp.tsunagu.TsunaguTest;
import jp.tsunagu.activity.ActivityType;
import jp.tsunagu.activity.Timeline;
import jp.tsunagu.identity.AccountId;
import jp.tsunagu.identity.TestResidents;
import jp.tsunagu.residents.Residents;

import org.awaitility.Awaitility;

/** Seats, waitlist and check-in hold under the pressure of a popular event. */
@TsunaguTest
class EventSignupTests {

	@org.springframework.boot.test.web.server.LocalServerPort
	int port;

	@Autowired
	Events events;

	@Autowired
	Residents residents;

	@Autowired
	Timeline timeline;

	@Test
	void whenMoreResidentsSignUpAtOnceThanThereAreSeatsThenTheRestAreWaitlistedInOrder() throws Exception {
		var tea = TestEvents.tea(events, 5);
		var people = new ArrayList<AccountId>();
		for (int i = 0; i < 16; i++) {
			people.add(TestResidents.hanako(residents).resident().account());
		}
		var start = new CountDownLatch(1);
		var results = new ArrayList<Future<SignupStatus>>();
		try (var pool = Executors.newFixedThreadPool(16)) {
			for (var person : people) {
				results.add(pool.submit(() -> {
					start.await();
					return events.signUp(tea.id(), person);
				}));
			}
			start.countDown();
			var statuses = new ArrayList<SignupStatus>();
			for (var r : results) {
				statuses.add(r.get());
			}
			assertThat(statuses).filteredOn(s -> s == SignupStatus.SIGNED_UP).hasSize(5);
			assertThat(statuses).filteredOn(s -> s == SignupStatus.WAITLISTED).hasSize(11);
		}
		var view = events.find(tea.id(), null).orElseThrow();
		assertThat(view.signedUp()).isEqualTo(5);
		assertThat(view.seatsLeft()).isZero();

		var seated = events.signups(tea.id()).stream().filter(s -> s.status() == SignupStatus.SIGNED_UP).toList();
		var firstWaiting = events.signups(tea.id()).stream().filter(s -> s.status() == SignupStatus.WAITLISTED)
			.min(java.util.Comparator.comparing(Signup::signedAt)).orElseThrow();
		assertThat(events.cancel(tea.id(), seated.getFirst().resident())).isTrue();
		assertThat(events.find(tea.id(), firstWaiting.resident()).orElseThrow().mine().status())
			.as("the first on the waitlist gets the freed seat").isEqualTo(SignupStatus.SIGNED_UP);
		assertThat(events.find(tea.id(), null).orElseThrow().signedUp()).isEqualTo(5);
		assertThat(events.cancel(tea.id(), seated.getFirst().resident())).as("cancelling twice changes nothing").isFalse();
	}

	@Test
	void whenCheckedInTwiceThenAttendanceIsRecordedOnce() {
		var tea = TestEvents.tea(events, 10);
		var walkIn = TestResidents.hanako(residents).resident().account();
		events.checkIn(tea.id(), walkIn, "staff:test");
		events.checkIn(tea.id(), walkIn, "staff:test");
		assertThat(events.find(tea.id(), walkIn).orElseThrow().mine().status()).isEqualTo(SignupStatus.SIGNED_UP);
		Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() ->
				assertThat(timeline.latest(walkIn, 10)).singleElement().satisfies(a -> {
					assertThat(a.type()).isEqualTo(ActivityType.EVENT_ATTENDED);
					assertThat(a.place()).isEqualTo("もみじ台 地域交流エリア");
				}));
	}

	@Test
	void whenAResidentPostsASignUpForAnEventNotOfferedToTheirAreaThenItIsRefusedAndNothingIsStored() {
		var start = java.time.Instant.now().plus(2, java.time.temporal.ChronoUnit.DAYS);
		var aobaOnly = events.create(new EventDraft("青葉 体操", "青葉の方の体操です。", "青葉 集会所", EventKind.HEALTH, start,
				start.plusSeconds(3600), 10, java.util.EnumSet.of(jp.tsunagu.residents.Area.AOBA), java.util.Set.of()),
				"staff:test");
		var hanako = TestResidents.hanako(residents);
		var browser = new jp.tsunagu.Browser(port);
		browser.signIn(hanako.login(), hanako.password());
		var page = browser.get("/account");
		var refused = browser.post("/events/" + aobaOnly.id() + "/signup",
				java.util.List.of(java.util.Map.entry("_csrf", jp.tsunagu.Browser.csrfOf(page.body()))));
		assertThat(refused.statusCode()).as("Hanako lives in Momijidai").isEqualTo(403);
		assertThat(events.signups(aobaOnly.id())).isEmpty();
	}
}
