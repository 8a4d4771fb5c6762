package jp.tsunagu.coupons.internal;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import jp.tsunagu.activity.ActivityReport;
import jp.tsunagu.activity.ActivitySource;
import jp.tsunagu.activity.ActivityType;
import jp.tsunagu.activity.Timeline;
import jp.tsunagu.coupons.CouponRedeemed;

/**
 * A coupon used at a shop is an outing: it goes on the resident's timeline as COUPON_USED in the
 * redemption's own transaction, so the use and the outing commit together, once (only the one
 * redemption that marks the coupon used announces it; keyed on the coupon too). The coupons module
 * tells the timeline itself rather than the timeline listening, because points, which coupons build
 * on, already depends on activity: the other way is a cycle. (Through the event publication registry
 * each use cost a publication row, a second transaction and a thread hand-over; the redemption
 * bench measured it.) The timeline records a resident's first activity without an error inside a
 * caller's transaction, so two coupons of a new resident used at once both count.
 */
@Component
class OutingReports {

	private final Timeline timeline;

	OutingReports(Timeline timeline) {
		this.timeline = timeline;
	}

	@EventListener
	void on(CouponRedeemed used) {
		timeline.record(new ActivityReport(used.resident(), ActivityType.COUPON_USED, used.redeemedAt(), used.shopName(),
				ActivitySource.SYSTEM, "coupons", "coupon:" + used.coupon()));
	}
}
