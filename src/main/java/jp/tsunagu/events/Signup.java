package jp.tsunagu.events;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import jp.tsunagu.identity.AccountId;

/** One resident's place at one event. */
public record Signup(UUID id, UUID event, AccountId resident, SignupStatus status, Instant signedAt,
		@Nullable Instant checkedInAt) {
}
