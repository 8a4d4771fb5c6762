package jp.tsunagu.activity;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import jp.tsunagu.identity.AccountId;

/**
 * A module's report of something a resident did, published as an application event. The
 * idempotency key is the module's own (for example the event sign-up id), so a redelivered event
 * is recorded once.
 */
public record ActivityReport(AccountId resident, ActivityType type, Instant occurredAt, @Nullable String place,
		ActivitySource source, String submitter, String idempotencyKey) {
}
