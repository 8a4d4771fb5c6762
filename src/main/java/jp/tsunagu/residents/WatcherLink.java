package jp.tsunagu.residents;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import jp.tsunagu.identity.AccountId;

/**
 * A family member or volunteer watching over a resident. It starts as a request from the watcher
 * and counts only once the resident approved it; either of them can end it. {@code askedAs} is what
 * the watcher typed to find the resident (empty for links made before it was kept).
 */
public record WatcherLink(UUID id, AccountId resident, AccountId watcher, Relation relation, Status status,
		Instant requestedAt, @Nullable Instant approvedAt, @Nullable Instant endedAt, @Nullable String askedAs) {

	/** Still open: waiting for the resident's answer, or approved and not ended. */
	public boolean open() {
		return status == Status.REQUESTED || status == Status.APPROVED;
	}

	public enum Relation {
		FAMILY, VOLUNTEER
	}

	public enum Status {
		REQUESTED, APPROVED, DECLINED, ENDED
	}
}
