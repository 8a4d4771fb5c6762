package jp.tsunagu.points.internal;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import jp.tsunagu.activity.ActivityRecorded;
import jp.tsunagu.points.Points;

/**
 * Awards points for what lands on the timeline, in the transaction that puts it there: the activity
 * and its points commit together or not at all, so a crash between them cannot happen, the points
 * are in the balance the moment the partner has its answer, and the activity's id keys the award
 * (a second announcement awards nothing). The event publication registry is not needed for this: it
 * would cost each activity a publication row, another transaction and a thread hand-over (the
 * hot-path bench measured the lag that added under load).
 */
@Component
class Awards {

	private final Points points;

	Awards(Points points) {
		this.points = points;
	}

	@EventListener
	void on(ActivityRecorded recorded) {
		points.award(recorded.resident(), recorded.type(), recorded.activity(), recorded.occurredAt(), recorded.place());
	}
}
