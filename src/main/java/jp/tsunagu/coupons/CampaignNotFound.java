package jp.tsunagu.coupons;

/** No campaign has this id (or the id is not one). */
public class CampaignNotFound extends RuntimeException {

	public CampaignNotFound(String detail) {
		super(detail);
	}
}
