package jp.tsunagu.coupons;

/** The resident holds as many of this campaign's coupons as one person may; nothing was given or spent. */
public class CouponLimitReached extends RuntimeException {

	public CouponLimitReached(String detail) {
		super(detail);
	}
}
