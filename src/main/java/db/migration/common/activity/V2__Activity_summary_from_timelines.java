package db.migration.common.activity;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * activity: fills {@code activity_summary} from the timelines already stored, counting this week's
 * and this month's outings as of the day the upgrade runs. In Java so the week and month boundaries
 * are Japan's, the same as {@code Timeline} keeps them, on H2 and PostgreSQL alike.
 */
public class V2__Activity_summary_from_timelines extends BaseJavaMigration {

	private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

	/** The outing kinds as {@code ActivityType} had them when this migration was written. */
	private static final String OUTINGS = "('CHECK_IN', 'EVENT_ATTENDED', 'HEALTH_CONSULTATION', 'FARM_WORK',"
			+ " 'VITALS_TAKEN', 'COUPON_USED')";

	@Override
	public void migrate(Context context) throws Exception {
		var today = LocalDate.now(TOKYO);
		var week = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
		var month = today.withDayOfMonth(1);
		var since = (week.isBefore(month) ? week : month).atStartOfDay(TOKYO).toInstant();
		var rows = new HashMap<UUID, Row>();
		var connection = context.getConnection();
		try (var select = connection.createStatement();
				var rs = select.executeQuery("SELECT resident,"
						+ " MAX(CASE WHEN type IN " + OUTINGS + " THEN occurred_at END) AS last_outing,"
						+ " MAX(CASE WHEN type = 'TABLET_LOGIN' THEN occurred_at END) AS last_tablet"
						+ " FROM activity GROUP BY resident")) {
			while (rs.next()) {
				rows.put(rs.getObject(1, UUID.class), new Row(rs.getObject(2, OffsetDateTime.class),
						rs.getObject(3, OffsetDateTime.class)));
			}
		}
		try (var select = connection.prepareStatement(
				"SELECT resident, occurred_at FROM activity WHERE type IN " + OUTINGS + " AND occurred_at >= ?")) {
			select.setObject(1, OffsetDateTime.ofInstant(since, ZoneOffset.UTC));
			try (var rs = select.executeQuery()) {
				while (rs.next()) {
					var row = rows.get(rs.getObject(1, UUID.class));
					var day = rs.getObject(2, OffsetDateTime.class).atZoneSameInstant(TOKYO).toLocalDate();
					if (!day.isBefore(week) && !day.isAfter(today)) {
						row.week++;
					}
					if (!day.isBefore(month) && !day.isAfter(today)) {
						row.month++;
					}
				}
			}
		}
		try (var insert = connection.prepareStatement("INSERT INTO activity_summary (resident, last_outing_at,"
				+ " last_tablet_at, week_start, outings_week, month_start, outings_month) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
			for (Map.Entry<UUID, Row> e : rows.entrySet()) {
				insert.setObject(1, e.getKey());
				insert.setObject(2, e.getValue().lastOuting);
				insert.setObject(3, e.getValue().lastTablet);
				insert.setObject(4, week);
				insert.setInt(5, e.getValue().week);
				insert.setObject(6, month);
				insert.setInt(7, e.getValue().month);
				insert.addBatch();
			}
			insert.executeBatch();
		}
	}

	private static final class Row {

		final OffsetDateTime lastOuting;

		final OffsetDateTime lastTablet;

		int week;

		int month;

		Row(OffsetDateTime lastOuting, OffsetDateTime lastTablet) {
			this.lastOuting = lastOuting;
			this.lastTablet = lastTablet;
		}
	}
}
