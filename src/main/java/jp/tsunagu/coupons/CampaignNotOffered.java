package jp.tsunagu.coupons;

/** The campaign is not offered to this resident now: another area's, or outside its period. */
public class CampaignNotOffered extends RuntimeException {

	public CampaignNotOffered(String detail) {
		super(detail);
	}
}
