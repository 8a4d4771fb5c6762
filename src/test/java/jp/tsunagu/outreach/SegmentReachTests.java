package jp.tsunagu.outreach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import jp.tsunagu.TsunaguTest;
import jp.tsunagu.activity.Activity;
import jp.tsunagu.activity.ActivityReport;
import jp.tsunagu.activity.ActivitySource;
import jp.tsunagu.activity.ActivityType;
import jp.tsunagu.activity.Timeline;
import jp.tsunagu.events.Event;
import jp.tsunagu.events.EventDraft;
import jp.tsunagu.events.EventKind;
import jp.tsunagu.events.Events;
import jp.tsunagu.identity.AccountId;
import jp.tsunagu.residents.Area;
import jp.tsunagu.residents.Resident;
import jp.tsunagu.residents.ResidentDetails;
import jp.tsunagu.residents.Residents;

/**
 * The count a segment reaches, now one query over outreach's audience tables, is the count the
 * definition gives ({@link Segment#includes}, asked of every resident with their timeline and their
 * check-ins, as the platform used to do it): for random residents, outings, check-ins and segments.
 */
@TsunaguTest
class SegmentReachTests {

	private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

	@Autowired
	Residents residents;

	@Autowired
	Timeline timeline;

	@Autowired
	Events events;

	@Autowired
	Notices notices;

	@Test
	void whenResidentsGoOutAndComeToEventsThenEveryRandomSegmentReachesExactlyThoseItDefines() {
		var random = new Random(20261201L);
		var tag = "t" + UUID.randomUUID().toString().substring(0, 8);
		var other = "u" + UUID.randomUUID().toString().substring(0, 8);
		var now = Instant.now();
		var tea = event("お茶の会", Set.of(tag, other), now);
		var walk = event("歩こう会", Set.of(tag), now);
		var talk = event("お話の会", Set.of(other), now);
		var made = new ArrayList<AccountId>();
		var checkedIn = new HashSet<AccountId>();
		for (int i = 0; i < 40; i++) {
			var born = LocalDate.of(1930 + random.nextInt(70), 1 + random.nextInt(12), 1 + random.nextInt(28));
			var resident = residents.registerDemo(new ResidentDetails("厚別", "花子" + i, "あつべつ", "はなこ", born,
					Area.values()[random.nextInt(Area.values().length)], null));
			made.add(resident.account());
			for (int o = random.nextInt(4); o > 0; o--) {
				timeline.record(new ActivityReport(resident.account(),
						random.nextBoolean() ? ActivityType.CHECK_IN : ActivityType.VIDEO_WATCHED,
						now.minus(random.nextInt(60 * 24), ChronoUnit.HOURS), "もみじ台 地域交流エリア", ActivitySource.STAFF,
						"staff:test", UUID.randomUUID().toString()));
			}
			for (var event : List.of(tea, walk, talk)) {
				if (random.nextInt(4) == 0) {
					events.checkIn(event.id(), resident.account(), "staff:test");
					checkedIn.add(resident.account());
				}
			}
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> checkedIn.stream()
			.allMatch(r -> timeline.latest(r, 10).stream().anyMatch(a -> a.type() == ActivityType.EVENT_ATTENDED)));

		var everyone = residents.all();
		var today = LocalDate.now(TOKYO);
		var lastOutings = everyone.stream().filter(r -> lastOuting(r) != null)
			.collect(Collectors.toMap(Resident::account, this::lastOuting));
		var ourEvents = List.of(tea, walk, talk);
		var segments = new ArrayList<Segment>();
		for (int i = 0; i < 150; i++) {
			var minAge = random.nextInt(3) == 0 ? 40 + random.nextInt(50) : null;
			segments.add(new Segment(random.nextInt(2) == 0 ? Area.values()[random.nextInt(Area.values().length)] : null,
					minAge, random.nextInt(3) == 0 ? (minAge == null ? 30 : minAge) + random.nextInt(40) : null,
					random.nextInt(2) == 0 ? random.nextInt(40) : null,
					random.nextInt(4) == 0 ? ourEvents.get(random.nextInt(3)).id() : null,
					random.nextInt(4) == 0 ? (random.nextBoolean() ? tag : other) : null));
		}
		for (var segment : segments) {
			var attendance = new Segment.Attendance(
					segment.attendedEvent() == null ? null : attendees(segment.attendedEvent()),
					segment.attendedTag() == null ? null
							: ourEvents.stream().filter(e -> e.tags().contains(segment.attendedTag()))
								.flatMap(e -> attendees(e.id()).stream()).collect(Collectors.toSet()));
			var expected = everyone.stream()
				.filter(r -> segment.includes(r, lastOutings.get(r.account()), today, attendance))
				.count();
			assertThat(notices.reach(segment)).as("%s", segment).isEqualTo(expected);
		}
		assertThat(made).as("residents were made").hasSize(40);
	}

	private Set<AccountId> attendees(UUID event) {
		return events.signups(event).stream().filter(s -> s.checkedInAt() != null).map(s -> s.resident())
			.collect(Collectors.toSet());
	}

	private Instant lastOuting(Resident r) {
		return timeline.latest(r.account(), 50).stream().filter(a -> a.type().outing()).map(Activity::occurredAt)
			.findFirst().orElse(null);
	}

	private Event event(String title, Set<String> tags, Instant now) {
		var start = now.plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
		return events.create(new EventDraft(title, "どなたでもどうぞ。", "もみじ台 地域交流エリア", EventKind.LOCAL, start,
				start.plus(1, ChronoUnit.HOURS), 100, EnumSet.noneOf(Area.class), tags), "staff:test");
	}
}
