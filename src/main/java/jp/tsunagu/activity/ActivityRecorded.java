package jp.tsunagu.activity;

import java.time.Instant;
import java.util.UUID;

import jp.tsunagu.identity.AccountId;

/**
 * An activity was put on a resident's timeline for the first time (a repeated submission announces
 * nothing). Published inside the transaction that stores it; {@code activity} identifies it.
 */
public record ActivityRecorded(UUID activity, AccountId resident, ActivityType type, Instant occurredAt) {

	public boolean outing() {
		return type.outing();
	}
}
