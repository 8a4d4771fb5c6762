package jp.tsunagu.hub.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import jp.tsunagu.hub.jsonld.Contexts;

/** The JSON-LD contexts the hub hosts, in {@code hub_context}; also where {@link Contexts} finds them. */
@Repository
public class ContextRows implements Contexts.Hosted {

	/** A hosted context: its id, tenant, kind, the document as sent, and when it was added. */
	public record Row(String localId, String tenant, String kind, String body, Instant createdAt) {
	}

	private static final String SELECT = "SELECT local_id, tenant, kind, body, created_at FROM hub_context";

	private final JdbcTemplate jdbc;

	ContextRows(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	public void insert(String tenant, String localId, String kind, String body, Instant now) {
		jdbc.update("INSERT INTO hub_context (local_id, tenant, kind, body, created_at) VALUES (?, ?, ?, ?, ?)", localId,
				tenant, kind, body, Timestamp.from(now));
	}

	public Optional<Row> find(String tenant, String localId) {
		return jdbc.query(SELECT + " WHERE local_id = ? AND tenant = ?", (rs, n) -> row(rs), localId, tenant).stream().findFirst();
	}

	/** A tenant's hosted contexts of a kind (all kinds if none), oldest first. */
	public List<Row> list(String tenant, @Nullable String kind) {
		return kind == null
				? jdbc.query(SELECT + " WHERE tenant = ? ORDER BY created_at, local_id", (rs, n) -> row(rs), tenant)
				: jdbc.query(SELECT + " WHERE tenant = ? AND kind = ? ORDER BY created_at, local_id", (rs, n) -> row(rs), tenant,
						kind);
	}

	public long count(String tenant) {
		Long n = jdbc.queryForObject("SELECT count(*) FROM hub_context WHERE tenant = ?", Long.class, tenant);
		return n == null ? 0 : n;
	}

	public boolean delete(String tenant, String localId) {
		return jdbc.update("DELETE FROM hub_context WHERE local_id = ? AND tenant = ?", localId, tenant) > 0;
	}

	@Override
	public @Nullable String document(String localId) {
		return jdbc.query("SELECT body FROM hub_context WHERE local_id = ?", (rs, n) -> rs.getString(1), localId)
			.stream()
			.findFirst()
			.orElse(null);
	}

	private static Row row(java.sql.ResultSet rs) throws java.sql.SQLException {
		return new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getTimestamp(5).toInstant());
	}
}
