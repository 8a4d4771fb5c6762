package jp.tsunagu.coupons;

/** A coupon takes something off (¥100 off, a free coffee); a ticket lets someone in or on (an event, a bus ride). */
public enum CampaignKind {
	COUPON, TICKET
}
