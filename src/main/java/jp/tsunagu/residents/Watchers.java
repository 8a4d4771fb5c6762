package jp.tsunagu.residents;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import jp.tsunagu.identity.AccountId;
import jp.tsunagu.identity.Accounts;

/**
 * Watchers: a watcher asks by the resident's login id; nothing is shared until the resident
 * approves; the resident (or the watcher) can end it at any time. {@link #watches} is what other
 * modules ask before showing a resident's data to a watcher.
 */
@Service
public class Watchers {

	private static final String COLUMNS = "id, resident, watcher, relation, status, requested_at, approved_at, ended_at, asked_as";

	private final JdbcClient jdbc;

	private final Accounts accounts;

	private final Clock clock;

	Watchers(JdbcClient jdbc, Accounts accounts, Clock clock) {
		this.jdbc = jdbc;
		this.accounts = accounts;
		this.clock = clock;
	}

	/** The watcher asks to watch over the resident with this login; empty when there is no such resident. */
	@Transactional
	public Optional<WatcherLink> request(AccountId watcher, String residentLogin, WatcherLink.Relation relation) {
		var resident = accounts.findByLoginName(residentLogin).map(a -> a.id()).filter(id -> !id.equals(watcher));
		if (resident.isEmpty()) {
			return Optional.empty();
		}
		var open = of(resident.get()).stream()
			.filter(l -> l.watcher().equals(watcher)
					&& (l.status() == WatcherLink.Status.REQUESTED || l.status() == WatcherLink.Status.APPROVED))
			.findFirst();
		if (open.isPresent()) {
			return open;
		}
		var link = new WatcherLink(UUID.randomUUID(), resident.get(), watcher, relation, WatcherLink.Status.REQUESTED,
				clock.instant(), null, null, askedAs(residentLogin));
		jdbc.sql("INSERT INTO watcher_link (id, resident, watcher, relation, status, requested_at, asked_as)"
				+ " VALUES (?, ?, ?, ?, ?, ?, ?)")
			.params(link.id(), link.resident().value(), watcher.value(), relation.name(), link.status().name(), now(),
					link.askedAs())
			.update();
		return Optional.of(link);
	}

	/** The resident answers a request addressed to them; nothing happens to anyone else's. */
	@Transactional
	public boolean answer(AccountId resident, UUID link, boolean approve) {
		return jdbc.sql("UPDATE watcher_link SET status = ?, approved_at = ? WHERE id = ? AND resident = ? AND status = 'REQUESTED'")
			.params(approve ? "APPROVED" : "DECLINED", approve ? now() : null, link, resident.value())
			.update() == 1;
	}

	/** Ends a link; either the resident or the watcher of that link may. */
	@Transactional
	public boolean end(AccountId who, UUID link) {
		return jdbc.sql("UPDATE watcher_link SET status = 'ENDED', ended_at = ? WHERE id = ? AND (resident = ? OR watcher = ?)"
				+ " AND status IN ('REQUESTED', 'APPROVED')")
			.params(now(), link, who.value(), who.value())
			.update() == 1;
	}

	/** Whether the watcher may see the resident now: only an approved, unended link. */
	@Transactional(readOnly = true)
	public boolean watches(AccountId watcher, AccountId resident) {
		return jdbc.sql("SELECT COUNT(*) FROM watcher_link WHERE watcher = ? AND resident = ? AND status = 'APPROVED'")
			.params(watcher.value(), resident.value())
			.query(Long.class)
			.single() > 0;
	}

	@Transactional(readOnly = true)
	public List<WatcherLink> of(AccountId resident) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM watcher_link WHERE resident = ? ORDER BY requested_at DESC")
			.param(resident.value())
			.query(this::map)
			.list();
	}

	@Transactional(readOnly = true)
	public List<WatcherLink> watchedBy(AccountId watcher) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM watcher_link WHERE watcher = ? AND status IN ('REQUESTED', 'APPROVED')"
				+ " ORDER BY requested_at DESC")
			.param(watcher.value())
			.query(this::map)
			.list();
	}

	private WatcherLink map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
		return new WatcherLink(rs.getObject("id", UUID.class), new AccountId(rs.getObject("resident", UUID.class)),
				new AccountId(rs.getObject("watcher", UUID.class)), WatcherLink.Relation.valueOf(rs.getString("relation")),
				WatcherLink.Status.valueOf(rs.getString("status")),
				rs.getObject("requested_at", OffsetDateTime.class).toInstant(), instant(rs, "approved_at"),
				instant(rs, "ended_at"), rs.getString("asked_as"));
	}

	/** What the watcher typed, as they will recognise it; it matched a login, so it is short already. */
	private static String askedAs(String typed) {
		var trimmed = typed.strip();
		return trimmed.length() > 254 ? trimmed.substring(0, 254) : trimmed;
	}

	/** One open link of this person's (as resident or as watcher), for a confirmation page. */
	@Transactional(readOnly = true)
	public Optional<WatcherLink> openLink(AccountId who, UUID link) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM watcher_link WHERE id = ? AND (resident = ? OR watcher = ?)"
				+ " AND status IN ('REQUESTED', 'APPROVED')")
			.params(link, who.value(), who.value())
			.query(this::map)
			.optional();
	}

	/** Requests waiting for this resident's answer, oldest first (the home screen shows them). */
	@Transactional(readOnly = true)
	public List<WatcherLink> waitingFor(AccountId resident) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM watcher_link WHERE resident = ? AND status = 'REQUESTED'"
				+ " ORDER BY requested_at")
			.param(resident.value())
			.query(this::map)
			.list();
	}

	private static java.time.@Nullable Instant instant(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
		var value = rs.getObject(column, OffsetDateTime.class);
		return value == null ? null : value.toInstant();
	}

	private OffsetDateTime now() {
		return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
	}
}
