package jp.tsunagu.events;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import jp.tsunagu.identity.AccountId;

/**
 * A resident was checked in at an event's door: they came. Published once per sign-up, after the
 * check-in commits; {@code signup} identifies it, so a listener can count it once however often it
 * is delivered. {@code tags} are the event's, as the interests the resident showed by coming.
 */
public record AttendanceRecorded(UUID signup, UUID event, AccountId resident, Instant at, String place,
		EventKind kind, Set<String> tags) {

	public AttendanceRecorded {
		tags = Set.copyOf(tags);
	}
}
