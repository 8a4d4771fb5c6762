package jp.tsunagu.coupons.internal;

import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import jp.tsunagu.activity.ActivityReport;
import jp.tsunagu.activity.ActivitySource;
import jp.tsunagu.activity.ActivityType;
import jp.tsunagu.activity.Timeline;
import jp.tsunagu.coupons.CouponRedeemed;

/**
 * A coupon used at a shop is an outing: it goes on the resident's timeline as COUPON_USED, after
 * the redemption commits and again after a crash (the event publication registry), once (keyed on
 * the coupon). The coupons module tells the timeline itself rather than the timeline listening,
 * because points, which coupons build on, already depends on activity: the other way is a cycle.
 * Not {@code @ApplicationModuleListener}: its surrounding transaction would be joined by the
 * timeline's own, and the timeline's caught race (a resident's first two activities at once, e.g.
 * two coupons used together) would then roll the whole delivery back; the registry still records
 * the delivery and redelivers it if this fails.
 */
@Component
class OutingReports {

	private final Timeline timeline;

	OutingReports(Timeline timeline) {
		this.timeline = timeline;
	}

	@Async
	@TransactionalEventListener
	void on(CouponRedeemed used) {
		timeline.record(new ActivityReport(used.resident(), ActivityType.COUPON_USED, used.redeemedAt(), used.shopName(),
				ActivitySource.SYSTEM, "coupons", "coupon:" + used.coupon()));
	}
}
