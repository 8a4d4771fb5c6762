package jp.tsunagu.vitals.internal;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A CSV import as stored: its progress while it runs and its counts after.
 *
 * @param done rows handled so far (stored, already there or bad)
 * @param already rows whose measurement was stored before (a re-import)
 * @param failure why it stopped when {@link Status#FAILED}: {@code stopped} (its instance went away) or {@code error}
 */
public record VitalImport(UUID id, String fileName, String sha256, Status status, int total, int done, int stored,
		int already, int bad, Instant startedAt, @Nullable Instant finishedAt, String startedBy,
		@Nullable String charset, @Nullable String failure, @Nullable Instant aliveAt) {

	public enum Status {
		RUNNING, DONE, FAILED
	}

	public boolean running() {
		return status == Status.RUNNING;
	}

	/** How far it is, 0 to 100. */
	public int percent() {
		return total == 0 ? 100 : (int) Math.min(100, (long) done * 100 / total);
	}
}
