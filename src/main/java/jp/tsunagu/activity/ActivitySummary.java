package jp.tsunagu.activity;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import jp.tsunagu.identity.AccountId;

/**
 * A resident's activity at a glance, as of today: kept up to date with every activity recorded, so
 * it is one row to read, never a timeline to scan.
 *
 * @param lastOutingAt when they last went out (any {@link ActivityType#outing() outing}), or never
 * @param outingsThisWeek outings since Monday, Japan's time
 * @param outingsThisMonth outings since the first of the month, Japan's time
 * @param lastTabletAt when they last signed in on the tablet, or never
 */
public record ActivitySummary(AccountId resident, @Nullable Instant lastOutingAt, int outingsThisWeek,
		int outingsThisMonth, @Nullable Instant lastTabletAt) {

	public static ActivitySummary none(AccountId resident) {
		return new ActivitySummary(resident, null, 0, 0, null);
	}
}
