package jp.tsunagu.points.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import jp.tsunagu.identity.AccountId;
import jp.tsunagu.platform.Tokyo;
import jp.tsunagu.points.PointsBudget;
import jp.tsunagu.points.PointsCampaign;
import jp.tsunagu.points.PointsEntry;
import jp.tsunagu.points.PointsRule;

/**
 * The ledger's tables. Accounts are locked ({@code FOR UPDATE}) before their balance is read and
 * moved, so concurrent entries touching one account follow each other and a cap or a budget is
 * checked against what is really there.
 */
@Repository
public class Ledger {

	public static final String PROGRAM = "program:activity";

	public static final String EXPIRY = "expiry";

	/** How many shards the programme's budget is kept in: awards for different residents rarely wait for each other. */
	public static final int SHARDS = 16;

	/** What a shard takes from the programme when it runs short. */
	public static final long SHARD_CHUNK = 2_000;

	/** The shard of the programme's budget that pays this resident's awards and corrections. */
	public static String shard(AccountId resident) {
		return PROGRAM + "#" + Math.floorMod(resident.value().hashCode(), SHARDS);
	}

	private final JdbcClient jdbc;

	private final String openIfMissing;

	Ledger(JdbcClient jdbc, javax.sql.DataSource dataSource) {
		this.jdbc = jdbc;
		// opening an account that exists is no error, so it may run inside a caller's transaction
		// (a statement that fails would spoil that transaction on PostgreSQL)
		this.openIfMissing = jp.tsunagu.platform.Databases.isPostgres(dataSource)
				? "INSERT INTO points_account (id, kind, balance) VALUES (?, ?, 0) ON CONFLICT (id) DO NOTHING"
				: "MERGE INTO points_account a USING (VALUES (CAST(? AS VARCHAR(80)), CAST(? AS VARCHAR(12)))) v (id, kind)"
						+ " ON a.id = v.id WHEN NOT MATCHED THEN INSERT (id, kind, balance) VALUES (v.id, v.kind, 0)";
	}

	public static String resident(AccountId id) {
		return "resident:" + id.value();
	}

	/**
	 * Opens an account at zero unless it is open. H2's MERGE looks, then inserts: two first entries
	 * at once may both look and one insert fails; on H2 only that statement fails, not the caller's
	 * transaction, and the account is open, which is all that was asked (PostgreSQL's ON CONFLICT
	 * never gets here).
	 */
	public void open(String account, String kind) {
		try {
			jdbc.sql(openIfMissing).params(account, kind).update();
		}
		catch (org.springframework.dao.DuplicateKeyException openedAtTheSameMoment) {
			// opened by the other
		}
	}

	/** The balance, with the account locked until the transaction ends. */
	public long lock(String account) {
		return jdbc.sql("SELECT balance FROM points_account WHERE id = ? FOR UPDATE").param(account)
			.query(Long.class).single();
	}

	/** As {@link #lock}, opening the account first when it is not open yet (a resident's first entry). */
	/**
	 * Locks an account as {@link #lockOpening} does, unless this transaction locked it already (an
	 * award of each Observation of a Bundle, all in one transaction, locks the resident once).
	 */
	public void lockOpeningOnce(String account, String kind) {
		var seen = seen();
		if (seen != null && seen.locked.contains(account)) {
			return;
		}
		lockOpening(account, kind);
		if (seen != null) {
			seen.locked.add(account);
		}
	}

	/**
	 * What the current transaction has read or locked already: the rules and the day's campaigns as
	 * it first read them (as if all its awards ran at that moment; a rule or campaign this transaction
	 * writes itself is read again), and the accounts it holds locked until it ends. Kept with the
	 * transaction (suspended with it, gone when it ends); without one, nothing is kept.
	 */
	private static final class Seen {

		final java.util.Map<String, Optional<PointsRule>> rules = new java.util.HashMap<>();

		final java.util.Map<LocalDate, List<PointsCampaign>> campaigns = new java.util.HashMap<>();

		final java.util.Set<String> locked = new java.util.HashSet<>();
	}

	private final Object seenKey = new Object();

	private @org.jspecify.annotations.Nullable Seen seen() {
		if (!org.springframework.transaction.support.TransactionSynchronizationManager.isActualTransactionActive()
				|| !org.springframework.transaction.support.TransactionSynchronizationManager.isSynchronizationActive()) {
			return null;
		}
		var bound = (Seen) org.springframework.transaction.support.TransactionSynchronizationManager.getResource(seenKey);
		if (bound != null) {
			return bound;
		}
		var fresh = new Seen();
		org.springframework.transaction.support.TransactionSynchronizationManager.bindResource(seenKey, fresh);
		org.springframework.transaction.support.TransactionSynchronizationManager
			.registerSynchronization(new org.springframework.transaction.support.TransactionSynchronization() {
				@Override
				public void suspend() {
					org.springframework.transaction.support.TransactionSynchronizationManager.unbindResourceIfPossible(seenKey);
				}

				@Override
				public void resume() {
					org.springframework.transaction.support.TransactionSynchronizationManager.bindResource(seenKey, fresh);
				}

				@Override
				public void afterCompletion(int status) {
					org.springframework.transaction.support.TransactionSynchronizationManager.unbindResourceIfPossible(seenKey);
				}
			});
		return fresh;
	}

	private void forgetSeen() {
		var seen = seen();
		if (seen != null) {
			seen.rules.clear();
			seen.campaigns.clear();
		}
	}

	public long lockOpening(String account, String kind) {
		var balance = jdbc.sql("SELECT balance FROM points_account WHERE id = ? FOR UPDATE").param(account)
			.query(Long.class)
			.optional();
		if (balance.isPresent()) {
			return balance.get();
		}
		open(account, kind);
		return lock(account);
	}

	/**
	 * Points the resident was awarded for this reason on {@code day} and in its month (Japan's), in
	 * one pass over the month's entries.
	 */
	public long[] awardedDayAndMonth(AccountId resident, String reason, LocalDate day) {
		var dayStart = Tokyo.utc(day.atStartOfDay(Tokyo.ZONE).toInstant());
		var dayEnd = Tokyo.utc(day.plusDays(1).atStartOfDay(Tokyo.ZONE).toInstant());
		return jdbc.sql("SELECT COALESCE(SUM(CASE WHEN j.occurred_at >= ? AND j.occurred_at < ? THEN l.amount END), 0),"
				+ " COALESCE(SUM(l.amount), 0) FROM points_journal j JOIN points_line l ON l.journal_id = j.id"
				+ " WHERE j.resident = ? AND j.kind = 'AWARD' AND j.reason = ? AND l.account = ?"
				+ " AND j.occurred_at >= ? AND j.occurred_at < ?")
			.params(dayStart, dayEnd, resident.value(), reason, resident(resident),
					Tokyo.utc(day.withDayOfMonth(1).atStartOfDay(Tokyo.ZONE).toInstant()),
					Tokyo.utc(day.withDayOfMonth(1).plusMonths(1).atStartOfDay(Tokyo.ZONE).toInstant()))
			.query((rs, i) -> new long[] { rs.getLong(1), rs.getLong(2) })
			.single();
	}

	public Optional<Long> balance(String account) {
		return jdbc.sql("SELECT balance FROM points_account WHERE id = ?").param(account).query(Long.class).optional();
	}

	/** The entry recorded for this source, if any. */
	public Optional<UUID> entry(String source) {
		return jdbc.sql("SELECT id FROM points_journal WHERE source = ?").param(source).query(UUID.class).optional();
	}

	/**
	 * One journal entry and its lines, which must sum to zero, and each account's cached balance
	 * moved by its line. The caller holds the locks of the accounts it checked.
	 */
	public UUID post(String kind, String source, @org.jspecify.annotations.Nullable AccountId resident, String reason, Instant occurredAt, Instant now,
			String memo, String actor, List<Line> lines) {
		if (lines.stream().mapToLong(Line::amount).sum() != 0) {
			throw new IllegalArgumentException("a journal entry's lines sum to zero");
		}
		var id = UUID.randomUUID();
		jdbc.sql("INSERT INTO points_journal (id, kind, source, resident, reason, occurred_at, recorded_at, memo, actor)"
				+ " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
			.params(id, kind, source, resident == null ? null : resident.value(), reason, Tokyo.utc(occurredAt), Tokyo.utc(now), memo, actor)
			.update();
		if (lines.size() == 2) {
			// every entry but the first budget has two lines: one statement for both
			var a = lines.get(0);
			var b = lines.get(1);
			jdbc.sql("INSERT INTO points_line (journal_id, account, amount) VALUES (?, ?, ?), (?, ?, ?)")
				.params(id, a.account(), a.amount(), id, b.account(), b.amount())
				.update();
		}
		else {
			for (var line : lines) {
				jdbc.sql("INSERT INTO points_line (journal_id, account, amount) VALUES (?, ?, ?)")
					.params(id, line.account(), line.amount())
					.update();
			}
		}
		for (var line : lines) {
			jdbc.sql("UPDATE points_account SET balance = balance + ? WHERE id = ?").params(line.amount(), line.account())
				.update();
		}
		return id;
	}

	/** What came into the account (positive lines) in entries that happened before {@code before}. */
	public long credits(String account, Instant before) {
		return jdbc.sql("SELECT COALESCE(SUM(l.amount), 0) FROM points_line l JOIN points_journal j ON j.id = l.journal_id"
				+ " WHERE l.account = ? AND l.amount > 0 AND j.occurred_at < ?")
			.params(account, Tokyo.utc(before))
			.query(Long.class)
			.single();
	}

	/** All that went out of the account so far (its negative lines, as a negative number). */
	public long debits(String account) {
		return jdbc.sql("SELECT COALESCE(SUM(amount), 0) FROM points_line WHERE account = ? AND amount < 0")
			.param(account)
			.query(Long.class)
			.single();
	}

	/** Residents whose balance is above zero, a page at a time in id order. */
	public List<AccountId> residentsHolding(String after, int limit) {
		return jdbc.sql("SELECT id FROM points_account WHERE kind = 'RESIDENT' AND balance > 0 AND id > ? ORDER BY id LIMIT ?")
			.params(after, limit)
			.query((rs, i) -> new AccountId(UUID.fromString(rs.getString(1).substring("resident:".length()))))
			.list();
	}

	/** Points awarded to the resident's account between two instants. */
	public long earned(AccountId resident, Instant from, Instant until) {
		return jdbc.sql("SELECT COALESCE(SUM(l.amount), 0) FROM points_journal j JOIN points_line l ON l.journal_id = j.id"
				+ " WHERE j.resident = ? AND j.kind = 'AWARD' AND l.account = ? AND j.occurred_at >= ? AND j.occurred_at < ?")
			.params(resident.value(), resident(resident), Tokyo.utc(from), Tokyo.utc(until))
			.query(Long.class)
			.single();
	}

	/** Each programme's account: what it was given, what it paid out, what is left. */
	public List<PointsBudget> budgets() {
		// what is left: the programme's own balance and its shards'; funded: what the city put in
		return jdbc.sql("SELECT a.id, a.balance + (SELECT COALESCE(SUM(s.balance), 0) FROM points_account s"
				+ " WHERE s.kind = 'SHARD' AND s.id LIKE a.id || '#%'),"
				+ " (SELECT COALESCE(SUM(l.amount), 0) FROM points_line l JOIN points_journal j ON j.id = l.journal_id"
				+ " WHERE l.account = a.id AND j.kind = 'FUNDING')"
				+ " FROM points_account a WHERE a.kind = 'PROGRAM' ORDER BY a.id")
			.query((rs, i) -> new PointsBudget(rs.getString(1), rs.getLong(3), rs.getLong(3) - rs.getLong(2),
					rs.getLong(2)))
			.list();
	}

	/** Campaigns whose period includes {@code day}. */
	/** The campaigns running on a day; read once per transaction (see {@link Seen}). */
	public List<PointsCampaign> campaignsOn(LocalDate day) {
		var seen = seen();
		return seen == null ? readCampaignsOn(day) : seen.campaigns.computeIfAbsent(day, this::readCampaignsOn);
	}

	private List<PointsCampaign> readCampaignsOn(LocalDate day) {
		return List.copyOf(jdbc.sql("SELECT id, name, activity_type, area, min_age, starts_on, ends_on, percent FROM points_multiplier"
				+ " WHERE ends_on >= ? AND starts_on <= ?")
			.params(day, day)
			.query(CAMPAIGN)
			.list());
	}

	/** Campaigns not over by {@code day}, soonest first. */
	public List<PointsCampaign> campaignsFrom(LocalDate day) {
		return jdbc.sql("SELECT id, name, activity_type, area, min_age, starts_on, ends_on, percent FROM points_multiplier"
				+ " WHERE ends_on >= ? ORDER BY starts_on, name")
			.param(day)
			.query(CAMPAIGN)
			.list();
	}

	public void insertCampaign(PointsCampaign c, String actor, Instant now) {
		forgetSeen();
		jdbc.sql("INSERT INTO points_multiplier (id, name, activity_type, area, min_age, starts_on, ends_on, percent,"
				+ " created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			.params(c.id(), c.name(), c.activityType(), c.area() == null ? null : c.area().name(), c.minAge(),
					c.startsOn(), c.endsOn(), c.percent(), actor, Tokyo.utc(now))
			.update();
	}

	private static final org.springframework.jdbc.core.RowMapper<PointsCampaign> CAMPAIGN = (rs, i) -> new PointsCampaign(
			rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
			rs.getString(4) == null ? null : jp.tsunagu.residents.Area.valueOf(rs.getString(4)),
			(Integer) rs.getObject(5, Integer.class), rs.getObject(6, LocalDate.class), rs.getObject(7, LocalDate.class),
			rs.getInt(8));

	public List<PointsRule> rules() {
		return jdbc.sql("SELECT activity_type, points, daily_cap, monthly_cap FROM points_rule ORDER BY activity_type")
			.query((rs, i) -> new PointsRule(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getInt(4)))
			.list();
	}

	public void saveRule(PointsRule rule) {
		forgetSeen();
		if (jdbc.sql("UPDATE points_rule SET points = ?, daily_cap = ?, monthly_cap = ? WHERE activity_type = ?")
			.params(rule.points(), rule.dailyCap(), rule.monthlyCap(), rule.activityType())
			.update() == 0) {
			jdbc.sql("INSERT INTO points_rule (activity_type, points, daily_cap, monthly_cap) VALUES (?, ?, ?, ?)")
				.params(rule.activityType(), rule.points(), rule.dailyCap(), rule.monthlyCap())
				.update();
		}
	}

	/** The resident's entries, newest first. */
	public List<PointsEntry> history(AccountId resident, int limit) {
		return jdbc.sql("SELECT j.id, j.kind, j.reason, j.occurred_at, l.amount, j.memo FROM points_journal j"
				+ " JOIN points_line l ON l.journal_id = j.id AND l.account = ? ORDER BY j.occurred_at DESC LIMIT ?")
			.params(resident(resident), limit)
			.query((rs, i) -> new PointsEntry(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
					rs.getObject(4, java.time.OffsetDateTime.class).toInstant(), rs.getLong(5), rs.getString(6)))
			.list();
	}

	/** Every account's cached balance against the sum of its lines, and the sum of all lines. */
	public Consistency consistency() {
		var total = jdbc.sql("SELECT COALESCE(SUM(amount), 0) FROM points_line").query(Long.class).single();
		var drifted = jdbc.sql("SELECT COUNT(*) FROM points_account a WHERE a.balance <>"
				+ " (SELECT COALESCE(SUM(l.amount), 0) FROM points_line l WHERE l.account = a.id)")
			.query(Long.class)
			.single();
		return new Consistency(total, drifted);
	}

	public record Line(String account, long amount) {
	}

	public record Consistency(long sumOfAllLines, long accountsWhoseBalanceDiffers) {
	}

	/** The rule for an activity type; read once per transaction (see {@link Seen}). */
	public Optional<PointsRule> rule(String activityType) {
		var seen = seen();
		return seen == null ? readRule(activityType) : seen.rules.computeIfAbsent(activityType, this::readRule);
	}

	private Optional<PointsRule> readRule(String activityType) {
		return jdbc.sql("SELECT activity_type, points, daily_cap, monthly_cap FROM points_rule WHERE activity_type = ?")
			.param(activityType)
			.query((rs, i) -> new PointsRule(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getInt(4)))
			.optional();
	}
}
