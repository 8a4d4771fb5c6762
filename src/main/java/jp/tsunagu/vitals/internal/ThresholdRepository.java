package jp.tsunagu.vitals.internal;

import java.util.EnumMap;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import jp.tsunagu.platform.Tokyo;
import jp.tsunagu.vitals.Threshold;
import jp.tsunagu.vitals.VitalKind;

/** The thresholds per kind; a kind without a row has none. */
@Repository
public class ThresholdRepository {

	private final JdbcClient jdbc;

	ThresholdRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public Map<VitalKind, Threshold> all() {
		var all = new EnumMap<VitalKind, Threshold>(VitalKind.class);
		for (var kind : VitalKind.values()) {
			all.put(kind, Threshold.none(kind));
		}
		jdbc.sql("SELECT kind, low1, high1, low2, high2, updated_at, updated_by FROM vital_threshold")
			.query((rs, i) -> new Threshold(VitalKind.valueOf(rs.getString(1)), rs.getBigDecimal(2), rs.getBigDecimal(3),
					rs.getBigDecimal(4), rs.getBigDecimal(5),
					rs.getObject(6, java.time.OffsetDateTime.class).toInstant(), rs.getString(7)))
			.list()
			.forEach(t -> all.put(t.kind(), t));
		return all;
	}

	public void save(Threshold t) {
		int updated = jdbc.sql("UPDATE vital_threshold SET low1 = ?, high1 = ?, low2 = ?, high2 = ?, updated_at = ?,"
				+ " updated_by = ? WHERE kind = ?")
			.params(t.low1(), t.high1(), t.low2(), t.high2(), Tokyo.utc(t.updatedAt()), t.updatedBy(), t.kind().name())
			.update();
		if (updated == 0) {
			jdbc.sql("INSERT INTO vital_threshold (kind, low1, high1, low2, high2, updated_at, updated_by)"
					+ " VALUES (?, ?, ?, ?, ?, ?, ?)")
				.params(t.kind().name(), t.low1(), t.high1(), t.low2(), t.high2(), Tokyo.utc(t.updatedAt()), t.updatedBy())
				.update();
		}
	}
}
