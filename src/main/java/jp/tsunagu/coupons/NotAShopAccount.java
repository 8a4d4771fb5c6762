package jp.tsunagu.coupons;

/** The signed-in account works for no registered shop, so it has no till to redeem at. */
public class NotAShopAccount extends RuntimeException {

	public NotAShopAccount(String detail) {
		super(detail);
	}
}
