package jp.tsunagu.residents;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import jp.tsunagu.identity.AccountId;

/**
 * A family member or volunteer watching over a resident. It starts as a request from the watcher
 * and counts only once the resident approved it; either of them can end it.
 */
public record WatcherLink(UUID id, AccountId resident, AccountId watcher, Relation relation, Status status,
		Instant requestedAt, @Nullable Instant approvedAt, @Nullable Instant endedAt) {

	public enum Relation {
		FAMILY, VOLUNTEER
	}

	public enum Status {
		REQUESTED, APPROVED, DECLINED, ENDED
	}
}
