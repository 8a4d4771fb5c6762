package jp.tsunagu.activity;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import jp.tsunagu.identity.AccountId;

/**
 * An activity was put on a resident's timeline for the first time (a repeated submission announces
 * nothing). Published inside the transaction that stores it; {@code activity} identifies it;
 * {@code place} is where it happened, in the words the timeline has (an event's title, a shop).
 */
public record ActivityRecorded(UUID activity, AccountId resident, ActivityType type, Instant occurredAt,
		@Nullable String place) {

	public ActivityRecorded(UUID activity, AccountId resident, ActivityType type, Instant occurredAt) {
		this(activity, resident, type, occurredAt, null);
	}

	public boolean outing() {
		return type.outing();
	}
}
