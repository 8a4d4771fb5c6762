package jp.tsunagu.hub.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Context source registrations in {@code hub_registration}. */
@Repository
public class RegistrationRows {

	/** A stored registration: what its client wrote, in which context, and when. */
	public record Row(String id, String body, String context, @Nullable Instant expiresAt, Instant createdAt,
			Instant modifiedAt) {
	}

	private static final String SELECT = "SELECT id, body, context, expires_at, created_at, modified_at FROM hub_registration";

	private final JdbcTemplate jdbc;

	RegistrationRows(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** Inserts a registration; a {@link org.springframework.dao.DuplicateKeyException} if its id is taken. */
	public void insert(String tenant, String id, String body, String context, @Nullable Instant expiresAt, Instant now) {
		jdbc.update("INSERT INTO hub_registration (tenant, id, body, context, expires_at, created_at, modified_at)"
				+ " VALUES (?, ?, ?, ?, ?, ?, ?)", tenant, id, body, context, timestamp(expiresAt), Timestamp.from(now),
				Timestamp.from(now));
	}

	public void update(String tenant, String id, String body, String context, @Nullable Instant expiresAt, Instant now) {
		jdbc.update("UPDATE hub_registration SET body = ?, context = ?, expires_at = ?, modified_at = ? WHERE tenant = ? AND id = ?",
				body, context, timestamp(expiresAt), Timestamp.from(now), tenant, id);
	}

	public boolean delete(String tenant, String id) {
		return jdbc.update("DELETE FROM hub_registration WHERE tenant = ? AND id = ?", tenant, id) > 0;
	}

	public Optional<Row> find(String tenant, String id) {
		return jdbc.query(SELECT + " WHERE tenant = ? AND id = ?", (rs, n) -> row(rs), tenant, id).stream().findFirst();
	}

	/** Locks a registration's row for an update. */
	public Optional<Row> lock(String tenant, String id) {
		return jdbc.query(SELECT + " WHERE tenant = ? AND id = ? FOR UPDATE", (rs, n) -> row(rs), tenant, id)
			.stream()
			.findFirst();
	}

	/** A tenant's registrations that have not expired, oldest first. */
	public List<Row> live(String tenant, Instant now) {
		return jdbc.query(SELECT + " WHERE tenant = ? AND (expires_at IS NULL OR expires_at > ?) ORDER BY created_at, id",
				(rs, n) -> row(rs), tenant, Timestamp.from(now));
	}

	public long count(String tenant) {
		Long n = jdbc.queryForObject("SELECT count(*) FROM hub_registration WHERE tenant = ?", Long.class, tenant);
		return n == null ? 0 : n;
	}

	private static Row row(java.sql.ResultSet rs) throws java.sql.SQLException {
		var expires = rs.getTimestamp(4);
		return new Row(rs.getString(1), rs.getString(2), rs.getString(3), expires == null ? null : expires.toInstant(),
				rs.getTimestamp(5).toInstant(), rs.getTimestamp(6).toInstant());
	}

	private static @Nullable Timestamp timestamp(@Nullable Instant at) {
		return at == null ? null : Timestamp.from(at);
	}
}
