package jp.tsunagu.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import jp.tsunagu.TestDatabase;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.hub.internal.EntityRows;
import jp.tsunagu.hub.query.GeoJson;
import jp.tsunagu.hub.query.GeoQuery;

/**
 * On PostgreSQL with 100,000 entities (sensors spread over Sapporo, each with a location and an
 * attribute history), the hub's hot reads are answered from indexes: an entity by id, a page of a
 * type, a near-1-km geo-query (the GiST index on the geography walked nearest first, not a scan of
 * every entity nor a sort of every match), a
 * geo-query inside a polygon, and an entity's last 100 history instances. The plans are printed;
 * none reads a hub table whole, and none writes (reads never write). The rows go into a schema of
 * their own, made from the migrated tables ({@code LIKE … INCLUDING ALL}), are
 * {@code VACUUM ANALYZE}d (autovacuum is off on this machine) before anything is explained, and
 * are dropped.
 */
@TsunaguTest
class HubQueryPlanTests {

	private static final int ENTITIES = 100_000;

	@Autowired
	DataSource dataSource;

	@Test
	void withAHundredThousandEntitiesTheHotReadsUseIndexes() throws SQLException {
		assumeTrue(TestDatabase.postgres(), "query plans are PostgreSQL's");
		var schema = "hubplan_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
		try (Connection connection = dataSource.getConnection()) {
			connection.setAutoCommit(true);
			var jdbc = JdbcClient.create(new SingleConnectionDataSource(connection, true));
			try {
				jdbc.sql("CREATE SCHEMA " + schema).update();
				for (var table : new String[] { "hub_entity", "hub_entity_type", "hub_entity_geo" }) {
					jdbc.sql("CREATE TABLE " + schema + "." + table + " (LIKE public." + table + " INCLUDING ALL)").update();
				}
				// the history is partitioned: a plain copy with the same indexes stands for one month's partition
				jdbc.sql("CREATE TABLE " + schema + ".hub_attribute_instance (LIKE public.hub_attribute_instance INCLUDING ALL)")
					.update();
				jdbc.sql("SET search_path TO " + schema + ", public").update();
				fill(jdbc);
				var type = "https://example.org/Sensor";
				var point = GeoJson.of("Point", jakarta.json.Json.createArrayBuilder().add(141.35).add(43.06).build());
				var near = new GeoQuery(GeoQuery.Relation.NEAR_MAX, 1000, point, NgsiLd.NS + "location");
				var box = GeoQuery.of("within", "Polygon", "[[[141.34,43.05],[141.36,43.05],[141.36,43.07],[141.34,43.07],[141.34,43.05]]]",
						NgsiLd.NS + "location");
				var queries = new LinkedHashMap<String, EntityRows.Statement>();
				queries.put("an entity by id", new EntityRows.Statement(
						"SELECT e.id, e.body, e.created_at, e.modified_at FROM hub_entity e WHERE e.tenant = ? AND e.id = ?",
						List.of("", "urn:ngsi-ld:Sensor:77777")));
				queries.put("a page of a type",
						EntityRows.pageStatement(true, "", new EntityRows.Filter(List.of(type), List.of(), null), 0, 100));
				queries.put("near 1 km", EntityRows.nearestStatement("",
						new EntityRows.Filter(List.of(type), List.of(), null, near), 102));
				queries.put("within a polygon", EntityRows.pageStatement(true, "",
						new EntityRows.Filter(List.of(type), List.of(), null, box), 0, 100));
				queries.put("the last 100 instances of an attribute", new EntityRows.Statement(
						"SELECT instance_id, body FROM hub_attribute_instance WHERE tenant = ? AND entity_id = ? AND attribute = ?"
								+ " ORDER BY observed_at DESC FETCH FIRST 100 ROWS ONLY",
						List.of("", "urn:ngsi-ld:Sensor:77", "https://example.org/numValue")));
				for (var query : queries.entrySet()) {
					var statement = query.getValue();
					var plan = String.join("\n", jdbc.sql("EXPLAIN (ANALYZE, BUFFERS, TIMING OFF) " + statement.sql())
						.params(statement.arguments())
						.query(String.class)
						.list());
					var rows = jdbc.sql("SELECT count(*) FROM (" + statement.sql() + ") q").params(statement.arguments())
						.query(Long.class)
						.single();
					System.out.printf("%n-- %s (%d rows of %d entities)%n%s%n", query.getKey(), rows, ENTITIES, plan);
					assertThat(rows).as("%s finds something", query.getKey()).isPositive();
					assertThat(plan).as("%s: %n%s", query.getKey(), plan)
						.doesNotContain("Seq Scan on hub_entity ")
						.doesNotContain("Seq Scan on hub_entity_geo")
						.doesNotContain("Seq Scan on hub_attribute_instance")
						.containsPattern("Index (Only )?Scan|Bitmap Index Scan");
				}
				var near1km = String.join("\n", jdbc.sql("EXPLAIN " + queries.get("near 1 km").sql())
					.params(queries.get("near 1 km").arguments()).query(String.class).list());
				// (the copied tables' indexes have names of their own: the index is known by what it indexes)
				assertThat(near1km).as("the geography's GiST index walked nearest first, not a scan and a sort: %n%s", near1km)
					.containsPattern("Index Scan using hub_entity_geo_geo\\w* on hub_entity_geo")
					.contains("(geom)::geography &&")
					.contains("Order By: ((geom)::geography <->")
					.doesNotContain("Sort");
			}
			finally {
				jdbc.sql("SET search_path TO public").update();
				jdbc.sql("DROP SCHEMA IF EXISTS " + schema + " CASCADE").update();
			}
		}
	}

	/** 100,000 sensors over Sapporo, with a location each, and 50 history instances for 1,000 of them. */
	private static void fill(JdbcClient jdbc) {
		jdbc.sql("SELECT setseed(0.18)::text").query(String.class).single();
		jdbc.sql("INSERT INTO hub_entity (tenant, id, body, created_at, modified_at)"
				+ " SELECT '', 'urn:ngsi-ld:Sensor:' || i, jsonb_build_object('@id', 'urn:ngsi-ld:Sensor:' || i,"
				+ " '@type', jsonb_build_array('https://example.org/Sensor'), 'https://example.org/numValue',"
				+ " jsonb_build_array(jsonb_build_object('@type', jsonb_build_array('" + NgsiLd.PROPERTY + "'), '"
				+ NgsiLd.HAS_VALUE + "', jsonb_build_array(jsonb_build_object('@value', (random() * 100)::int))))),"
				+ " now(), now() FROM generate_series(1, " + ENTITIES + ") i")
			.update();
		jdbc.sql("INSERT INTO hub_entity_type (tenant, type, entity_id) SELECT '', 'https://example.org/Sensor', id FROM hub_entity")
			.update();
		jdbc.sql("INSERT INTO hub_entity_geo (tenant, entity_id, attribute, geom) SELECT '', id, '" + NgsiLd.NS + "location',"
				+ " ST_SetSRID(ST_MakePoint(141.2 + random() * 0.3, 42.95 + random() * 0.2), 4326) FROM hub_entity")
			.update();
		jdbc.sql("INSERT INTO hub_attribute_instance (tenant, entity_id, attribute, dataset_id, instance_id, observed_at,"
				+ " recorded_at, modified_at, body) SELECT '', 'urn:ngsi-ld:Sensor:' || (i % 1000), 'https://example.org/numValue',"
				+ " '', 'urn:ngsi-ld:' || gen_random_uuid(), now() - i * interval '1 second', now(), now(), '{}'::jsonb"
				+ " FROM generate_series(1, 50000) i")
			.update();
		for (var table : new String[] { "hub_entity", "hub_entity_type", "hub_entity_geo", "hub_attribute_instance" }) {
			jdbc.sql("VACUUM ANALYZE " + table).update();
		}
	}
}
