package jp.tsunagu.outreach.internal;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import jp.tsunagu.activity.ActivityRecorded;
import jp.tsunagu.events.AttendanceRecorded;
import jp.tsunagu.residents.ResidentRegistered;

/**
 * Keeps outreach's audience in step with what the other modules announce. Synchronous, inside the
 * publisher's transaction: the copy commits with the fact or not at all, so a segment count never
 * misses a resident or an outing, and a home screen changes as soon as the check-in is saved. Each
 * write is idempotent (keyed on the resident, the event, the tag), so a fact announced again changes
 * nothing.
 */
@Component
class AudienceUpdates {

	private final AudienceRepository audience;

	AudienceUpdates(AudienceRepository audience) {
		this.audience = audience;
	}

	@EventListener
	void on(ResidentRegistered registered) {
		audience.registered(registered.account(), registered.area(), registered.birthDate());
	}

	@EventListener
	void on(ActivityRecorded recorded) {
		if (recorded.outing()) {
			audience.wentOut(recorded.resident(), recorded.occurredAt());
		}
	}

	@EventListener
	void on(AttendanceRecorded attended) {
		audience.attended(attended.resident(), attended.event(), attended.tags());
	}
}
