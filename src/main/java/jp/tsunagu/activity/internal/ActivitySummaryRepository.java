package jp.tsunagu.activity.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import jp.tsunagu.activity.Activity;
import jp.tsunagu.activity.ActivitySummary;
import jp.tsunagu.activity.ActivityType;
import jp.tsunagu.identity.AccountId;
import jp.tsunagu.platform.Tokyo;

/**
 * The {@code activity_summary} table: one row per resident, changed by each activity in the
 * transaction that stores it. The row is locked by the update, so concurrent activities of one
 * resident count one after the other.
 */
@Repository
public class ActivitySummaryRepository {

	private final JdbcClient jdbc;

	private final String createIfMissing;

	ActivitySummaryRepository(JdbcClient jdbc, javax.sql.DataSource dataSource) {
		this.jdbc = jdbc;
		// making a row that exists is no error, so it runs inside the activity's transaction (a
		// statement that fails would spoil that transaction on PostgreSQL)
		var columns = " (resident, last_outing_at, last_tablet_at, week_start, outings_week, month_start, outings_month)";
		this.createIfMissing = jp.tsunagu.platform.Databases.isPostgres(dataSource)
				? "INSERT INTO activity_summary" + columns + " VALUES (?, NULL, NULL, ?, 0, ?, 0) ON CONFLICT (resident) DO NOTHING"
				: "MERGE INTO activity_summary s USING (VALUES (CAST(? AS UUID), CAST(? AS DATE), CAST(? AS DATE)))"
						+ " v (resident, week_start, month_start) ON s.resident = v.resident WHEN NOT MATCHED THEN INSERT"
						+ columns + " VALUES (v.resident, NULL, NULL, v.week_start, 0, v.month_start, 0)";
	}

	/**
	 * The resident's row, empty, unless it exists. H2's MERGE looks, then inserts: of two first
	 * activities at once one insert may hit the key; on H2 only that statement fails, and the row is
	 * there, which is all that was asked (PostgreSQL's ON CONFLICT waits for the other and does nothing).
	 */
	public void create(AccountId resident, LocalDate today) {
		try {
			jdbc.sql(createIfMissing).params(resident.value(), weekOf(today), today.withDayOfMonth(1)).update();
		}
		catch (org.springframework.dao.DuplicateKeyException madeAtTheSameMoment) {
			// made by the other
		}
	}

	/**
	 * Counts one activity: the last outing or tablet use moves if it is later; an outing in the
	 * summary's week (month) adds one, in a later one starts it again at one, in an earlier one changes
	 * nothing.
	 */
	public void add(Activity activity) {
		var at = Tokyo.utc(activity.occurredAt());
		var day = activity.occurredAt().atZone(Tokyo.ZONE).toLocalDate();
		if (activity.type().outing()) {
			jdbc.sql("UPDATE activity_summary SET"
					+ " last_outing_at = CASE WHEN last_outing_at IS NULL OR last_outing_at < :at THEN :at ELSE last_outing_at END,"
					+ " outings_week = CASE WHEN week_start = :week THEN outings_week + 1 WHEN week_start < :week THEN 1"
					+ " ELSE outings_week END,"
					+ " week_start = CASE WHEN week_start < :week THEN :week ELSE week_start END,"
					+ " outings_month = CASE WHEN month_start = :month THEN outings_month + 1 WHEN month_start < :month THEN 1"
					+ " ELSE outings_month END,"
					+ " month_start = CASE WHEN month_start < :month THEN :month ELSE month_start END"
					+ " WHERE resident = :resident")
				.param("at", at)
				.param("week", weekOf(day))
				.param("month", day.withDayOfMonth(1))
				.param("resident", activity.resident().value())
				.update();
		}
		else if (activity.type() == ActivityType.TABLET_LOGIN) {
			jdbc.sql("UPDATE activity_summary SET last_tablet_at = :at WHERE resident = :resident"
					+ " AND (last_tablet_at IS NULL OR last_tablet_at < :at)")
				.param("at", at)
				.param("resident", activity.resident().value())
				.update();
		}
	}

	/** Summaries as of {@code today}: a week or month that has passed counts as none. */
	public Map<AccountId, ActivitySummary> find(Collection<AccountId> residents, LocalDate today) {
		var found = new HashMap<AccountId, ActivitySummary>();
		if (residents.isEmpty()) {
			return found;
		}
		jdbc.sql("SELECT resident, last_outing_at, last_tablet_at, week_start, outings_week, month_start, outings_month"
				+ " FROM activity_summary WHERE resident IN (:residents)")
			.param("residents", residents.stream().map(AccountId::value).toList())
			.query((rs, i) -> map(rs, today))
			.list()
			.forEach(s -> found.put(s.resident(), s));
		return found;
	}

	private static ActivitySummary map(ResultSet rs, LocalDate today) throws SQLException {
		var week = rs.getObject("week_start", LocalDate.class).equals(weekOf(today)) ? rs.getInt("outings_week") : 0;
		var month = rs.getObject("month_start", LocalDate.class).equals(today.withDayOfMonth(1))
				? rs.getInt("outings_month") : 0;
		return new ActivitySummary(new AccountId(rs.getObject("resident", UUID.class)),
				instant(rs.getObject("last_outing_at", OffsetDateTime.class)), week, month,
				instant(rs.getObject("last_tablet_at", OffsetDateTime.class)));
	}

	static LocalDate weekOf(LocalDate day) {
		return day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
	}

	private static @Nullable Instant instant(@Nullable OffsetDateTime t) {
		return t == null ? null : t.toInstant();
	}
}
