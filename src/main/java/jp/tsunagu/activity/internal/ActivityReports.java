package jp.tsunagu.activity.internal;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import jp.tsunagu.activity.ActivityReport;
import jp.tsunagu.activity.Timeline;

/**
 * Takes the activity other modules report. Runs after their transaction commits, from the event
 * publication registry, so a report survives a crash and a redelivery is harmless (idempotency key).
 */
@Component
class ActivityReports {

	private final Timeline timeline;

	ActivityReports(Timeline timeline) {
		this.timeline = timeline;
	}

	@ApplicationModuleListener
	void on(ActivityReport report) {
		timeline.record(report);
	}
}
