package jp.tsunagu.audit;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import jp.tsunagu.audit.internal.AuditRepository;

/**
 * Writes and reads the audit trail. Writes join the caller's transaction, so an action that rolls
 * back leaves no record claiming it happened.
 */
@Service
public class AuditLog {

	private final AuditRepository entries;

	private final Clock clock;

	AuditLog(AuditRepository entries, Clock clock) {
		this.entries = entries;
		this.clock = clock;
	}

	@Transactional(propagation = Propagation.REQUIRED)
	public AuditEntry record(String actor, String action, @Nullable String subject, @Nullable String detail) {
		// what staff typed is recorded as far as the columns hold it, never refused for its length
		actor = clip(actor, 64);
		subject = subject == null ? null : clip(subject, 64);
		detail = detail == null ? null : clip(detail, 1000);
		var entry = new AuditEntry(UUID.randomUUID(), clock.instant(), actor, action, subject, detail);
		entries.insert(entry);
		return entry;
	}

	private static String clip(String text, int length) {
		return text.length() <= length ? text : text.substring(0, length - 1) + "…";
	}

	@Transactional(readOnly = true)
	public List<AuditEntry> latest(int limit) {
		return entries.latest(limit);
	}
}
