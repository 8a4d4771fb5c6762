package jp.tsunagu.coupons;

import java.time.Instant;

/** The coupon was used before (perhaps a moment ago, at another till): when and where, to tell the shop. */
public class CouponAlreadyUsed extends RuntimeException {

	private final Instant usedAt;

	private final String shopName;

	public CouponAlreadyUsed(Instant usedAt, String shopName) {
		super("Used at " + shopName + " at " + usedAt);
		this.usedAt = usedAt;
		this.shopName = shopName;
	}

	public Instant usedAt() {
		return usedAt;
	}

	public String shopName() {
		return shopName;
	}
}
