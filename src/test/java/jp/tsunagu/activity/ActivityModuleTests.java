package jp.tsunagu.activity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.modulith.events.core.EventPublicationRepository;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.AssertablePublishedEvents;
import org.springframework.modulith.test.Scenario;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;

import jp.tsunagu.TestDatabase;
import jp.tsunagu.events.AttendanceRecorded;
import jp.tsunagu.events.EventKind;
import jp.tsunagu.identity.AccountId;

/**
 * The activity module with the modules it depends on (not portal, outreach or demo): what other modules announce reaches
 * the resident's timeline once, however often it is delivered.
 * Beans are created when first used (lazy initialization), so the module test starts in seconds;
 * that every bean starts is checked by the integration tests, which start the platform eagerly.
 */
@ApplicationModuleTest(mode = ApplicationModuleTest.BootstrapMode.ALL_DEPENDENCIES, extraIncludes = "platform")
@TestPropertySource(properties = { "tsunagu.demo.enabled=false", "spring.main.lazy-initialization=true" })
@ContextConfiguration(initializers = TestDatabase.class)
class ActivityModuleTests {

	@Autowired
	Timeline timeline;

	@Autowired
	EventPublicationRepository publications;

	@Test
	void whenAnEventAnnouncesAttendanceThenItIsOnTheTimelineOnceEvenIfDeliveredAgain(Scenario scenario) {
		var resident = new AccountId(UUID.randomUUID());
		var attended = new AttendanceRecorded(UUID.randomUUID(), UUID.randomUUID(), resident,
				Instant.now().truncatedTo(ChronoUnit.SECONDS), "青葉 集会所", EventKind.LOCAL, java.util.Set.of("体操"));

		scenario.publish(attended)
			.andWaitForStateChange(() -> timeline.latest(resident, 10), list -> !list.isEmpty())
			.andVerify(list -> {
				assertThat(list).singleElement().satisfies(activity -> {
					assertThat(activity.type()).isEqualTo(ActivityType.EVENT_ATTENDED);
					assertThat(activity.place()).isEqualTo("青葉 集会所");
					assertThat(activity.occurredAt()).isEqualTo(attended.at());
				});
			});

		// wait until the listener has handled the redelivery too (its publication completed), not
		// just until the timeline can be read: right after publishing it always shows one entry
		scenario.publish(attended)
			.andWaitForStateChange(() -> deliveriesOf(attended), delivered -> delivered == 2)
			.andVerify(delivered -> assertThat(timeline.latest(resident, 10)).as("a redelivery records nothing twice")
				.hasSize(1));
	}

	/** How often the registry has seen a listener complete for this very event. */
	private long deliveriesOf(Object event) {
		return publications.findCompletedPublications().stream().filter(p -> p.getEvent().equals(event)).count();
	}

	@Test
	void whenResidentsActThenTheirSummaryShowsTheLastOutingThisWeeksAndMonthsOutingsAndTheLastTabletUse(
			AssertablePublishedEvents published) {
		var resident = new AccountId(UUID.randomUUID());
		var now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		assertThat(timeline.summary(resident)).isEqualTo(ActivitySummary.none(resident));

		var out = timeline.record(report(resident, ActivityType.CHECK_IN, now.minus(1, ChronoUnit.MINUTES), "k1"));
		timeline.record(report(resident, ActivityType.FARM_WORK, now.minus(45, ChronoUnit.DAYS), "k2"));
		timeline.record(report(resident, ActivityType.VIDEO_WATCHED, now, "k3"));
		timeline.record(report(resident, ActivityType.TABLET_LOGIN, now.minus(2, ChronoUnit.HOURS), "k4"));
		timeline.record(report(resident, ActivityType.CHECK_IN, now.minus(1, ChronoUnit.MINUTES), "k1"));

		var summary = timeline.summary(resident);
		assertThat(summary.lastOutingAt()).as("the video is not an outing").isEqualTo(now.minus(1, ChronoUnit.MINUTES));
		assertThat(summary.outingsThisWeek()).as("45 days ago is another week; the repeat counts once").isEqualTo(1);
		assertThat(summary.outingsThisMonth()).isEqualTo(1);
		assertThat(summary.lastTabletAt()).isEqualTo(now.minus(2, ChronoUnit.HOURS));
		assertThat(published.ofType(ActivityRecorded.class).matching(e -> e.resident().equals(resident)))
			.as("four activities announced, the repeat not").hasSize(4)
			.anySatisfy(e -> assertThat(e.activity()).isEqualTo(out.activity().id()));
	}

	@Test
	void whenOneResidentsFirstActivitiesArriveAtOnceThenEachIsCounted() throws Exception {
		var resident = new AccountId(UUID.randomUUID());
		var now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
		try {
			var start = new java.util.concurrent.CountDownLatch(1);
			var done = new java.util.ArrayList<java.util.concurrent.Future<RecordedActivity>>();
			for (int i = 0; i < 8; i++) {
				var key = "at-once-" + i;
				done.add(pool.submit(() -> {
					start.await();
					return timeline.record(report(resident, ActivityType.CHECK_IN, now, key));
				}));
			}
			start.countDown();
			for (var f : done) {
				f.get();
			}
		}
		finally {
			pool.shutdown();
		}
		assertThat(timeline.summary(resident).outingsThisWeek()).isEqualTo(8);
		assertThat(timeline.summary(resident).outingsThisMonth()).isEqualTo(8);
	}

	private static ActivityReport report(AccountId resident, ActivityType type, Instant at, String key) {
		return new ActivityReport(resident, type, at, "もみじ台 地域交流エリア", ActivitySource.STAFF, "staff:test", key);
	}
}
