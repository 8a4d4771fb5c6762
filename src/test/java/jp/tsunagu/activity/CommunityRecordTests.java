package jp.tsunagu.activity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import jp.tsunagu.identity.AccountId;

/** Days out in Tokyo, not activities: weeks from Monday, months from the 1st, eight weeks in the chart. */
class CommunityRecordTests {

	/** Wednesday 2 December 2026, noon in Tokyo; this week began on Monday 30 November. */
	static final Instant NOW = tokyo("2026-12-02T12:00");

	final AccountId hanako = AccountId.random();

	final List<Activity> stored = new ArrayList<>();

	@Test
	void whenSeveralOutingsAreOnOneDayThenTheyAreOneDayOutAndStayingInCountsNothing() {
		did(ActivityType.CHECK_IN, "2026-12-01T09:00", "もみじ台集会所");
		did(ActivityType.EVENT_ATTENDED, "2026-12-01T10:00", "もみじ台集会所");
		did(ActivityType.FARM_WORK, "2026-12-01T15:00", "青葉農園");
		did(ActivityType.VIDEO_WATCHED, "2026-12-02T09:00", null);
		did(ActivityType.TABLET_LOGIN, "2026-11-30T09:00", null);
		var summary = record(NOW).of(hanako);
		assertThat(summary.daysOutThisWeek()).isEqualTo(1);
		assertThat(summary.daysOutThisMonth()).isEqualTo(1);
		assertThat(summary.placesThisMonth()).containsExactlyInAnyOrder("もみじ台集会所", "青葉農園");
	}

	@Test
	void whenAnOutingIsLateOnSundayInTokyoThenItBelongsToTheWeekBeforeEvenIfItIsMondayNowhere() {
		did(ActivityType.CHECK_IN, "2026-11-29T23:30", "厚別区民センター");
		did(ActivityType.CHECK_IN, "2026-11-30T00:30", "厚別区民センター");
		var summary = record(NOW).of(hanako);
		assertThat(summary.daysOutThisWeek()).isEqualTo(1);
		assertThat(summary.weeks().get(6)).isEqualTo(new CommunityRecord.Week(LocalDate.of(2026, 11, 23), 1));
		assertThat(summary.weeks().get(7)).isEqualTo(new CommunityRecord.Week(LocalDate.of(2026, 11, 30), 1));
	}

	@Test
	void whenTheWeekBeganLastMonthThenThisMonthCountsFromTheFirstAndNamesOnlyItsPlaces() {
		did(ActivityType.CHECK_IN, "2026-11-30T10:00", "新さっぽろ駅前");
		did(ActivityType.CHECK_IN, "2026-12-01T10:00", "もみじ台集会所");
		did(ActivityType.COUPON_USED, "2026-12-02T11:00", null);
		var summary = record(NOW).of(hanako);
		assertThat(summary.daysOutThisWeek()).isEqualTo(3);
		assertThat(summary.daysOutThisMonth()).isEqualTo(2);
		assertThat(summary.placesThisMonth()).containsExactly("もみじ台集会所");
	}

	@Test
	void whenItIsJustAfterMidnightInTokyoThenTodayIsTheTokyoDate() {
		// 15:30 UTC on 30 November is 00:30 on 1 December in Tokyo: a new month has begun there
		var justAfterMidnight = Instant.parse("2026-11-30T15:30:00Z");
		did(ActivityType.CHECK_IN, "2026-11-28T10:00", "もみじ台集会所");
		did(ActivityType.CHECK_IN, "2026-12-01T00:10", "青葉農園");
		var summary = record(justAfterMidnight).of(hanako);
		assertThat(summary.daysOutThisMonth()).isEqualTo(1);
		assertThat(summary.placesThisMonth()).containsExactly("青葉農園");
	}

	@Test
	void whenTheChartIsDrawnThenItHasEightWeeksFromMondaysEndingWithThisOne() {
		did(ActivityType.CHECK_IN, "2026-10-11T10:00", "前の週");
		did(ActivityType.CHECK_IN, "2026-10-12T10:00", "最初の週");
		did(ActivityType.HEALTH_CONSULTATION, "2026-10-18T23:00", "最初の週");
		var summary = record(NOW).of(hanako);
		assertThat(summary.weeks()).extracting(CommunityRecord.Week::monday)
			.containsExactly(LocalDate.of(2026, 10, 12), LocalDate.of(2026, 10, 19), LocalDate.of(2026, 10, 26),
					LocalDate.of(2026, 11, 2), LocalDate.of(2026, 11, 9), LocalDate.of(2026, 11, 16),
					LocalDate.of(2026, 11, 23), LocalDate.of(2026, 11, 30));
		assertThat(summary.weeks()).extracting(CommunityRecord.Week::daysOut).containsExactly(2, 0, 0, 0, 0, 0, 0, 0);
		assertThat(summary.daysOutThisWeek()).isZero();
		assertThat(summary.daysOutThisMonth()).isZero();
	}

	@Test
	void whenTheRecordIsShownThenTheLatestActivitiesComeFromTheTimelineNewestFirst() {
		did(ActivityType.VIDEO_WATCHED, "2026-12-02T09:00", null);
		did(ActivityType.CHECK_IN, "2026-09-01T10:00", "もみじ台集会所");
		assertThat(record(NOW).of(hanako).latest()).extracting(Activity::type)
			.containsExactly(ActivityType.VIDEO_WATCHED, ActivityType.CHECK_IN);
	}

	CommunityRecord record(Instant now) {
		var clock = Clock.fixed(now, ZoneOffset.UTC);
		return new CommunityRecord(new StoredTimeline(clock), clock);
	}

	void did(ActivityType type, String tokyoTime, @Nullable String place) {
		var at = tokyo(tokyoTime);
		stored.add(new Activity(UUID.randomUUID(), hanako, type, at, place, ActivitySource.STAFF, "staff",
				UUID.randomUUID().toString(), at));
	}

	static Instant tokyo(String localDateTime) {
		return LocalDateTime.parse(localDateTime).atZone(CommunityRecord.TOKYO).toInstant();
	}

	/** The timeline's two reads over the activities above, as the repository answers them (newest first). */
	final class StoredTimeline extends Timeline {

		StoredTimeline(Clock clock) {
			super(null, null, null, null, clock);
		}

		@Override
		public List<Activity> between(AccountId resident, Instant from, Instant to) {
			return stored.stream()
				.filter(a -> a.resident().equals(resident) && !a.occurredAt().isBefore(from) && a.occurredAt().isBefore(to))
				.sorted(Comparator.comparing(Activity::occurredAt).reversed())
				.toList();
		}

		@Override
		public List<Activity> latest(AccountId resident, int limit) {
			return stored.stream()
				.filter(a -> a.resident().equals(resident))
				.sorted(Comparator.comparing(Activity::occurredAt).reversed())
				.limit(limit)
				.toList();
		}
	}
}
