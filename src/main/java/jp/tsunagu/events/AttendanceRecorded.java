package jp.tsunagu.events;

import java.time.Instant;
import java.util.UUID;

import jp.tsunagu.identity.AccountId;

/**
 * A resident was checked in at an event's door: they came. Published once per sign-up, after the
 * check-in commits; {@code signup} identifies it, so a listener can count it once however often it
 * is delivered.
 */
public record AttendanceRecorded(UUID signup, UUID event, AccountId resident, Instant at, String place,
		EventKind kind) {
}
