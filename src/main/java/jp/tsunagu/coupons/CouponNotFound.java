package jp.tsunagu.coupons;

/** No coupon answers to this id or code, or it is someone else's (which reads the same). */
public class CouponNotFound extends RuntimeException {

	public CouponNotFound(String detail) {
		super(detail);
	}
}
