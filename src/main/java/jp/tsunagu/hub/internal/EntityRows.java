package jp.tsunagu.hub.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import jp.tsunagu.platform.Databases;

/**
 * The hub's entities in {@code hub_entity} (the expanded JSON-LD node: JSONB on PostgreSQL, text
 * on H2) and their types in {@code hub_entity_type}.
 */
@Repository
public class EntityRows {

	/** A stored entity: its expanded JSON-LD (without system attributes) and when it was made and changed. */
	public record Row(String id, String body, Instant createdAt, Instant modifiedAt) {
	}

	/** Which entities a query asks for: any of these types (all if none), ids (all if none), an id pattern. */
	public record Filter(Collection<String> types, Collection<String> ids, @Nullable String idPattern) {
	}

	private final JdbcTemplate jdbc;

	private final boolean postgres;

	EntityRows(JdbcTemplate jdbc, DataSource dataSource) {
		this.jdbc = jdbc;
		this.postgres = Databases.isPostgres(dataSource);
	}

	/** Inserts an entity; a {@link org.springframework.dao.DuplicateKeyException} if its id is taken. */
	public void insert(String tenant, String id, Collection<String> types, String body, Instant now) {
		jdbc.update("INSERT INTO hub_entity (tenant, id, body, created_at, modified_at) VALUES (?, ?, "
				+ (postgres ? "CAST(? AS jsonb)" : "?") + ", ?, ?)", tenant, id, body, Timestamp.from(now),
				Timestamp.from(now));
		var rows = new ArrayList<Object[]>();
		for (var type : types) {
			rows.add(new Object[] { tenant, type, id });
		}
		jdbc.batchUpdate("INSERT INTO hub_entity_type (tenant, type, entity_id) VALUES (?, ?, ?)", rows);
	}

	public Optional<Row> find(String tenant, String id) {
		return one("SELECT id, body, created_at, modified_at FROM hub_entity WHERE tenant = ? AND id = ?", tenant, id);
	}

	/** The entity, its row locked until the transaction ends (for a change made from what it holds). */
	public Optional<Row> lock(String tenant, String id) {
		return one("SELECT id, body, created_at, modified_at FROM hub_entity WHERE tenant = ? AND id = ? FOR UPDATE",
				tenant, id);
	}

	private Optional<Row> one(String sql, String tenant, String id) {
		return jdbc.query(sql, (rs, n) -> new Row(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
				rs.getTimestamp(4).toInstant()), tenant, id).stream().findFirst();
	}

	/** Writes an entity's new body and types. */
	public void update(String tenant, String id, Collection<String> types, String body, Instant now) {
		jdbc.update("UPDATE hub_entity SET body = " + (postgres ? "CAST(? AS jsonb)" : "?")
				+ ", modified_at = ? WHERE tenant = ? AND id = ?", body, Timestamp.from(now), tenant, id);
		var stored = new java.util.HashSet<>(jdbc.queryForList(
				"SELECT type FROM hub_entity_type WHERE tenant = ? AND entity_id = ?", String.class, tenant, id));
		for (var type : types) {
			if (!stored.remove(type)) {
				jdbc.update("INSERT INTO hub_entity_type (tenant, type, entity_id) VALUES (?, ?, ?)", tenant, type, id);
			}
		}
		for (var gone : stored) {
			jdbc.update("DELETE FROM hub_entity_type WHERE tenant = ? AND type = ? AND entity_id = ?", tenant, gone, id);
		}
	}

	/** Deletes an entity (its types go with it: their foreign key cascades); whether there was one. */
	public boolean delete(String tenant, String id) {
		return jdbc.update("DELETE FROM hub_entity WHERE tenant = ? AND id = ?", tenant, id) > 0;
	}

	/** A page of the entities a filter asks for, by id. */
	public List<Row> query(String tenant, Filter filter, int offset, int limit) {
		var arguments = new ArrayList<Object>();
		var sql = new StringBuilder("SELECT e.id, e.body, e.created_at, e.modified_at FROM hub_entity e");
		where(sql, arguments, tenant, filter);
		sql.append(" ORDER BY e.id OFFSET ? ROWS FETCH NEXT ? ROWS ONLY");
		arguments.add(offset);
		arguments.add(limit);
		return jdbc.query(sql.toString(), (rs, n) -> new Row(rs.getString(1), rs.getString(2),
				rs.getTimestamp(3).toInstant(), rs.getTimestamp(4).toInstant()), arguments.toArray());
	}

	/** How many entities a filter asks for. */
	public long count(String tenant, Filter filter) {
		var arguments = new ArrayList<Object>();
		var sql = new StringBuilder("SELECT count(*) FROM hub_entity e");
		where(sql, arguments, tenant, filter);
		var n = jdbc.queryForObject(sql.toString(), Long.class, arguments.toArray());
		return n == null ? 0 : n;
	}

	private void where(StringBuilder sql, List<Object> arguments, String tenant, Filter filter) {
		sql.append(" WHERE e.tenant = ?");
		arguments.add(tenant);
		if (!filter.types().isEmpty()) {
			sql.append(" AND EXISTS (SELECT 1 FROM hub_entity_type t WHERE t.tenant = e.tenant AND t.entity_id = e.id AND t.type IN (")
				.append(placeholders(filter.types().size()))
				.append("))");
			arguments.addAll(filter.types());
		}
		if (!filter.ids().isEmpty()) {
			sql.append(" AND e.id IN (").append(placeholders(filter.ids().size())).append(")");
			arguments.addAll(filter.ids());
		}
		if (filter.idPattern() != null) {
			sql.append(postgres ? " AND e.id ~ ?" : " AND REGEXP_LIKE(e.id, ?)");
			arguments.add(filter.idPattern());
		}
	}

	private static String placeholders(int n) {
		return String.join(", ", java.util.Collections.nCopies(n, "?"));
	}
}
