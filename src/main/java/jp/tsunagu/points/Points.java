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

	private final PointsSettings settings;

	private final jp.tsunagu.residents.Residents residents;

	Points(Ledger ledger, TransactionTemplate tx, Clock clock, PointsSettings settings,
			jp.tsunagu.residents.Residents residents) {
		this.residents = residents;
		this.settings = settings;
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
		return award(resident, type, activity, occurredAt, null);
	}

	/** As {@link #award(AccountId, ActivityType, UUID, Instant)}, remembering where it happened for the history. */
	public long award(AccountId resident, ActivityType type, UUID activity, Instant occurredAt,
			@org.jspecify.annotations.Nullable String place) {
		var rule = ledger.rule(type.name());
		if (rule.isEmpty() || rule.get().points() <= 0) {
			return 0;
		}
		var account = Ledger.resident(resident);
		var source = "activity:" + activity;
		try {
			var awarded = tx.execute(s -> {
				// locks in one order (resident, then the budget's shard, then the programme), so
				// concurrent awards wait, never deadlock; a resident's first award opens the account
				ledger.lockOpeningOnce(account, "RESIDENT");
				if (ledger.entry(source).isPresent()) {
					return 0L;
				}
				var day = Tokyo.day(occurredAt);
				var earned = ledger.awardedDayAndMonth(resident, type.name(), day);
				long today = earned[0];
				long month = earned[1];
				int percent = multiplier(resident, type, day);
				long capped = Math.min(rule.get().points() * percent / 100,
						Math.min(rule.get().dailyCap() * percent / 100 - today, rule.get().monthlyCap() * percent / 100 - month));
				if (capped <= 0) {
					return 0L;
				}
				var shard = Ledger.shard(resident);
				long points = Math.min(capped, budget(shard, capped));
				if (points <= 0) {
					return 0L;
				}
				ledger.post("AWARD", source, resident, type.name(), occurredAt, clock.instant(), memo(place), "points",
						List.of(new Ledger.Line(shard, -points), new Ledger.Line(account, points)));
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
		return tx.execute(s -> {
			long balance = ledger.lockOpening(account, "RESIDENT");
			var earlier = ledger.entry(source);
			if (earlier.isPresent()) {
				return earlier.get();
			}
			if (balance < amount) {
				throw new NotEnoughPoints(balance, amount);
			}
			ledger.open(to, to.substring(0, to.indexOf(':') < 0 ? to.length() : to.indexOf(':'))
				.toUpperCase(java.util.Locale.ROOT));
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
		return tx.execute(s -> {
			long balance = ledger.lockOpening(account, "RESIDENT");
			if (delta < 0 && balance + delta < 0) {
				throw new NotEnoughPoints(balance, -delta);
			}
			var shard = Ledger.shard(resident);
			if (delta > 0) {
				long budget = budget(shard, delta);
				if (budget < delta) {
					throw new BudgetExhausted(budget, delta);
				}
			}
			else {
				ledger.lock(shard);
			}
			return ledger.post("CORRECTION", "correction:" + UUID.randomUUID(), resident, "CORRECTION",
					clock.instant(), clock.instant(), reason, actor,
					List.of(new Ledger.Line(shard, -delta), new Ledger.Line(account, delta)));
		});
	}

	/** The largest campaign's percent that applies to this resident, activity and day; 100 when none does. */
	private int multiplier(AccountId resident, ActivityType type, java.time.LocalDate day) {
		var campaigns = ledger.campaignsOn(day)
			.stream()
			.filter(c -> c.activityType() == null || c.activityType().equals(type.name()))
			.toList();
		if (campaigns.isEmpty()) {
			return 100;
		}
		var who = campaigns.stream().anyMatch(c -> c.area() != null || c.minAge() != null)
				? residents.find(resident) : java.util.Optional.<jp.tsunagu.residents.Resident>empty();
		return campaigns.stream()
			.filter(c -> c.area() == null || who.map(r -> r.area() == c.area()).orElse(false))
			.filter(c -> c.minAge() == null || who.map(r -> r.ageOn(day) >= c.minAge()).orElse(false))
			.mapToInt(PointsCampaign::percent)
			.max()
			.orElse(100);
	}

	/**
	 * A campaign: refused, naming the field, when the name is empty or long, the percent outside 101
	 * to 500, the age outside 0 to 120, the period ending before it starts or before today, or longer
	 * than a year.
	 */
	public PointsCampaign startCampaign(String name, @org.jspecify.annotations.Nullable ActivityType type,
			jp.tsunagu.residents.@org.jspecify.annotations.Nullable Area area,
			@org.jspecify.annotations.Nullable Integer minAge, java.time.LocalDate startsOn, java.time.LocalDate endsOn,
			int percent, String actor) {
		if (name.isBlank() || name.length() > 100) {
			throw new RuleRefused("name", "a campaign has a name of up to 100 characters");
		}
		if (percent < 101 || percent > 500) {
			throw new RuleRefused("percent", "a campaign gives 101 % to 500 %");
		}
		if (minAge != null && (minAge < 0 || minAge > 120)) {
			throw new RuleRefused("minAge", "an age from 0 to 120");
		}
		if (endsOn.isBefore(startsOn) || endsOn.isBefore(Tokyo.today(clock)) || endsOn.isAfter(startsOn.plusYears(1))) {
			throw new RuleRefused("endsOn", "the period ends after it starts, not in the past, within a year");
		}
		var campaign = new PointsCampaign(UUID.randomUUID(), name.strip(), type == null ? null : type.name(), area, minAge,
				startsOn, endsOn, percent);
		tx.executeWithoutResult(s -> ledger.insertCampaign(campaign, actor, clock.instant()));
		return campaign;
	}

	public List<PointsCampaign> campaigns() {
		return ledger.campaignsFrom(Tokyo.today(clock));
	}

	/**
	 * What the shard of the budget can pay towards {@code wanted}, with the shard locked. The
	 * programme's budget is kept in shards (awards for different residents lock different rows, not
	 * the one programme account); a shard that holds less than is wanted takes a chunk from the
	 * programme first, by a journal entry of its own, so the budget is still never overdrawn and
	 * the journal still sums to zero. Locks: the shard, then the programme (always after a
	 * resident's account).
	 */
	private long budget(String shard, long wanted) {
		long left = ledger.lock(shard);
		if (left >= wanted) {
			return left;
		}
		long main = ledger.lock(Ledger.PROGRAM);
		long refill = Math.min(main, Math.max(wanted - left, Ledger.SHARD_CHUNK));
		if (refill > 0) {
			ledger.post("REFILL", "refill:" + UUID.randomUUID(), null, "BUDGET", clock.instant(), clock.instant(),
					shard, "system", List.of(new Ledger.Line(Ledger.PROGRAM, -refill), new Ledger.Line(shard, refill)));
		}
		return left + refill;
	}

	private static String memo(@org.jspecify.annotations.Nullable String place) {
		return place == null ? "" : place.length() <= 200 ? place : place.substring(0, 199) + "…";
	}

	/**
	 * When the points the resident holds lapse, oldest first: points earned in a fiscal year stay
	 * for {@code tsunagu.points.expiry-years} more fiscal years, and what is used is taken from the
	 * oldest points held. Only the years with something to lapse are listed.
	 */
	public List<Expiry> expiries(AccountId resident) {
		var account = Ledger.resident(resident);
		var now = clock.instant();
		long used = -ledger.debits(account);
		var current = FiscalYear.of(now);
		var out = new java.util.ArrayList<Expiry>();
		long before = 0;
		for (int k = 0; k <= settings.expiryYears(); k++) {
			// what lapses at the end of fiscal year current+k: earned before fiscal year current+k-expiryYears began
			var earnedBefore = current.plus(k + 1 - settings.expiryYears()).start();
			long lapsing = Math.max(0, ledger.credits(account, earnedBefore) - used);
			if (lapsing > before) {
				out.add(new Expiry(lapsing - before, current.plus(k).lastDay()));
			}
			before = Math.max(before, lapsing);
		}
		return out;
	}

	/**
	 * Lapses the points due at the start of the fiscal year {@code now} is in, for every resident:
	 * what was earned before {@code expiry-years} fiscal years earlier and not used (anything used,
	 * before or after the turn, is taken from the oldest points). Once per
	 * resident and fiscal year (run again, it lapses nothing more). Returns the points lapsed.
	 */
	public long expire(Instant now) {
		var year = FiscalYear.of(now);
		var boundary = year.start();
		var earnedBefore = year.plus(-settings.expiryYears()).start();
		long total = 0;
		var after = "resident:";
		while (true) {
			var from = after;
			var page = tx.execute(s -> ledger.residentsHolding(from, 500));
			if (page == null || page.isEmpty()) {
				return total;
			}
			for (var resident : page) {
				var account = Ledger.resident(resident);
				var source = "expiry:" + year.year() + ":" + resident.value();
				Long lapsed = tx.execute(s -> {
					long balance = ledger.lock(account);
					if (ledger.entry(source).isPresent()) {
						return 0L;
					}
					// what was used, even after the turn of the year, came out of the oldest points first
					long due = Math.min(balance, Math.max(0, ledger.credits(account, earnedBefore) + ledger.debits(account)));
					if (due <= 0) {
						return 0L;
					}
					ledger.post("EXPIRY", source, resident, "EXPIRY", boundary, clock.instant(),
							"fiscal " + (year.year() - 1), "system",
							List.of(new Ledger.Line(account, -due), new Ledger.Line(Ledger.EXPIRY, due)));
					return due;
				});
				total += lapsed == null ? 0 : lapsed;
			}
			after = Ledger.resident(page.get(page.size() - 1));
		}
	}

	/** Points the resident was awarded this month (Japan's month). */
	public long earnedThisMonth(AccountId resident) {
		var today = Tokyo.today(clock);
		return ledger.earned(resident, today.withDayOfMonth(1).atStartOfDay(Tokyo.ZONE).toInstant(),
				today.withDayOfMonth(1).plusMonths(1).atStartOfDay(Tokyo.ZONE).toInstant());
	}

	public long balance(AccountId resident) {
		return ledger.balance(Ledger.resident(resident)).orElse(0L);
	}

	public List<PointsEntry> history(AccountId resident, int limit) {
		return ledger.history(resident, limit);
	}

	public List<PointsRule> rules() {
		return ledger.rules();
	}

	/**
	 * Changes what an activity earns. Refused, naming the field, when the points are negative or
	 * above 1,000, a cap is below the points, the daily cap above the monthly one, or one award
	 * would be more than the programme's budget has left.
	 */
	public void saveRule(PointsRule rule) {
		if (rule.points() < 0 || rule.points() > 1000) {
			throw new RuleRefused("points", "points are from 0 to 1,000");
		}
		if (rule.dailyCap() < rule.points() || rule.dailyCap() > 100_000) {
			throw new RuleRefused("dailyCap", "the daily cap is at least the points, at most 100,000");
		}
		if (rule.monthlyCap() < rule.dailyCap() || rule.monthlyCap() > 1_000_000) {
			throw new RuleRefused("monthlyCap", "the monthly cap is at least the daily cap, at most 1,000,000");
		}
		tx.executeWithoutResult(s -> {
			ledger.lock(Ledger.PROGRAM);
			long left = budgetLeft().orElse(0L);
			if (rule.points() > left) {
				throw new RuleRefused("points", "one award would overdraw the budget");
			}
			ledger.saveRule(rule);
		});
	}

	public List<PointsBudget> budgets() {
		return ledger.budgets();
	}

	/** The city puts more into the activity programme's budget: a journal entry from {@code city}. */
	public UUID fund(long amount, String memo, String actor) {
		if (amount <= 0 || amount > 100_000_000) {
			throw new PointsAmountRefused(amount);
		}
		return tx.execute(s -> {
			ledger.lock(Ledger.PROGRAM);
			return ledger.post("FUNDING", "funding:" + UUID.randomUUID(), null, "BUDGET", clock.instant(),
					clock.instant(), memo, actor,
					List.of(new Ledger.Line("city", -amount), new Ledger.Line(Ledger.PROGRAM, amount)));
		});
	}

	/** The programme's budget left. */
	public Optional<Long> budgetLeft() {
		return ledger.budgets().stream().filter(b -> b.account().equals(Ledger.PROGRAM)).map(PointsBudget::left).findFirst();
	}
}
