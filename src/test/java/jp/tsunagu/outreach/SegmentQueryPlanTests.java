package jp.tsunagu.outreach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import jp.tsunagu.TestDatabase;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.outreach.internal.AudienceRepository;
import jp.tsunagu.residents.Area;

/**
 * On PostgreSQL, with 100,000 residents in outreach's audience, the one query that counts a segment
 * is answered from indexes, not by reading the table: the plans are printed, and none of the usual
 * segments scans {@code outreach_audience} whole. The rows go into a schema of their own, made with
 * the migrated tables' own definitions and indexes ({@code LIKE … INCLUDING ALL}), then
 * {@code VACUUM ANALYZE}d (the machine's autovacuum is off) before anything is measured, and dropped.
 */
@TsunaguTest
class SegmentQueryPlanTests {

	private static final int RESIDENTS = 100_000;

	@Autowired
	DataSource dataSource;

	@Test
	void whenTheWardHasAHundredThousandResidentsThenSegmentCountsAreAnsweredFromIndexes() throws SQLException {
		assumeTrue(TestDatabase.postgres(), "query plans are PostgreSQL's");
		var schema = "plan_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
		try (Connection connection = dataSource.getConnection()) {
			connection.setAutoCommit(true);
			var jdbc = JdbcClient.create(new SingleConnectionDataSource(connection, true));
			try {
				jdbc.sql("CREATE SCHEMA " + schema).update();
				for (var table : new String[] { "outreach_audience", "outreach_attendance", "outreach_interest" }) {
					jdbc.sql("CREATE TABLE " + schema + "." + table + " (LIKE public." + table + " INCLUDING ALL)").update();
				}
				jdbc.sql("SET search_path TO " + schema).update();
				fill(jdbc);
				var event = jdbc.sql("SELECT event_id FROM outreach_attendance LIMIT 1").query(UUID.class).single();
				var today = LocalDate.now(ZoneId.of("Asia/Tokyo"));
				var segments = new LinkedHashMap<String, Segment>();
				segments.put("Momijidai, 65 and over, not out for 14 days",
						new Segment(Area.MOMIJIDAI, 65, null, 14, null, null));
				segments.put("Aoba, 75 to 84", new Segment(Area.AOBA, 75, 84, null, null, null));
				segments.put("85 and over", new Segment(null, 85, null, null, null, null));
				segments.put("came to one event", new Segment(null, null, null, null, event, null));
				segments.put("Shin-Sapporo, came to an event tagged 体操",
						new Segment(Area.SHIN_SAPPORO, null, null, null, null, "体操"));
				for (var segment : segments.entrySet()) {
					var query = AudienceRepository.countQuery(segment.getValue(), today);
					var plan = String.join("\n", jdbc.sql("EXPLAIN (ANALYZE, BUFFERS, TIMING OFF) " + query.sql())
						.params(query.params())
						.query(String.class)
						.list());
					var count = jdbc.sql(query.sql()).params(query.params()).query(Long.class).single();
					System.out.printf("%n-- segment: %s (%d of %d residents)%n%s%n", segment.getKey(), count, RESIDENTS,
							plan);
					assertThat(count).as("%s reaches someone in this ward", segment.getKey()).isPositive();
					assertThat(plan).as("%s: %n%s", segment.getKey(), plan)
						.doesNotContain("Seq Scan on outreach_audience")
						.containsPattern("Index (Only )?Scan|Bitmap Index Scan");
				}
			}
			finally {
				jdbc.sql("SET search_path TO public").update();
				jdbc.sql("DROP SCHEMA IF EXISTS " + schema + " CASCADE").update();
			}
		}
	}

	/**
	 * A ward of 100,000: the four areas, born 1925–2005, most out in the last two months and one in
	 * ten never; 200 events, each with about 100 who came, and their tags.
	 */
	private static void fill(JdbcClient jdbc) {
		jdbc.sql("SELECT setseed(0.2026)::text").query(String.class).single();
		jdbc.sql("INSERT INTO outreach_audience (resident, area, birth_date, last_outing_at)"
				+ " SELECT gen_random_uuid(), (ARRAY['MOMIJIDAI','AOBA','SHIN_SAPPORO','OTHER'])[1 + (i % 4)],"
				+ " DATE '1925-01-01' + (random() * 29200)::int,"
				+ " CASE WHEN random() < 0.1 THEN NULL ELSE now() - random() * INTERVAL '60 days' END"
				+ " FROM generate_series(1, " + RESIDENTS + ") AS i")
			.update();
		jdbc.sql("INSERT INTO outreach_attendance (event_id, resident)"
				+ " SELECT DISTINCT e.id, a.resident FROM (SELECT gen_random_uuid() AS id, n FROM generate_series(1, 200) n) e"
				+ " JOIN LATERAL (SELECT resident FROM outreach_audience TABLESAMPLE BERNOULLI (0.1) REPEATABLE (e.n)) a ON true")
			.update();
		jdbc.sql("INSERT INTO outreach_interest (tag, resident)"
				+ " SELECT DISTINCT (ARRAY['体操','交流','健康','農園','囲碁'])[1 + abs(hashtext(event_id::text)) % 5], resident"
				+ " FROM outreach_attendance")
			.update();
		for (var table : new String[] { "outreach_audience", "outreach_attendance", "outreach_interest" }) {
			jdbc.sql("VACUUM ANALYZE " + table).update();
		}
	}
}
