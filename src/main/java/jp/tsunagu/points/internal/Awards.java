package jp.tsunagu.points.internal;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import jp.tsunagu.activity.ActivityRecorded;
import jp.tsunagu.points.Points;

/**
 * Awards points for what lands on the timeline, after the activity commits, through the event
 * publication registry (a crash in between loses nothing; the registry delivers again on restart).
 * Keyed on the activity's id: a second delivery awards nothing.
 */
@Component
class Awards {

	private final Points points;

	Awards(Points points) {
		this.points = points;
	}

	@ApplicationModuleListener
	void on(ActivityRecorded recorded) {
		points.award(recorded.resident(), recorded.type(), recorded.activity(), recorded.occurredAt(), recorded.place());
	}
}
