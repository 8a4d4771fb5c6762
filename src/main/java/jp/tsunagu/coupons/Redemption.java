package jp.tsunagu.coupons;

import java.time.Instant;
import java.util.UUID;

/** One line of a shop's statement: a coupon used at its till, and what the city owes for it. */
public record Redemption(UUID coupon, String shortCode, String title, String worth, Instant redeemedAt,
		int settlementYen) {
}
