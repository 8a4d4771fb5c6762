package jp.tsunagu.outreach;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import jp.tsunagu.activity.Activity;
import jp.tsunagu.activity.Timeline;
import jp.tsunagu.events.Events;
import jp.tsunagu.identity.AccountId;
import jp.tsunagu.residents.Area;
import jp.tsunagu.residents.Residents;

/**
 * Writes notices and picks those for one resident: shown today, and for everyone or for a segment
 * the resident is in (their area, age, and the last outing on their timeline). Targeted first.
 */
@Service
public class Notices {

	private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

	private final JdbcClient jdbc;

	private final Residents residents;

	private final Timeline timeline;

	private final Clock clock;

	private final Events events;

	Notices(JdbcClient jdbc, Residents residents, Timeline timeline, Clock clock, Events events) {
		this.events = events;
		this.jdbc = jdbc;
		this.residents = residents;
		this.timeline = timeline;
		this.clock = clock;
	}

	@Transactional
	public Notice publish(String title, String body, Segment segment, LocalDate from, LocalDate until, String staff) {
		var notice = new Notice(UUID.randomUUID(), title.strip(), body.strip(), segment, from, until);
		jdbc.sql("INSERT INTO notice (id, title, body, area, min_age, max_age, not_out_for_days, attended_event, tag,"
				+ " shown_from, shown_until, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			.params(notice.id(), notice.title(), notice.body(), segment.area() == null ? null : segment.area().name(),
					segment.minAge(), segment.maxAge(), segment.notOutForDays(), segment.attendedEvent(),
					segment.attendedTag(), from, until, staff,
					OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
			.update();
		return notice;
	}

	/** Notices shown today, newest first (for staff). */
	@Transactional(readOnly = true)
	public List<Notice> current() {
		var today = LocalDate.now(clock.withZone(TOKYO));
		return jdbc.sql("SELECT id, title, body, area, min_age, max_age, not_out_for_days, attended_event, tag,"
				+ " shown_from, shown_until FROM notice WHERE shown_from <= ? AND shown_until >= ? ORDER BY created_at DESC")
			.params(today, today)
			.query((rs, i) -> new Notice(rs.getObject("id", UUID.class), rs.getString("title"), rs.getString("body"),
					new Segment(rs.getString("area") == null ? null : Area.valueOf(rs.getString("area")),
							(Integer) rs.getObject("min_age"), (Integer) rs.getObject("max_age"),
							(Integer) rs.getObject("not_out_for_days"), rs.getObject("attended_event", UUID.class),
							rs.getString("tag")),
					rs.getObject("shown_from", LocalDate.class), rs.getObject("shown_until", LocalDate.class)))
			.list();
	}

	/** What this resident's home shows: notices meant for them, targeted ones before general ones. */
	@Transactional(readOnly = true)
	public List<Notice> forResident(AccountId account) {
		var resident = residents.find(account).orElse(null);
		var today = LocalDate.now(clock.withZone(TOKYO));
		var notices = current();
		if (resident == null) {
			return notices.stream().filter(n -> n.segment().everyone()).toList();
		}
		var lastOuting = lastOuting(account);
		return notices.stream()
			.filter(n -> n.segment().includes(resident, lastOuting, today, attendance(n.segment())))
			.sorted(Comparator.comparing((Notice n) -> n.segment().everyone()))
			.toList();
	}

	/** How many residents a segment reaches today (shown to staff before they publish). */
	@Transactional(readOnly = true)
	public long reach(Segment segment) {
		var today = LocalDate.now(clock.withZone(TOKYO));
		// One pass over the ward: fine for the year-one 600; a segment table kept by events would scale further.
		var attendance = attendance(segment);
		return residents.all()
			.stream()
			.filter(r -> segment.includes(r, segment.notOutForDays() == null ? null : lastOuting(r.account()), today,
					attendance))
			.count();
	}

	private Segment.Attendance attendance(Segment segment) {
		return new Segment.Attendance(segment.attendedEvent() == null ? null : events.attendees(segment.attendedEvent()),
				segment.attendedTag() == null ? null : events.attendeesOfTag(segment.attendedTag()));
	}

	private java.time.@Nullable Instant lastOuting(AccountId account) {
		return timeline.latest(account, 50).stream().filter(a -> a.type().outing()).map(Activity::occurredAt)
			.findFirst().orElse(null);
	}
}
