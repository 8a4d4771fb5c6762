package jp.tsunagu.coupons;

/** The coupon is another shop's: only that shop's till may use it. */
public class CouponNotForThisShop extends RuntimeException {

	public CouponNotForThisShop(String detail) {
		super(detail);
	}
}
