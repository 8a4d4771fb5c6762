package jp.tsunagu.audit;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** One thing a member of staff or an administrator did, and to whom. */
public record AuditEntry(UUID id, Instant at, String actor, String action, @Nullable String subject,
		@Nullable String detail) {
}
