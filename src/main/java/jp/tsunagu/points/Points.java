package jp.tsunagu.points;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import jp.tsunagu.activity.ActivityType;
import jp.tsunagu.identity.AccountId;
import jp.tsunagu.platform.Tokyo;
import jp.tsunagu.points.internal.Ledger;

/**
 * A resident's activity points: awards for what they did, within the day's and the month's caps
 * and the programme's budget, once per activity however often it is announced; their balance and
 * history.
 */
@Service
public class Points {

	private final Ledger ledger;

	private final TransactionTemplate tx;

	private final Clock clock;

	Points(Ledger ledger, TransactionTemplate tx, Clock clock) {
		this.ledger = ledger;
		this.tx = tx;
		this.clock = clock;
	}

	/**
	 * Awards the points an activity earns: the rule's points, cut to what the resident's daily and
	 * monthly caps for that kind and the programme's budget leave. Nothing when the activity was
	 * awarded before, earns nothing, or nothing is left. Returns the points awarded.
	 */
	public long award(AccountId resident, ActivityType type, UUID activity, Instant occurredAt) {
		var rule = ledger.rule(type.name());
		if (rule.isEmpty() || rule.get().points() <= 0) {
			return 0;
		}
		var account = Ledger.resident(resident);
		open(account, "RESIDENT");
		var source = "activity:" + activity;
		try {
			var awarded = tx.execute(s -> {
				// locks first, in one order (resident, then programme), so concurrent awards wait, never deadlock
				ledger.lock(account);
				long budget = ledger.lock(Ledger.PROGRAM);
				if (ledger.recorded(source)) {
					return 0L;
				}
				var day = Tokyo.day(occurredAt);
				long today = ledger.awarded(resident, type.name(), day, day);
				long month = ledger.awarded(resident, type.name(), day.withDayOfMonth(1), day.withDayOfMonth(day.lengthOfMonth()));
				long points = Math.min(rule.get().points(),
						Math.min(rule.get().dailyCap() - today, Math.min(rule.get().monthlyCap() - month, budget)));
				if (points <= 0) {
					return 0L;
				}
				ledger.post("AWARD", source, resident, type.name(), occurredAt, clock.instant(), type.name(), "points",
						List.of(new Ledger.Line(Ledger.PROGRAM, -points), new Ledger.Line(account, points)));
				return points;
			});
			return awarded == null ? 0 : awarded;
		}
		catch (DuplicateKeyException sameActivityAtOnce) {
			return 0; // the same activity announced twice at the same moment: the other awarded it
		}
	}

	/** The most one entry may move: more is a typing error, not a spend. */
	public static final long MAX_AMOUNT = 1_000_000;

	/**
	 * Moves points from the resident to another account (a shop's settlement {@code shop:<id>}, a
	 * campaign's {@code campaign:<id>}), opened if it is new. Once per {@code source}: asked again,
	 * it returns the first entry and moves nothing. Joins the caller's transaction, so a coupon
	 * bought with points and its spend commit or roll back together.
	 *
	 * @throws PointsAmountRefused when the amount is not between 1 and {@link #MAX_AMOUNT}
	 * @throws NotEnoughPoints when the resident's balance is less than the amount
	 */
	public UUID spend(AccountId resident, long amount, String source, String to, String reason, String memo,
			String actor) {
		if (amount <= 0 || amount > MAX_AMOUNT) {
			throw new PointsAmountRefused(amount);
		}
		var account = Ledger.resident(resident);
		open(account, "RESIDENT");
		open(to, kindOf(to));
		return tx.execute(s -> {
			long balance = ledger.lock(account);
			var earlier = ledger.entry(source);
			if (earlier.isPresent()) {
				return earlier.get();
			}
			if (balance < amount) {
				throw new NotEnoughPoints(balance, amount);
			}
			return ledger.post("SPEND", source, resident, reason, clock.instant(), clock.instant(), memo, actor,
					List.of(new Ledger.Line(account, -amount), new Ledger.Line(to, amount)));
		});
	}

	/**
	 * A help-desk correction: {@code delta} points given from the programme's budget (positive) or
	 * taken back to it (negative), with the reason the staff member gave. Never below zero, never
	 * beyond the budget. The caller audits it.
	 */
	public UUID correct(AccountId resident, long delta, String reason, String actor) {
		if (delta == 0 || Math.abs(delta) > MAX_AMOUNT) {
			throw new PointsAmountRefused(delta);
		}
		var account = Ledger.resident(resident);
		open(account, "RESIDENT");
		return tx.execute(s -> {
			long balance = ledger.lock(account);
			long budget = ledger.lock(Ledger.PROGRAM);
			if (delta < 0 && balance + delta < 0) {
				throw new NotEnoughPoints(balance, -delta);
			}
			if (delta > 0 && budget < delta) {
				throw new BudgetExhausted(budget, delta);
			}
			return ledger.post("CORRECTION", "correction:" + UUID.randomUUID(), resident, "CORRECTION",
					clock.instant(), clock.instant(), reason, actor,
					List.of(new Ledger.Line(Ledger.PROGRAM, -delta), new Ledger.Line(account, delta)));
		});
	}

	/**
	 * Opens an account that spends will move points to (a campaign's {@code campaign:<id>}) before
	 * the first spend, so a spend inside the caller's transaction never races another to open it.
	 */
	public void openAccount(String account) {
		open(account, kindOf(account));
	}

	private static String kindOf(String account) {
		return account.substring(0, account.indexOf(':') < 0 ? account.length() : account.indexOf(':'))
			.toUpperCase(java.util.Locale.ROOT);
	}

	private void open(String account, String kind) {
		if (Boolean.FALSE.equals(tx.execute(s -> ledger.accountExists(account)))) {
			try {
				tx.executeWithoutResult(s -> ledger.open(account, kind));
			}
			catch (DuplicateKeyException openedByAnother) {
				// opened by a concurrent first entry
			}
		}
	}

	public long balance(AccountId resident) {
		return ledger.balance(Ledger.resident(resident)).orElse(0L);
	}

	public List<PointsEntry> history(AccountId resident, int limit) {
		return ledger.history(resident, limit);
	}

	/** The programme's budget left. */
	public Optional<Long> budgetLeft() {
		return ledger.balance(Ledger.PROGRAM);
	}
}
