package jp.tsunagu.coupons;

/** A QR code in Tsunagu's form whose signature does not match: forged, or altered after printing. */
public class CouponCodeForged extends RuntimeException {

	public CouponCodeForged(String detail) {
		super(detail);
	}
}
