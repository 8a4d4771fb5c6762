package jp.tsunagu.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.AssertablePublishedEvents;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;

import jp.tsunagu.TestDatabase;
import jp.tsunagu.identity.AccountId;

/**
 * The events module announces what happened at its events in its own words; nobody needs to be
 * there to be told. A check-in announces the attendance once, however often it is pressed.
 * Beans are created when first used (lazy initialization), so the module test starts in seconds;
 * that every bean starts is checked by the integration tests, which start the platform eagerly.
 */
@ApplicationModuleTest(mode = ApplicationModuleTest.BootstrapMode.ALL_DEPENDENCIES, extraIncludes = "platform")
@TestPropertySource(properties = { "tsunagu.demo.enabled=false", "spring.main.lazy-initialization=true" })
@ContextConfiguration(initializers = TestDatabase.class)
class EventsModuleTests {

	@Autowired
	Events events;

	@Test
	void whenAResidentIsCheckedInTwiceThenTheirAttendanceIsAnnouncedOnce(AssertablePublishedEvents published) {
		var tea = TestEvents.tea(events, 10);
		var resident = new AccountId(UUID.randomUUID());
		var signup = events.checkIn(tea.id(), resident, "staff:test");
		events.checkIn(tea.id(), resident, "staff:test");

		assertThat(published.ofType(AttendanceRecorded.class)).singleElement().satisfies(attended -> {
			assertThat(attended.signup()).isEqualTo(signup.id());
			assertThat(attended.event()).isEqualTo(tea.id());
			assertThat(attended.resident()).isEqualTo(resident);
			assertThat(attended.place()).isEqualTo(tea.place());
			assertThat(attended.kind()).isEqualTo(EventKind.LOCAL);
		});
	}
}
