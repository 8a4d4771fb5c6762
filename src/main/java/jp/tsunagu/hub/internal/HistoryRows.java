package jp.tsunagu.hub.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import jp.tsunagu.platform.Databases;

/**
 * The temporal evolution of entities: attribute instances in {@code hub_attribute_instance} (a
 * table partitioned by month on PostgreSQL), the entities that have one in
 * {@code hub_temporal_entity} and their types in {@code hub_temporal_type}.
 */
@Repository
public class HistoryRows {

	/** One instance of an attribute to record: its attribute's IRI, datasetId ('' for the default), id, observedAt, expanded body. */
	public record Instance(String attribute, String datasetId, String instanceId, @Nullable Instant observedAt,
			String body) {
	}

	/** A recorded instance. */
	public record Recorded(String attribute, String datasetId, String instanceId, @Nullable Instant observedAt,
			Instant recordedAt, Instant modifiedAt, String body) {
	}

	/** A temporal entity: its id, when its history began and last changed. */
	public record Entity(String id, Instant createdAt, Instant modifiedAt) {
	}

	/** Which time a temporal query looks at. */
	public enum TimeProperty {
		OBSERVED_AT("observed_at"), CREATED_AT("recorded_at"), MODIFIED_AT("modified_at");

		final String column;

		TimeProperty(String column) {
			this.column = column;
		}
	}

	/**
	 * A time window: {@code before} (strictly before), {@code after} (from, inclusive),
	 * {@code between} (from inclusive, to exclusive), or none.
	 */
	public record Window(TimeProperty property, @Nullable String relation, @Nullable Instant at, @Nullable Instant endAt) {
	}

	private final JdbcTemplate jdbc;

	private final boolean postgres;

	public HistoryRows(JdbcTemplate jdbc, DataSource dataSource) {
		this.jdbc = jdbc;
		this.postgres = Databases.isPostgres(dataSource);
	}

	/** Records instances of an entity of these types (the entity made temporal if it was not). */
	public void record(String tenant, String entityId, Collection<String> types, List<Instance> instances, Instant now) {
		record(tenant, entityId, types, false, instances, now);
	}

	/**
	 * Records instances of an entity's history, and its types; {@code typesKept}: the caller knows
	 * the types are those the history was last given (an update that left them), so an entity
	 * the history already has needs no look at its types.
	 */
	public void record(String tenant, String entityId, Collection<String> types, boolean typesKept, List<Instance> instances,
			Instant now) {
		boolean had = jdbc.update("UPDATE hub_temporal_entity SET modified_at = ? WHERE tenant = ? AND id = ?",
				Timestamp.from(now), tenant, entityId) > 0;
		if (!had) {
			jdbc.update("INSERT INTO hub_temporal_entity (tenant, id, created_at, modified_at) VALUES (?, ?, ?, ?)", tenant,
					entityId, Timestamp.from(now), Timestamp.from(now));
		}
		if (!had || !typesKept) {
			var stored = had ? new HashSet<>(jdbc.queryForList(
					"SELECT type FROM hub_temporal_type WHERE tenant = ? AND entity_id = ?", String.class, tenant, entityId))
					: new HashSet<String>();
			var added = new ArrayList<Object[]>();
			for (var type : types) {
				if (stored.add(type)) {
					added.add(new Object[] { tenant, type, entityId });
				}
			}
			if (!added.isEmpty()) {
				jdbc.batchUpdate("INSERT INTO hub_temporal_type (tenant, type, entity_id) VALUES (?, ?, ?)", added);
			}
		}
		if (instances.isEmpty()) {
			return;
		}
		var rows = new ArrayList<Object[]>();
		for (var instance : instances) {
			rows.add(new Object[] { tenant, entityId, instance.attribute(), instance.datasetId(), instance.instanceId(),
					instance.observedAt() == null ? null : Timestamp.from(instance.observedAt()), Timestamp.from(now),
					Timestamp.from(now), instance.body() });
		}
		jdbc.batchUpdate("INSERT INTO hub_attribute_instance (tenant, entity_id, attribute, dataset_id, instance_id,"
				+ " observed_at, recorded_at, modified_at, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
				+ (postgres ? "CAST(? AS jsonb)" : "?") + ")", rows);
	}

	public Optional<Entity> find(String tenant, String id) {
		return jdbc.query("SELECT id, created_at, modified_at FROM hub_temporal_entity WHERE tenant = ? AND id = ?",
				HistoryRows::entity, tenant, id).stream().findFirst();
	}

	public List<String> types(String tenant, String id) {
		return jdbc.queryForList("SELECT type FROM hub_temporal_type WHERE tenant = ? AND entity_id = ? ORDER BY type",
				String.class, tenant, id);
	}

	/** The attributes an entity's history holds. */
	public List<String> attributes(String tenant, String id) {
		return jdbc.queryForList("SELECT DISTINCT attribute FROM hub_attribute_instance WHERE tenant = ? AND entity_id = ?"
				+ " ORDER BY attribute", String.class, tenant, id);
	}

	/**
	 * An attribute's instances in a window, oldest first: the first {@code limit} of them, or with
	 * {@code last} the last {@code limit}.
	 */
	public List<Recorded> instances(String tenant, String id, String attribute, Window window, int limit, boolean last) {
		var sql = new StringBuilder("SELECT attribute, dataset_id, instance_id, observed_at, recorded_at, modified_at, body"
				+ " FROM hub_attribute_instance WHERE tenant = ? AND entity_id = ? AND attribute = ?");
		var arguments = new ArrayList<Object>(List.of(tenant, id, attribute));
		var column = window.property().column;
		within(sql, arguments, window);
		if (window.property() == TimeProperty.OBSERVED_AT && window.relation() == null) {
			// instances without observedAt still belong to the history; they sort by when they were recorded
			sql.append(" ORDER BY COALESCE(observed_at, recorded_at) ").append(last ? "DESC" : "ASC").append(", recorded_at ")
				.append(last ? "DESC" : "ASC");
		}
		else {
			sql.append(" ORDER BY ").append(column).append(last ? " DESC" : " ASC").append(", recorded_at")
				.append(last ? " DESC" : " ASC");
		}
		sql.append(" FETCH FIRST ").append(limit).append(" ROWS ONLY");
		var found = new ArrayList<>(jdbc.query(sql.toString(), HistoryRows::recorded, arguments.toArray()));
		if (last) {
			java.util.Collections.reverse(found);
		}
		return found;
	}

	/** How many instances of an attribute a window holds. */
	public long count(String tenant, String id, String attribute, Window window) {
		var sql = new StringBuilder("SELECT count(*) FROM hub_attribute_instance WHERE tenant = ? AND entity_id = ? AND attribute = ?");
		var arguments = new ArrayList<Object>(List.of(tenant, id, attribute));
		within(sql, arguments, window);
		var n = jdbc.queryForObject(sql.toString(), Long.class, arguments.toArray());
		return n == null ? 0 : n;
	}

	private static void within(StringBuilder sql, List<Object> arguments, Window window) {
		var column = window.property().column;
		if (window.relation() == null) {
			return;
		}
		switch (window.relation()) {
			case "before" -> sql.append(" AND ").append(column).append(" < ?");
			case "after" -> sql.append(" AND ").append(column).append(" >= ?");
			default -> sql.append(" AND ").append(column).append(" >= ? AND ").append(column).append(" < ?");
		}
		arguments.add(Timestamp.from(window.at()));
		if ("between".equals(window.relation())) {
			arguments.add(Timestamp.from(window.endAt()));
		}
	}

	/** A page of the temporal entities of any of these types (all if none), ids, id pattern; by id. */
	public List<Entity> page(String tenant, Collection<String> types, Collection<String> ids, @Nullable String idPattern,
			int offset, int limit) {
		var arguments = new ArrayList<Object>();
		var sql = new StringBuilder("SELECT e.id, e.created_at, e.modified_at FROM hub_temporal_entity e");
		where(sql, arguments, tenant, types, ids, idPattern);
		sql.append(" ORDER BY e.id OFFSET ? ROWS FETCH NEXT ? ROWS ONLY");
		arguments.add(offset);
		arguments.add(limit);
		return jdbc.query(sql.toString(), HistoryRows::entity, arguments.toArray());
	}

	public long countEntities(String tenant, Collection<String> types, Collection<String> ids, @Nullable String idPattern) {
		var arguments = new ArrayList<Object>();
		var sql = new StringBuilder("SELECT count(*) FROM hub_temporal_entity e");
		where(sql, arguments, tenant, types, ids, idPattern);
		var n = jdbc.queryForObject(sql.toString(), Long.class, arguments.toArray());
		return n == null ? 0 : n;
	}

	private void where(StringBuilder sql, List<Object> arguments, String tenant, Collection<String> types,
			Collection<String> ids, @Nullable String idPattern) {
		sql.append(" WHERE e.tenant = ?");
		arguments.add(tenant);
		if (!types.isEmpty()) {
			sql.append(" AND EXISTS (SELECT 1 FROM hub_temporal_type t WHERE t.tenant = e.tenant AND t.entity_id = e.id"
					+ " AND t.type IN (").append(String.join(", ", java.util.Collections.nCopies(types.size(), "?"))).append("))");
			arguments.addAll(types);
		}
		if (!ids.isEmpty()) {
			sql.append(" AND e.id IN (").append(String.join(", ", java.util.Collections.nCopies(ids.size(), "?"))).append(")");
			arguments.addAll(ids);
		}
		if (idPattern != null) {
			sql.append(postgres ? " AND e.id ~ ?" : " AND REGEXP_LIKE(e.id, ?)");
			arguments.add(idPattern);
		}
	}

	/** Deletes an entity's whole history; whether it had one. */
	public boolean delete(String tenant, String id) {
		jdbc.update("DELETE FROM hub_attribute_instance WHERE tenant = ? AND entity_id = ?", tenant, id);
		return jdbc.update("DELETE FROM hub_temporal_entity WHERE tenant = ? AND id = ?", tenant, id) > 0;
	}

	/** Deletes an attribute's instances (of one datasetId, or all); how many. */
	public int deleteAttribute(String tenant, String id, String attribute, @Nullable String datasetId) {
		if (datasetId == null) {
			return jdbc.update("DELETE FROM hub_attribute_instance WHERE tenant = ? AND entity_id = ? AND attribute = ?", tenant,
					id, attribute);
		}
		return jdbc.update("DELETE FROM hub_attribute_instance WHERE tenant = ? AND entity_id = ? AND attribute = ?"
				+ " AND dataset_id = ?", tenant, id, attribute, datasetId);
	}

	/** Deletes the instances observed at one moment (an instance sent again replaces the one it was). */
	public void deleteObserved(String tenant, String id, String attribute, String datasetId, Instant observedAt) {
		jdbc.update("DELETE FROM hub_attribute_instance WHERE tenant = ? AND entity_id = ? AND attribute = ?"
				+ " AND dataset_id = ? AND observed_at = ?", tenant, id, attribute, datasetId, Timestamp.from(observedAt));
	}

	public int deleteInstance(String tenant, String id, String attribute, String instanceId) {
		return jdbc.update("DELETE FROM hub_attribute_instance WHERE tenant = ? AND entity_id = ? AND attribute = ?"
				+ " AND instance_id = ?", tenant, id, attribute, instanceId);
	}

	public Optional<Recorded> instance(String tenant, String id, String attribute, String instanceId) {
		return jdbc.query("SELECT attribute, dataset_id, instance_id, observed_at, recorded_at, modified_at, body"
				+ " FROM hub_attribute_instance WHERE tenant = ? AND entity_id = ? AND attribute = ? AND instance_id = ?",
				HistoryRows::recorded, tenant, id, attribute, instanceId).stream().findFirst();
	}

	public void updateInstance(String tenant, String id, String attribute, String instanceId, @Nullable Instant observedAt,
			String body, Instant now) {
		jdbc.update("UPDATE hub_attribute_instance SET body = " + (postgres ? "CAST(? AS jsonb)" : "?")
				+ ", observed_at = ?, modified_at = ? WHERE tenant = ? AND entity_id = ? AND attribute = ? AND instance_id = ?",
				body, observedAt == null ? null : Timestamp.from(observedAt), Timestamp.from(now), tenant, id, attribute,
				instanceId);
		jdbc.update("UPDATE hub_temporal_entity SET modified_at = ? WHERE tenant = ? AND id = ?", Timestamp.from(now), tenant,
				id);
	}

	/**
	 * Makes the monthly partitions of {@code hub_attribute_instance} from this month to
	 * {@code ahead} months on (PostgreSQL; nothing on H2); those already there are left alone.
	 */
	public void partitionAhead(Instant now, int ahead) {
		if (!postgres) {
			return;
		}
		var month = java.time.YearMonth.from(now.atZone(java.time.ZoneOffset.UTC));
		for (int i = 0; i <= ahead; i++) {
			var start = month.plusMonths(i);
			var name = "hub_attribute_instance_" + start.toString().replace("-", "_");
			jdbc.execute("CREATE TABLE IF NOT EXISTS " + name + " PARTITION OF hub_attribute_instance FOR VALUES FROM ('"
					+ start.atDay(1) + " 00:00:00+00') TO ('" + start.plusMonths(1).atDay(1) + " 00:00:00+00')");
		}
	}

	private static Entity entity(ResultSet rs, int n) throws SQLException {
		return new Entity(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getTimestamp(3).toInstant());
	}

	private static Recorded recorded(ResultSet rs, int n) throws SQLException {
		var observed = rs.getTimestamp(4);
		return new Recorded(rs.getString(1), rs.getString(2), rs.getString(3), observed == null ? null : observed.toInstant(),
				rs.getTimestamp(5).toInstant(), rs.getTimestamp(6).toInstant(), rs.getString(7));
	}
}
