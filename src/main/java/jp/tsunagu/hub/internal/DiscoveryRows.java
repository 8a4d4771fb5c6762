package jp.tsunagu.hub.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jp.tsunagu.hub.NgsiLd;
import jp.tsunagu.hub.jsonld.Jsons;
import jp.tsunagu.platform.Databases;

/**
 * What the entities of a tenant are made of, for discovery (NGSI-LD clauses 5.7.5 to 5.7.10): their
 * types, and which attributes of which attribute types each type's entities have. PostgreSQL
 * works it out in one statement over the JSONB bodies; on H2 the bodies are read a page at a time.
 * Only an entity's own attributes count: its id, types, scope and system times are not attributes,
 * and sub-attributes are not the entity's.
 */
@Repository
public class DiscoveryRows {

	/** One attribute of entities of one type, with one attribute type, and how many instances of it there are. */
	public record Use(String type, String attribute, String attributeType, long instances) {
	}

	private static final String SCOPE = NgsiLd.NS + "scope";

	private final JdbcTemplate jdbc;

	private final EntityRows entities;

	private final boolean postgres;

	DiscoveryRows(JdbcTemplate jdbc, EntityRows entities, DataSource dataSource) {
		this.jdbc = jdbc;
		this.entities = entities;
		this.postgres = Databases.isPostgres(dataSource);
	}

	/** The types (IRIs) of a tenant's entities, in order. */
	public List<String> types(String tenant) {
		return jdbc.queryForList("SELECT DISTINCT type FROM hub_entity_type WHERE tenant = ? ORDER BY type", String.class,
				tenant);
	}

	/** How many entities of a tenant have this type. */
	public long entities(String tenant, String type) {
		Long n = jdbc.queryForObject("SELECT count(*) FROM hub_entity_type WHERE tenant = ? AND type = ?", Long.class,
				tenant, type);
		return n == null ? 0 : n;
	}

	/**
	 * The attributes of a tenant's entities by type and attribute type, of one type only or one
	 * attribute only if given; an entity of two types counts for each.
	 */
	public List<Use> uses(String tenant, @Nullable String type, @Nullable String attribute) {
		if (postgres) {
			var arguments = new ArrayList<Object>();
			var sql = new StringBuilder("SELECT t.type, a.key, i.v->'@type'->>0 AS kind, count(*) FROM hub_entity e"
					+ " JOIN hub_entity_type t ON t.tenant = e.tenant AND t.entity_id = e.id"
					+ " CROSS JOIN LATERAL jsonb_each(e.body) a"
					+ " CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(a.value) = 'array' THEN a.value"
					+ " ELSE '[]'::jsonb END) i(v)"
					+ " WHERE e.tenant = ? AND left(a.key, 1) <> '@' AND a.key <> ? AND jsonb_typeof(i.v) = 'object'");
			arguments.add(tenant);
			arguments.add(SCOPE);
			if (type != null) {
				sql.append(" AND t.type = ?");
				arguments.add(type);
			}
			if (attribute != null) {
				sql.append(" AND a.key = ?");
				arguments.add(attribute);
			}
			sql.append(" GROUP BY t.type, a.key, kind ORDER BY t.type, a.key, kind");
			return jdbc.query(sql.toString(), (rs, n) -> new Use(rs.getString(1), rs.getString(2),
					rs.getString(3) == null ? NgsiLd.PROPERTY : rs.getString(3), rs.getLong(4)), arguments.toArray());
		}
		var counts = new HashMap<List<String>, Long>();
		entities.scan(tenant, new EntityRows.Filter(type == null ? List.of() : List.of(type), List.of(), null), row -> {
			counted(Jsons.object(row.body()), attribute, counts);
			return true;
		});
		var uses = new ArrayList<Use>();
		counts.forEach((key, n) -> {
			if (type == null || key.get(0).equals(type)) {
				uses.add(new Use(key.get(0), key.get(1), key.get(2), n));
			}
		});
		uses.sort(java.util.Comparator.comparing(Use::type).thenComparing(Use::attribute).thenComparing(Use::attributeType));
		return uses;
	}

	private static void counted(JsonObject entity, @Nullable String only, Map<List<String>, Long> counts) {
		if (!(entity.get("@type") instanceof JsonArray types)) {
			return;
		}
		for (var member : entity.entrySet()) {
			var name = member.getKey();
			if (name.startsWith("@") || name.equals(SCOPE) || only != null && !only.equals(name)
					|| !(member.getValue() instanceof JsonArray instances)) {
				continue;
			}
			for (var instance : instances) {
				if (!(instance instanceof JsonObject object)) {
					continue;
				}
				var kind = object.get("@type") instanceof JsonArray kinds && !kinds.isEmpty()
						&& kinds.get(0) instanceof JsonString k ? k.getString() : NgsiLd.PROPERTY;
				for (var type : types) {
					if (type instanceof JsonString t) {
						counts.merge(List.of(t.getString(), name, kind), 1L, Long::sum);
					}
				}
			}
		}
	}

	/** How many instances of an attribute a tenant's entities hold, by attribute type (each instance once). */
	public Map<String, Long> instances(String tenant, String attribute) {
		var counts = new java.util.TreeMap<String, Long>();
		if (postgres) {
			jdbc.query("SELECT i.v->'@type'->>0, count(*) FROM hub_entity e CROSS JOIN LATERAL jsonb_array_elements("
					+ "CASE WHEN jsonb_typeof(e.body->?) = 'array' THEN e.body->? ELSE '[]'::jsonb END) i(v)"
					+ " WHERE e.tenant = ? AND jsonb_typeof(i.v) = 'object' GROUP BY 1", rs -> {
						counts.merge(rs.getString(1) == null ? NgsiLd.PROPERTY : rs.getString(1), rs.getLong(2), Long::sum);
					}, attribute, attribute, tenant);
			return counts;
		}
		entities.scan(tenant, new EntityRows.Filter(List.of(), List.of(), null), row -> {
			var entity = Jsons.object(row.body());
			if (entity.get(attribute) instanceof JsonArray all) {
				for (var instance : all) {
					if (instance instanceof JsonObject object) {
						var kind = object.get("@type") instanceof JsonArray kinds && !kinds.isEmpty()
								&& kinds.get(0) instanceof JsonString k ? k.getString() : NgsiLd.PROPERTY;
						counts.merge(kind, 1L, Long::sum);
					}
				}
			}
			return true;
		});
		return counts;
	}
}
