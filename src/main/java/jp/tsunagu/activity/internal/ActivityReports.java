package jp.tsunagu.activity.internal;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import jp.tsunagu.activity.ActivityReport;
import jp.tsunagu.activity.ActivitySource;
import jp.tsunagu.activity.ActivityType;
import jp.tsunagu.activity.Timeline;
import jp.tsunagu.events.AttendanceRecorded;

/**
 * Puts what other modules announce on the residents' timelines. Runs after their transaction
 * commits, from the event publication registry, so nothing is lost in a crash; each event's own id
 * is the idempotency key, so a redelivery records nothing twice.
 */
@Component
class ActivityReports {

	private final Timeline timeline;

	ActivityReports(Timeline timeline) {
		this.timeline = timeline;
	}

	@ApplicationModuleListener
	void on(AttendanceRecorded attended) {
		timeline.record(new ActivityReport(attended.resident(), ActivityType.EVENT_ATTENDED, attended.at(),
				attended.place(), ActivitySource.STAFF, "events", "signup:" + attended.signup()));
	}
}
