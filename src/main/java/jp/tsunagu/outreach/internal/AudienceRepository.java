package jp.tsunagu.outreach.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import jp.tsunagu.identity.AccountId;
import jp.tsunagu.outreach.Segment;
import jp.tsunagu.platform.Databases;
import jp.tsunagu.platform.Tokyo;
import jp.tsunagu.residents.Area;

/**
 * Outreach's read model of who can be reached: {@code outreach_audience} (area, birth date, last
 * outing per resident), {@code outreach_attendance} (who came to which event) and
 * {@code outreach_interest} (who came to an event with which tag). Written by {@link AudienceUpdates}
 * in the transactions of the facts it copies; read by one query per question.
 */
@Repository
public class AudienceRepository {

	private final JdbcClient jdbc;

	private final String insertAttendance;

	private final String insertInterest;

	AudienceRepository(JdbcClient jdbc, DataSource dataSource) {
		this.jdbc = jdbc;
		boolean postgres = Databases.isPostgres(dataSource);
		// a row that is there already is the answer, also when two transactions add it at once
		this.insertAttendance = postgres
				? "INSERT INTO outreach_attendance (event_id, resident) VALUES (?, ?) ON CONFLICT DO NOTHING"
				: "MERGE INTO outreach_attendance (event_id, resident) KEY (event_id, resident) VALUES (?, ?)";
		this.insertInterest = postgres
				? "INSERT INTO outreach_interest (tag, resident) VALUES (?, ?) ON CONFLICT DO NOTHING"
				: "MERGE INTO outreach_interest (tag, resident) KEY (tag, resident) VALUES (?, ?)";
	}

	public void registered(AccountId resident, Area area, LocalDate birthDate) {
		jdbc.sql("INSERT INTO outreach_audience (resident, area, birth_date) VALUES (?, ?, ?)")
			.params(resident.value(), area.name(), birthDate)
			.update();
	}

	/** Moves the last outing forward; an earlier one (a late report) changes nothing. */
	public void wentOut(AccountId resident, Instant at) {
		var utc = Tokyo.utc(at);
		jdbc.sql("UPDATE outreach_audience SET last_outing_at = :at WHERE resident = :resident"
				+ " AND (last_outing_at IS NULL OR last_outing_at < :at)")
			.param("at", utc)
			.param("resident", resident.value())
			.update();
	}

	public void attended(AccountId resident, UUID event, Collection<String> tags) {
		jdbc.sql(insertAttendance).params(event, resident.value()).update();
		for (var tag : tags) {
			jdbc.sql(insertInterest).params(tag, resident.value()).update();
		}
	}

	/** How many residents the segment reaches today: one query over the indexed read model. */
	public long count(Segment segment, LocalDate today) {
		var query = countQuery(segment, today);
		return jdbc.sql(query.sql()).params(query.params()).query(Long.class).single();
	}

	/**
	 * The one query that counts a segment, with its named parameters: each criterion given is a
	 * condition an index of {@code outreach_audience} (or the primary key of the attendance and interest
	 * tables) can answer.
	 */
	public static SegmentQuery countQuery(Segment s, LocalDate today) {
		var sql = new StringBuilder("SELECT COUNT(*) FROM outreach_audience a WHERE 1 = 1");
		var params = new LinkedHashMap<String, Object>();
		if (s.area() != null) {
			sql.append(" AND a.area = :area");
			params.put("area", s.area().name());
		}
		if (s.minAge() != null) {
			// at least minAge years old today: born on or before this day minAge years ago
			sql.append(" AND a.birth_date <= :bornBy");
			params.put("bornBy", today.minusYears(s.minAge()));
		}
		if (s.maxAge() != null) {
			// not yet maxAge + 1 years old today
			sql.append(" AND a.birth_date > :bornAfter");
			params.put("bornAfter", today.minusYears(s.maxAge() + 1L));
		}
		if (s.notOutForDays() != null) {
			// the last outing's day is before today minus N days (in Japan), or they never went out
			sql.append(" AND (a.last_outing_at IS NULL OR a.last_outing_at < :outBefore)");
			params.put("outBefore", today.minusDays(s.notOutForDays()).atStartOfDay(Tokyo.ZONE).toOffsetDateTime()
				.withOffsetSameInstant(ZoneOffset.UTC));
		}
		if (s.attendedEvent() != null) {
			sql.append(" AND EXISTS (SELECT 1 FROM outreach_attendance t WHERE t.event_id = :event"
					+ " AND t.resident = a.resident)");
			params.put("event", s.attendedEvent());
		}
		if (s.attendedTag() != null) {
			sql.append(" AND EXISTS (SELECT 1 FROM outreach_interest i WHERE i.tag = :tag AND i.resident = a.resident)");
			params.put("tag", s.attendedTag());
		}
		return new SegmentQuery(sql.toString(), params);
	}

	public record SegmentQuery(String sql, Map<String, Object> params) {
	}

	/** What outreach knows of one resident. */
	public Optional<Member> member(AccountId resident) {
		var row = jdbc.sql("SELECT last_outing_at FROM outreach_audience WHERE resident = ?")
			.param(resident.value())
			.query((rs, i) -> Optional.ofNullable(rs.getObject(1, OffsetDateTime.class)))
			.optional();
		if (row.isEmpty()) {
			return Optional.empty();
		}
		var events = new HashSet<UUID>(jdbc.sql("SELECT event_id FROM outreach_attendance WHERE resident = ?")
			.param(resident.value())
			.query(UUID.class)
			.list());
		var tags = new HashSet<String>(jdbc.sql("SELECT tag FROM outreach_interest WHERE resident = ?")
			.param(resident.value())
			.query(String.class)
			.list());
		return Optional.of(new Member(row.get().map(OffsetDateTime::toInstant).orElse(null), events, tags));
	}

	/** A resident as outreach sees them: their last outing, the events they came to, their interests. */
	public record Member(@Nullable Instant lastOuting, Set<UUID> attendedEvents, Set<String> interests) {
	}
}
