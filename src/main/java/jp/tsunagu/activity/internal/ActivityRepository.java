package jp.tsunagu.activity.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import jp.tsunagu.activity.Activity;
import jp.tsunagu.activity.ActivitySource;
import jp.tsunagu.activity.ActivityType;
import jp.tsunagu.identity.AccountId;
import jp.tsunagu.platform.Tokyo;

/** The {@code activity} table. */
@Repository
public class ActivityRepository {

	private static final String COLUMNS = "id, resident, type, occurred_at, place, source, submitter, idempotency_key, recorded_at";

	private final JdbcClient jdbc;

	ActivityRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Inserts; a second insert with the same submitter and key fails on the unique constraint. */
	public void insert(Activity a) {
		jdbc.sql("INSERT INTO activity (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
			.params(a.id(), a.resident().value(), a.type().name(), Tokyo.utc(a.occurredAt()), a.place(), a.source().name(),
					a.submitter(), a.idempotencyKey(), Tokyo.utc(a.recordedAt()))
			.update();
	}

	public Optional<Activity> findByKey(String submitter, String key) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM activity WHERE submitter = ? AND idempotency_key = ?")
			.params(submitter, key)
			.query(this::map)
			.optional();
	}

	public List<Activity> between(AccountId resident, Instant from, Instant to) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM activity WHERE resident = ? AND occurred_at >= ? AND occurred_at < ?"
				+ " ORDER BY occurred_at DESC")
			.params(resident.value(), Tokyo.utc(from), Tokyo.utc(to))
			.query(this::map)
			.list();
	}

	public List<Activity> latest(AccountId resident, int limit) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM activity WHERE resident = ? ORDER BY occurred_at DESC LIMIT ?")
			.params(resident.value(), limit)
			.query(this::map)
			.list();
	}

	private Activity map(ResultSet rs, int row) throws SQLException {
		return new Activity(rs.getObject("id", UUID.class), new AccountId(rs.getObject("resident", UUID.class)),
				ActivityType.valueOf(rs.getString("type")), rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
				rs.getString("place"), ActivitySource.valueOf(rs.getString("source")), rs.getString("submitter"),
				rs.getString("idempotency_key"), rs.getObject("recorded_at", OffsetDateTime.class).toInstant());
	}

}
