package jp.tsunagu.coupons;

/** A campaign that cannot be: an empty title, a period that ends before it starts, a stock or price out of range. */
public class CampaignRefused extends RuntimeException {

	public CampaignRefused(String detail) {
		super(detail);
	}
}
