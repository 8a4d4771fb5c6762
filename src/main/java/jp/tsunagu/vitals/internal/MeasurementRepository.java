package jp.tsunagu.vitals.internal;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import jp.tsunagu.identity.AccountId;
import jp.tsunagu.platform.Databases;
import jp.tsunagu.platform.Tokyo;
import jp.tsunagu.vitals.Measurement;
import jp.tsunagu.vitals.VitalKind;

/**
 * Measurements. A measurement is inserted only if the resident has none of its device and kind at its time; the
 * unique constraint decides between concurrent posts of the same reading, without an error.
 */
@Repository
public class MeasurementRepository {

	private static final String COLUMNS = "id, resident_id, kind, taken_at, value1, value2, device, source, place,"
			+ " recorded_at, recorded_by";

	private final JdbcClient jdbc;

	private final JdbcTemplate template;

	private final String insertIfMissing;

	MeasurementRepository(JdbcClient jdbc, JdbcTemplate template, DataSource dataSource) {
		this.jdbc = jdbc;
		this.template = template;
		this.insertIfMissing = Databases.isPostgres(dataSource)
				? "INSERT INTO vital_measurement (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
						+ " ON CONFLICT (resident_id, device, kind, taken_at) DO NOTHING"
				// H2: MERGE looks, then inserts; of two concurrent first posts one fails on the unique
				// constraint, which the caller reads as "stored before" (only that statement fails on H2)
				: "MERGE INTO vital_measurement m USING (VALUES (CAST(? AS UUID), CAST(? AS UUID), CAST(? AS VARCHAR(20)),"
						+ " CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS NUMERIC(9, 2)), CAST(? AS NUMERIC(9, 2)),"
						+ " CAST(? AS VARCHAR(120)), CAST(? AS VARCHAR(10)), CAST(? AS VARCHAR(200)),"
						+ " CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS VARCHAR(120))))"
						+ " v (" + COLUMNS + ") ON m.resident_id = v.resident_id AND m.device = v.device AND m.kind = v.kind AND m.taken_at = v.taken_at"
						+ " WHEN NOT MATCHED THEN INSERT (" + COLUMNS + ") VALUES (v.id, v.resident_id, v.kind, v.taken_at,"
						+ " v.value1, v.value2, v.device, v.source, v.place, v.recorded_at, v.recorded_by)";
	}

	/**
	 * Inserts those of these measurements whose device, kind and time are not stored yet, in one
	 * batch; returns, in order, whether each was inserted.
	 */
	public boolean[] insertMissing(List<Measurement> measurements) {
		var rows = new ArrayList<Object[]>(measurements.size());
		for (var m : measurements) {
			rows.add(new Object[] { m.id(), m.resident().value(), m.kind().name(), Tokyo.utc(m.takenAt()), m.value(),
					m.second(), m.device(), m.source().name(), m.place(), Tokyo.utc(m.recordedAt()), m.recordedBy() });
		}
		int[] counts = template.batchUpdate(insertIfMissing, rows);
		var inserted = new boolean[counts.length];
		for (int i = 0; i < counts.length; i++) {
			inserted[i] = counts[i] > 0;
		}
		return inserted;
	}

	public Optional<Measurement> find(UUID id) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM vital_measurement WHERE id = ?")
			.param(id)
			.query(MeasurementRepository::toMeasurement)
			.optional();
	}

	public Optional<Measurement> findByKey(AccountId resident, String device, VitalKind kind, Instant takenAt) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM vital_measurement WHERE resident_id = ? AND device = ? AND kind = ?"
				+ " AND taken_at = ?")
			.params(resident.value(), device, kind.name(), Tokyo.utc(takenAt))
			.query(MeasurementRepository::toMeasurement)
			.optional();
	}

	/**
	 * A resident's measurements, of one kind or all, from and before the given times, newest first
	 * (or oldest first), a page at a time.
	 */
	public List<Measurement> search(AccountId resident, Collection<VitalKind> kinds, @Nullable Instant from,
			@Nullable Instant before, boolean newestFirst, int offset, int limit) {
		var params = new java.util.HashMap<String, Object>();
		var sql = new StringBuilder("SELECT " + COLUMNS + " FROM vital_measurement")
			.append(where(resident, kinds, from, before, params));
		String order = newestFirst ? " DESC" : "";
		sql.append(" ORDER BY taken_at").append(order).append(", id").append(order);
		sql.append(" LIMIT ").append(limit).append(" OFFSET ").append(offset);
		return jdbc.sql(sql.toString()).params(params).query(MeasurementRepository::toMeasurement).list();
	}

	/** How many measurements such a search finds in all. */
	public long count(AccountId resident, Collection<VitalKind> kinds, @Nullable Instant from, @Nullable Instant before) {
		var params = new java.util.HashMap<String, Object>();
		var sql = "SELECT COUNT(*) FROM vital_measurement" + where(resident, kinds, from, before, params);
		return jdbc.sql(sql).params(params).query(Long.class).single();
	}

	/** The WHERE clause a search and its count share, its parameters put into {@code params}. */
	private static String where(AccountId resident, Collection<VitalKind> kinds, @Nullable Instant from,
			@Nullable Instant before, java.util.Map<String, Object> params) {
		var where = new StringBuilder(" WHERE resident_id = :resident");
		params.put("resident", resident.value());
		if (!kinds.isEmpty()) {
			where.append(" AND kind IN (:kinds)");
			params.put("kinds", kinds.stream().map(Enum::name).toList());
		}
		if (from != null) {
			where.append(" AND taken_at >= :from");
			params.put("from", Tokyo.utc(from));
		}
		if (before != null) {
			where.append(" AND taken_at < :before");
			params.put("before", Tokyo.utc(before));
		}
		return where.toString();
	}

	/** The newest measurement of each kind the resident has. */
	public Map<VitalKind, Measurement> latest(AccountId resident) {
		var latest = new java.util.EnumMap<VitalKind, Measurement>(VitalKind.class);
		for (var kind : VitalKind.values()) {
			// one short indexed read per kind: (resident, kind, taken_at) gives the newest at once
			search(resident, List.of(kind), null, null, true, 0, 1).forEach(m -> latest.put(kind, m));
		}
		return latest;
	}

	private static Measurement toMeasurement(ResultSet rs, int row) throws SQLException {
		return new Measurement(rs.getObject("id", UUID.class), new AccountId(rs.getObject("resident_id", UUID.class)),
				VitalKind.valueOf(rs.getString("kind")), instant(rs, "taken_at"), rs.getBigDecimal("value1"),
				rs.getBigDecimal("value2"), rs.getString("device"), Measurement.Source.valueOf(rs.getString("source")),
				rs.getString("place"), instant(rs, "recorded_at"), rs.getString("recorded_by"));
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		return rs.getObject(column, OffsetDateTime.class).toInstant();
	}

}
