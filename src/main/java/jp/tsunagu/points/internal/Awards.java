package jp.tsunagu.points.internal;

import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import jp.tsunagu.activity.ActivityRecorded;
import jp.tsunagu.points.Points;

/**
 * Awards points for what lands on the timeline, after the activity commits, through the event
 * publication registry (a crash in between loses nothing; the registry delivers again on restart).
 * Keyed on the activity's id: a second delivery awards nothing. Not {@code @ApplicationModuleListener}:
 * that would wrap the award in a transaction of its own, and a duplicate key there (the same activity
 * announced twice at once) would roll the listener back; {@code Points.award} keeps its own short
 * transactions instead, and the registry still marks the publication complete when this returns.
 */
@Component
class Awards {

	private final Points points;

	Awards(Points points) {
		this.points = points;
	}

	@Async
	@TransactionalEventListener
	void on(ActivityRecorded recorded) {
		points.award(recorded.resident(), recorded.type(), recorded.activity(), recorded.occurredAt(), recorded.place());
	}
}
