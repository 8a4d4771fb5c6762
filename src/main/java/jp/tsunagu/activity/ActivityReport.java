package jp.tsunagu.activity;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import jp.tsunagu.identity.AccountId;

/**
 * Something a resident did, to put on their timeline ({@link Timeline#record}): from the help desk,
 * a partner's API call, or an event another module announced. The idempotency key is the source's
 * own (a sign-up id, a partner's key), so the same report is recorded once.
 */
public record ActivityReport(AccountId resident, ActivityType type, Instant occurredAt, @Nullable String place,
		ActivitySource source, String submitter, String idempotencyKey) {
}
