package jp.tsunagu.outreach;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import jp.tsunagu.identity.AccountId;
import jp.tsunagu.residents.Area;
import jp.tsunagu.residents.Resident;

/** Who a notice reaches: areas, ages on their birthday, days since the last outing in Tokyo, attendance. */
class SegmentTests {

	static final LocalDate TODAY = LocalDate.of(2026, 12, 2);

	static final Segment.Attendance ANYONE = new Segment.Attendance(null, null);

	final Resident hanako = resident(Area.MOMIJIDAI, LocalDate.of(1951, 12, 2));

	@Test
	void whenNoCriterionIsGivenThenItIsEveryoneAndIncludesAnyResident() {
		assertThat(Segment.EVERYONE.everyone()).isTrue();
		assertThat(Segment.EVERYONE.includes(hanako, null, TODAY, ANYONE)).isTrue();
		assertThat(Segment.EVERYONE.includes(resident(Area.OTHER, LocalDate.of(2000, 1, 1)), Instant.EPOCH, TODAY, ANYONE))
			.isTrue();
	}

	@Test
	void whenAnyOneCriterionIsGivenThenItIsNotEveryone() {
		assertThat(new Segment(Area.AOBA, null, null, null, null, null).everyone()).isFalse();
		assertThat(new Segment(null, 65, null, null, null, null).everyone()).isFalse();
		assertThat(new Segment(null, null, 74, null, null, null).everyone()).isFalse();
		assertThat(new Segment(null, null, null, 7, null, null).everyone()).isFalse();
		assertThat(new Segment(null, null, null, null, UUID.randomUUID(), null).everyone()).isFalse();
		assertThat(new Segment(null, null, null, null, null, "健康").everyone()).isFalse();
	}

	@Test
	void whenAnAreaIsGivenThenOnlyItsResidentsAreIncluded() {
		var momijidai = new Segment(Area.MOMIJIDAI, null, null, null, null, null);
		assertThat(momijidai.includes(hanako, null, TODAY, ANYONE)).isTrue();
		assertThat(momijidai.includes(resident(Area.AOBA, hanako.birthDate()), null, TODAY, ANYONE)).isFalse();
	}

	@Test
	void whenAgesAreGivenThenBothBoundsIncludeAndTheBirthdayCounts() {
		var sixtyFiveToSeventyFour = new Segment(null, 65, 74, null, null, null);
		// hanako turns 75 today: one day earlier she was still 74
		assertThat(sixtyFiveToSeventyFour.includes(hanako, null, TODAY.minusDays(1), ANYONE)).isTrue();
		assertThat(sixtyFiveToSeventyFour.includes(hanako, null, TODAY, ANYONE)).isFalse();
		var turnsSixtyFiveToday = resident(Area.AOBA, LocalDate.of(1961, 12, 2));
		assertThat(sixtyFiveToSeventyFour.includes(turnsSixtyFiveToday, null, TODAY, ANYONE)).isTrue();
		assertThat(sixtyFiveToSeventyFour.includes(turnsSixtyFiveToday, null, TODAY.minusDays(1), ANYONE)).isFalse();
	}

	@Test
	void whenNotOutForDaysIsGivenThenOnlyOutingsOlderThanThatManyTokyoDaysInclude() {
		var notOutForAWeek = new Segment(null, null, null, 7, null, null);
		assertThat(notOutForAWeek.includes(hanako, null, TODAY, ANYONE)).as("never went out").isTrue();
		assertThat(notOutForAWeek.includes(hanako, tokyo("2026-11-25T10:00"), TODAY, ANYONE)).as("7 days ago").isFalse();
		assertThat(notOutForAWeek.includes(hanako, tokyo("2026-11-24T23:59"), TODAY, ANYONE)).as("8 days ago").isTrue();
		// 2026-11-24 15:30 UTC is already the 25th in Tokyo: seven days ago, not eight
		assertThat(notOutForAWeek.includes(hanako, Instant.parse("2026-11-24T15:30:00Z"), TODAY, ANYONE)).isFalse();
	}

	@Test
	void whenAttendanceIsAskedForThenOnlyThoseWhoCameAreIncludedAndOtherCriteriaStillHold() {
		var cameToTheEvent = new Segment(Area.MOMIJIDAI, null, null, null, UUID.randomUUID(), null);
		var came = new Segment.Attendance(Set.of(hanako.account()), null);
		var didNotCome = new Segment.Attendance(Set.of(AccountId.random()), null);
		assertThat(cameToTheEvent.includes(hanako, null, TODAY, came)).isTrue();
		assertThat(cameToTheEvent.includes(hanako, null, TODAY, didNotCome)).isFalse();
		var cameFromAoba = resident(Area.AOBA, hanako.birthDate());
		assertThat(cameToTheEvent.includes(cameFromAoba, null, TODAY, new Segment.Attendance(Set.of(cameFromAoba.account()), null)))
			.as("other area").isFalse();
		assertThat(cameToTheEvent.includes(hanako, null, TODAY, new Segment.Attendance(null, Set.of()))).as("by tag")
			.isFalse();
	}

	static Instant tokyo(String localDateTime) {
		return java.time.LocalDateTime.parse(localDateTime).atZone(java.time.ZoneId.of("Asia/Tokyo")).toInstant();
	}

	static Resident resident(Area area, LocalDate birthDate) {
		return new Resident(AccountId.random(), "佐藤", "花子", "サトウ", "ハナコ", birthDate, area, null, null,
				Resident.RegisteredVia.HELP_DESK, Instant.parse("2026-04-01T00:00:00Z"));
	}
}
