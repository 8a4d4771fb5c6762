package jp.tsunagu.coupons;

import java.time.Instant;
import java.util.UUID;

import jp.tsunagu.identity.AccountId;

/** A shop used a resident's coupon (announced once, in the transaction that marked it used). */
public record CouponRedeemed(UUID coupon, UUID campaign, AccountId resident, UUID shop, String shopName,
		Instant redeemedAt) {
}
