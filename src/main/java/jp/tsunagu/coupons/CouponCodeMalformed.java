package jp.tsunagu.coupons;

/** What was typed or scanned is neither a Tsunagu QR code nor a short code. */
public class CouponCodeMalformed extends RuntimeException {

	public CouponCodeMalformed(String detail) {
		super(detail);
	}
}
