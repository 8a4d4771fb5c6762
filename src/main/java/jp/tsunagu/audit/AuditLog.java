package jp.tsunagu.audit;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes and reads the audit trail. Writes join the caller's transaction, so an action that rolls
 * back leaves no record claiming it happened.
 */
@Service
public class AuditLog {

	private final JdbcClient jdbc;

	private final Clock clock;

	AuditLog(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	@Transactional(propagation = Propagation.REQUIRED)
	public AuditEntry record(String actor, String action, @Nullable String subject, @Nullable String detail) {
		// what staff typed is recorded as far as the columns hold it, never refused for its length
		actor = clip(actor, 64);
		subject = subject == null ? null : clip(subject, 64);
		detail = detail == null ? null : clip(detail, 1000);
		var entry = new AuditEntry(UUID.randomUUID(), clock.instant(), actor, action, subject, detail);
		jdbc.sql("INSERT INTO audit_entry (id, at, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?, ?)")
			.params(entry.id(), OffsetDateTime.ofInstant(entry.at(), ZoneOffset.UTC), actor, action, subject, detail)
			.update();
		return entry;
	}

	private static String clip(String text, int length) {
		return text.length() <= length ? text : text.substring(0, length - 1) + "…";
	}

	@Transactional(readOnly = true)
	public List<AuditEntry> latest(int limit) {
		return jdbc.sql("SELECT id, at, actor, action, subject, detail FROM audit_entry ORDER BY at DESC LIMIT ?")
			.param(limit)
			.query((rs, i) -> new AuditEntry(rs.getObject("id", UUID.class),
					rs.getObject("at", OffsetDateTime.class).toInstant(), rs.getString("actor"),
					rs.getString("action"), rs.getString("subject"), rs.getString("detail")))
			.list();
	}
}
