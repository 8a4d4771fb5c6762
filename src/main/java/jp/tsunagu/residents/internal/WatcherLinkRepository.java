package jp.tsunagu.residents.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import jp.tsunagu.identity.AccountId;
import jp.tsunagu.residents.WatcherLink;
import jp.tsunagu.platform.Tokyo;

/** The {@code watcher_link} table. Every change names who may make it, so nobody changes another's link. */
@Repository
public class WatcherLinkRepository {

	private static final String COLUMNS = "id, resident, watcher, relation, status, requested_at, approved_at, ended_at, asked_as";

	private final JdbcClient jdbc;

	WatcherLinkRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public void insert(WatcherLink link) {
		jdbc.sql("INSERT INTO watcher_link (id, resident, watcher, relation, status, requested_at, asked_as)"
				+ " VALUES (?, ?, ?, ?, ?, ?, ?)")
			.params(link.id(), link.resident().value(), link.watcher().value(), link.relation().name(),
					link.status().name(), Tokyo.utc(link.requestedAt()), link.askedAs())
			.update();
	}

	/** The resident's answer to a request addressed to them; false when there is none such. */
	public boolean answer(AccountId resident, UUID link, boolean approve, Instant at) {
		return jdbc.sql("UPDATE watcher_link SET status = ?, approved_at = ? WHERE id = ? AND resident = ?"
				+ " AND status = 'REQUESTED'")
			.params(approve ? "APPROVED" : "DECLINED", approve ? Tokyo.utc(at) : null, link, resident.value())
			.update() == 1;
	}

	/** Ends an open link of which {@code who} is the resident or the watcher. */
	public boolean end(AccountId who, UUID link, Instant at) {
		return jdbc.sql("UPDATE watcher_link SET status = 'ENDED', ended_at = ? WHERE id = ? AND (resident = ? OR watcher = ?)"
				+ " AND status IN ('REQUESTED', 'APPROVED')")
			.params(Tokyo.utc(at), link, who.value(), who.value())
			.update() == 1;
	}

	public boolean approved(AccountId watcher, AccountId resident) {
		return jdbc.sql("SELECT COUNT(*) FROM watcher_link WHERE watcher = ? AND resident = ? AND status = 'APPROVED'")
			.params(watcher.value(), resident.value())
			.query(Long.class)
			.single() > 0;
	}

	public List<WatcherLink> ofResident(AccountId resident) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM watcher_link WHERE resident = ? ORDER BY requested_at DESC")
			.param(resident.value())
			.query(this::map)
			.list();
	}

	public List<WatcherLink> openOfWatcher(AccountId watcher) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM watcher_link WHERE watcher = ? AND status IN ('REQUESTED', 'APPROVED')"
				+ " ORDER BY requested_at DESC")
			.param(watcher.value())
			.query(this::map)
			.list();
	}

	public Optional<WatcherLink> open(AccountId who, UUID link) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM watcher_link WHERE id = ? AND (resident = ? OR watcher = ?)"
				+ " AND status IN ('REQUESTED', 'APPROVED')")
			.params(link, who.value(), who.value())
			.query(this::map)
			.optional();
	}

	public List<WatcherLink> waitingFor(AccountId resident) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM watcher_link WHERE resident = ? AND status = 'REQUESTED'"
				+ " ORDER BY requested_at")
			.param(resident.value())
			.query(this::map)
			.list();
	}

	private WatcherLink map(ResultSet rs, int row) throws SQLException {
		return new WatcherLink(rs.getObject("id", UUID.class), new AccountId(rs.getObject("resident", UUID.class)),
				new AccountId(rs.getObject("watcher", UUID.class)), WatcherLink.Relation.valueOf(rs.getString("relation")),
				WatcherLink.Status.valueOf(rs.getString("status")),
				rs.getObject("requested_at", OffsetDateTime.class).toInstant(), instant(rs, "approved_at"),
				instant(rs, "ended_at"), rs.getString("asked_as"));
	}

	private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
		var value = rs.getObject(column, OffsetDateTime.class);
		return value == null ? null : value.toInstant();
	}

}
