package jp.tsunagu.coupons;

import org.jspecify.annotations.Nullable;

/**
 * A coupon with its campaign and the names of the shops involved, as a screen or a slip shows it.
 *
 * @param qr the signed text the QR code carries (no personal data: the coupon's id and a signature)
 * @param where the shop it is for, or null when it is the city's and any shop takes it
 * @param usedAt the shop where it was used, once it was
 */
public record CouponView(Coupon coupon, Campaign campaign, String qr, @Nullable String where, @Nullable String usedAt) {
}
