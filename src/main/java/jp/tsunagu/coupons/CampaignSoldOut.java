package jp.tsunagu.coupons;

/** Every coupon of the campaign has been given out; nothing was given or spent. */
public class CampaignSoldOut extends RuntimeException {

	public CampaignSoldOut(String detail) {
		super(detail);
	}
}
