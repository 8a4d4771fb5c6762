package jp.tsunagu.activity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.modulith.events.core.EventPublicationRepository;
import org.springframework.modulith.test.ApplicationModuleTest;
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
				Instant.now().truncatedTo(ChronoUnit.SECONDS), "青葉 集会所", EventKind.LOCAL);

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
}
