package jp.tsunagu.points;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

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
	public long award(AccountId resident, ActivityType type, java.util.UUID activity, Instant occurredAt) {
		var rule = ledger.rule(type.name());
		if (rule.isEmpty() || rule.get().points() <= 0) {
			return 0;
		}
		var account = Ledger.resident(resident);
		if (Boolean.FALSE.equals(tx.execute(s -> ledger.accountExists(account)))) {
			try {
				tx.executeWithoutResult(s -> ledger.open(account, "RESIDENT"));
			}
			catch (DuplicateKeyException openedByAnother) {
				// the resident's first two awards at once: the other opened it
			}
		}
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
