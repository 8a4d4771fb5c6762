package jp.tsunagu.activity;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import jp.tsunagu.identity.AccountId;

/**
 * One entry of a resident's timeline.
 *
 * @param submitter who sent it (a staff subject, a client id, a module name), with {@code idempotencyKey} unique
 */
public record Activity(UUID id, AccountId resident, ActivityType type, Instant occurredAt, @Nullable String place,
		ActivitySource source, String submitter, String idempotencyKey, Instant recordedAt) {
}
