package jp.tsunagu.coupons;

import java.time.Instant;

/** The coupon is outside its validity period: expired, or not usable yet. */
public class CouponNotValid extends RuntimeException {

	private final Instant validFrom;

	private final Instant validUntil;

	public CouponNotValid(Instant validFrom, Instant validUntil) {
		super("Valid from " + validFrom + " until " + validUntil);
		this.validFrom = validFrom;
		this.validUntil = validUntil;
	}

	public Instant validFrom() {
		return validFrom;
	}

	public Instant validUntil() {
		return validUntil;
	}
}
