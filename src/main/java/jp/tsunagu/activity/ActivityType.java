package jp.tsunagu.activity;

/** What a resident did. "Outings" are the kinds that mean leaving home. */
public enum ActivityType {
	CHECK_IN(true), EVENT_ATTENDED(true), HEALTH_CONSULTATION(true), FARM_WORK(true), VIDEO_WATCHED(false),
	VITALS_TAKEN(true), TABLET_LOGIN(false), COUPON_USED(true), FOOD_PICKUP(true);

	private final boolean outing;

	ActivityType(boolean outing) {
		this.outing = outing;
	}

	public boolean outing() {
		return outing;
	}
}
