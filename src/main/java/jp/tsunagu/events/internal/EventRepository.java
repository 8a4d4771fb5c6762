package jp.tsunagu.events.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import jp.tsunagu.events.Event;
import jp.tsunagu.events.EventKind;
import jp.tsunagu.events.Signup;
import jp.tsunagu.events.SignupStatus;
import jp.tsunagu.identity.AccountId;
import jp.tsunagu.residents.Area;

/** Events and sign-ups, in plain SQL for H2 and PostgreSQL. */
@Repository
public class EventRepository {

	private static final String EVENT = "id, title, description, place, kind, starts_at, ends_at, capacity, target_areas, tags";

	private static final String SIGNUP = "id, event_id, resident, status, signed_at, checked_in_at";

	private final JdbcClient jdbc;

	EventRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public void insert(Event e, String createdBy, Instant now) {
		jdbc.sql("INSERT INTO event (" + EVENT + ", created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			.params(e.id(), e.title(), e.description(), e.place(), e.kind().name(), utc(e.startsAt()), utc(e.endsAt()),
					e.capacity(), e.targetAreas().stream().map(Area::name).sorted().collect(Collectors.joining(",")),
					String.join(",", e.tags()), createdBy, utc(now))
			.update();
	}

	public Optional<Event> find(UUID id) {
		return jdbc.sql("SELECT " + EVENT + " FROM event WHERE id = ?").param(id).query(this::event).optional();
	}

	/** Locks the event row so sign-ups for one event are decided one at a time. */
	public Optional<Event> lock(UUID id) {
		return jdbc.sql("SELECT " + EVENT + " FROM event WHERE id = ? FOR UPDATE").param(id).query(this::event).optional();
	}

	public List<Event> endingAfter(Instant from, int limit) {
		return jdbc.sql("SELECT " + EVENT + " FROM event WHERE ends_at > ? ORDER BY starts_at LIMIT ?")
			.params(utc(from), limit)
			.query(this::event)
			.list();
	}

	/** Tags are stored comma-separated with no spaces, so a LIKE on ",tag," finds exact tags. */
	public List<Event> withTag(String tag) {
		return jdbc.sql("SELECT " + EVENT + " FROM event WHERE (',' || tags || ',') LIKE ?")
			.param("%," + tag + ",%")
			.query(this::event)
			.list();
	}

	public int count(UUID event, SignupStatus status) {
		return jdbc.sql("SELECT COUNT(*) FROM event_signup WHERE event_id = ? AND status = ?")
			.params(event, status.name())
			.query(Integer.class)
			.single();
	}

	public Optional<Signup> signup(UUID event, AccountId resident) {
		return jdbc.sql("SELECT " + SIGNUP + " FROM event_signup WHERE event_id = ? AND resident = ?")
			.params(event, resident.value())
			.query(this::signup)
			.optional();
	}

	public List<Signup> signups(UUID event) {
		return jdbc.sql("SELECT " + SIGNUP + " FROM event_signup WHERE event_id = ? ORDER BY signed_at")
			.param(event)
			.query(this::signup)
			.list();
	}

	public List<Signup> signupsOf(AccountId resident) {
		return jdbc.sql("SELECT " + SIGNUP + " FROM event_signup WHERE resident = ? AND status <> 'CANCELLED'")
			.param(resident.value())
			.query(this::signup)
			.list();
	}

	public Optional<Signup> firstWaitlisted(UUID event) {
		return jdbc.sql("SELECT " + SIGNUP + " FROM event_signup WHERE event_id = ? AND status = 'WAITLISTED'"
				+ " ORDER BY signed_at LIMIT 1")
			.param(event)
			.query(this::signup)
			.optional();
	}

	public void insert(Signup s) {
		jdbc.sql("INSERT INTO event_signup (" + SIGNUP + ") VALUES (?, ?, ?, ?, ?, ?)")
			.params(s.id(), s.event(), s.resident().value(), s.status().name(), utc(s.signedAt()), utc(s.checkedInAt()))
			.update();
	}

	public void update(UUID signup, SignupStatus status, Instant signedAt) {
		jdbc.sql("UPDATE event_signup SET status = ?, signed_at = ? WHERE id = ?")
			.params(status.name(), utc(signedAt), signup)
			.update();
	}

	/** Marks the check-in once; returns false when it was already checked in. */
	public boolean checkIn(UUID signup, Instant at) {
		return jdbc.sql("UPDATE event_signup SET checked_in_at = ? WHERE id = ? AND checked_in_at IS NULL")
			.params(utc(at), signup)
			.update() == 1;
	}

	private Event event(ResultSet rs, int row) throws SQLException {
		var areas = EnumSet.noneOf(Area.class);
		Arrays.stream(rs.getString("target_areas").split(",")).filter(a -> !a.isBlank()).map(Area::valueOf)
			.forEach(areas::add);
		return new Event(rs.getObject("id", UUID.class), rs.getString("title"), rs.getString("description"),
				rs.getString("place"), EventKind.valueOf(rs.getString("kind")),
				rs.getObject("starts_at", OffsetDateTime.class).toInstant(),
				rs.getObject("ends_at", OffsetDateTime.class).toInstant(), rs.getInt("capacity"), areas,
				Arrays.stream(rs.getString("tags").split(",")).filter(t -> !t.isBlank())
					.collect(Collectors.toCollection(java.util.LinkedHashSet::new)));
	}

	private Signup signup(ResultSet rs, int row) throws SQLException {
		var checkedIn = rs.getObject("checked_in_at", OffsetDateTime.class);
		return new Signup(rs.getObject("id", UUID.class), rs.getObject("event_id", UUID.class),
				new AccountId(rs.getObject("resident", UUID.class)), SignupStatus.valueOf(rs.getString("status")),
				rs.getObject("signed_at", OffsetDateTime.class).toInstant(), checkedIn == null ? null : checkedIn.toInstant());
	}

	private static @Nullable OffsetDateTime utc(@Nullable Instant instant) {
		return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}
}
