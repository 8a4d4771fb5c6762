package jp.tsunagu.events.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import jp.tsunagu.events.Event;
import jp.tsunagu.events.EventKind;
import jp.tsunagu.events.Signup;
import jp.tsunagu.events.SignupStatus;
import jp.tsunagu.identity.AccountId;
import jp.tsunagu.residents.Area;
import jp.tsunagu.platform.Tokyo;

/** Events and sign-ups, in plain SQL for H2 and PostgreSQL. */
@Repository
public class EventRepository {

	private static final String EVENT = "id, title, description, place, kind, starts_at, ends_at, capacity";

	private static final String SIGNUP = "id, event_id, resident, status, signed_at, checked_in_at";

	private final JdbcClient jdbc;

	EventRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public void insert(Event e, String createdBy, Instant now) {
		jdbc.sql("INSERT INTO event (" + EVENT + ", created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			.params(e.id(), e.title(), e.description(), e.place(), e.kind().name(), Tokyo.utc(e.startsAt()), Tokyo.utc(e.endsAt()),
					e.capacity(), createdBy, Tokyo.utc(now))
			.update();
		for (var area : e.targetAreas()) {
			jdbc.sql("INSERT INTO event_area (event_id, area) VALUES (?, ?)").params(e.id(), area.name()).update();
		}
		int position = 0;
		for (var tag : e.tags()) {
			jdbc.sql("INSERT INTO event_tag (event_id, tag, position) VALUES (?, ?, ?)").params(e.id(), tag, position++)
				.update();
		}
	}

	public Optional<Event> find(UUID id) {
		return withListsOf(jdbc.sql("SELECT " + EVENT + " FROM event WHERE id = ?").param(id).query(this::event).list())
			.stream()
			.findFirst();
	}

	/** Locks the event row so sign-ups for one event are decided one at a time. */
	public Optional<Event> lock(UUID id) {
		return withListsOf(
				jdbc.sql("SELECT " + EVENT + " FROM event WHERE id = ? FOR UPDATE").param(id).query(this::event).list())
			.stream()
			.findFirst();
	}

	public List<Event> endingAfter(Instant from, int limit) {
		return withListsOf(jdbc.sql("SELECT " + EVENT + " FROM event WHERE ends_at > ? ORDER BY starts_at LIMIT ?")
			.params(Tokyo.utc(from), limit)
			.query(this::event)
			.list());
	}

	public List<Event> withIds(Collection<UUID> ids) {
		if (ids.isEmpty()) {
			return List.of();
		}
		return withListsOf(jdbc.sql("SELECT " + EVENT + " FROM event WHERE id IN (:ids) ORDER BY starts_at")
			.param("ids", ids)
			.query(this::event)
			.list());
	}

	/** Seats taken and waiting, per event, for many events in one query. */
	public Map<UUID, Map<SignupStatus, Integer>> counts(Collection<UUID> events) {
		var counts = new HashMap<UUID, Map<SignupStatus, Integer>>();
		if (events.isEmpty()) {
			return counts;
		}
		jdbc.sql("SELECT event_id, status, COUNT(*) AS n FROM event_signup WHERE event_id IN (:ids) GROUP BY event_id, status")
			.param("ids", events)
			.query((RowCallbackHandler) rs -> counts
				.computeIfAbsent(rs.getObject("event_id", UUID.class), id -> new EnumMap<>(SignupStatus.class))
				.put(SignupStatus.valueOf(rs.getString("status")), rs.getInt("n")));
		return counts;
	}

	/** A resident's sign-ups (cancelled ones too) to these events, by event. */
	public Map<UUID, Signup> signupsOf(AccountId resident, Collection<UUID> events) {
		if (events.isEmpty()) {
			return Map.of();
		}
		var found = new HashMap<UUID, Signup>();
		jdbc.sql("SELECT " + SIGNUP + " FROM event_signup WHERE resident = :resident AND event_id IN (:ids)")
			.param("resident", resident.value())
			.param("ids", events)
			.query(this::signup)
			.list()
			.forEach(s -> found.put(s.event(), s));
		return found;
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
			.params(s.id(), s.event(), s.resident().value(), s.status().name(), Tokyo.utc(s.signedAt()), Tokyo.utc(s.checkedInAt()))
			.update();
	}

	public void update(UUID signup, SignupStatus status, Instant signedAt) {
		jdbc.sql("UPDATE event_signup SET status = ?, signed_at = ? WHERE id = ?")
			.params(status.name(), Tokyo.utc(signedAt), signup)
			.update();
	}

	/** Marks the check-in once; returns false when it was already checked in. */
	public boolean checkIn(UUID signup, Instant at) {
		return jdbc.sql("UPDATE event_signup SET checked_in_at = ? WHERE id = ? AND checked_in_at IS NULL")
			.params(Tokyo.utc(at), signup)
			.update() == 1;
	}

	/** An event row; its areas and tags are filled in by {@link #withListsOf}. */
	private Event event(ResultSet rs, int row) throws SQLException {
		return new Event(rs.getObject("id", UUID.class), rs.getString("title"), rs.getString("description"),
				rs.getString("place"), EventKind.valueOf(rs.getString("kind")),
				rs.getObject("starts_at", OffsetDateTime.class).toInstant(),
				rs.getObject("ends_at", OffsetDateTime.class).toInstant(), rs.getInt("capacity"),
				EnumSet.noneOf(Area.class), new LinkedHashSet<>());
	}

	/** Fills in the areas and tags of these events: two queries for all of them. */
	private List<Event> withListsOf(List<Event> events) {
		if (events.isEmpty()) {
			return events;
		}
		var byId = new HashMap<UUID, Event>();
		events.forEach(e -> byId.put(e.id(), e));
		jdbc.sql("SELECT event_id, area FROM event_area WHERE event_id IN (:ids)")
			.param("ids", byId.keySet())
			.query((RowCallbackHandler) rs -> byId.get(rs.getObject("event_id", UUID.class))
				.targetAreas()
				.add(Area.valueOf(rs.getString("area"))));
		jdbc.sql("SELECT event_id, tag FROM event_tag WHERE event_id IN (:ids) ORDER BY position")
			.param("ids", byId.keySet())
			.query((RowCallbackHandler) rs -> byId.get(rs.getObject("event_id", UUID.class)).tags().add(rs.getString("tag")));
		return events;
	}

	private Signup signup(ResultSet rs, int row) throws SQLException {
		var checkedIn = rs.getObject("checked_in_at", OffsetDateTime.class);
		return new Signup(rs.getObject("id", UUID.class), rs.getObject("event_id", UUID.class),
				new AccountId(rs.getObject("resident", UUID.class)), SignupStatus.valueOf(rs.getString("status")),
				rs.getObject("signed_at", OffsetDateTime.class).toInstant(), checkedIn == null ? null : checkedIn.toInstant());
	}

}
