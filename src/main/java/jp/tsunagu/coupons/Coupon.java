package jp.tsunagu.coupons;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import jp.tsunagu.identity.AccountId;

/** One coupon a resident holds; {@code redeemedAt} is set once, when a shop uses it. */
public record Coupon(UUID id, UUID campaign, AccountId resident, String shortCode, Instant issuedAt,
		@Nullable Instant redeemedAt, @Nullable UUID redeemedShop) {

	public boolean used() {
		return redeemedAt != null;
	}

	/** The short code as printed and shown: two groups of four, 「K7QM-4XPA」. */
	public String shortCodeShown() {
		return shortCode.substring(0, 4) + "-" + shortCode.substring(4);
	}
}
