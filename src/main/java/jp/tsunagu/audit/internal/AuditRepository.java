package jp.tsunagu.audit.internal;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import jp.tsunagu.audit.AuditEntry;
import jp.tsunagu.platform.Tokyo;

/** The {@code audit_entry} table. */
@Repository
public class AuditRepository {

	private final JdbcClient jdbc;

	AuditRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public void insert(AuditEntry entry) {
		jdbc.sql("INSERT INTO audit_entry (id, at, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?, ?)")
			.params(entry.id(), Tokyo.utc(entry.at()), entry.actor(), entry.action(),
					entry.subject(), entry.detail())
			.update();
	}

	public List<AuditEntry> latest(int limit) {
		return jdbc.sql("SELECT id, at, actor, action, subject, detail FROM audit_entry ORDER BY at DESC LIMIT ?")
			.param(limit)
			.query((rs, i) -> new AuditEntry(rs.getObject("id", UUID.class),
					rs.getObject("at", OffsetDateTime.class).toInstant(), rs.getString("actor"),
					rs.getString("action"), rs.getString("subject"), rs.getString("detail")))
			.list();
	}
}
