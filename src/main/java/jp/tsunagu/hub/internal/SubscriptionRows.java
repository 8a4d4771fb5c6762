package jp.tsunagu.hub.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import jp.tsunagu.platform.Databases;

/** Subscriptions in {@code hub_subscription} and waiting notifications in {@code hub_notification}. */
@Repository
public class SubscriptionRows {

	/** A stored subscription: what its client wrote, its context, and its delivery figures. */
	public record Row(String tenant, String id, String body, String context, boolean active, @Nullable Instant expiresAt,
			Instant createdAt, Instant modifiedAt, long timesSent, long timesFailed, @Nullable Instant lastNotification,
			@Nullable Instant lastSuccess, @Nullable Instant lastFailure, @Nullable Instant lastQueued) {
	}

	/** A notification to deliver. */
	public record Waiting(long id, String tenant, String subscriptionId, String endpoint, String contentType, String headers,
			String payload, int attempts) {
	}

	private static final String COLUMNS = "tenant, id, body, context, active, expires_at, created_at, modified_at,"
			+ " times_sent, times_failed, last_notification, last_success, last_failure, last_queued";

	private final JdbcTemplate jdbc;

	private final boolean postgres;

	public SubscriptionRows(JdbcTemplate jdbc, DataSource dataSource) {
		this.jdbc = jdbc;
		this.postgres = Databases.isPostgres(dataSource);
	}

	public void insert(String tenant, String id, String body, String context, boolean active, @Nullable Instant expiresAt,
			double timeInterval, Instant now) {
		jdbc.update("INSERT INTO hub_subscription (tenant, id, body, context, active, expires_at, time_interval, created_at,"
				+ " modified_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", tenant, id, body, context, active, timestamp(expiresAt),
				timeInterval > 0 ? timeInterval : null, Timestamp.from(now), Timestamp.from(now));
	}

	public void update(String tenant, String id, String body, String context, boolean active, @Nullable Instant expiresAt,
			double timeInterval, Instant now) {
		jdbc.update("UPDATE hub_subscription SET body = ?, context = ?, active = ?, expires_at = ?, time_interval = ?,"
				+ " modified_at = ? WHERE tenant = ? AND id = ?", body, context, active, timestamp(expiresAt),
				timeInterval > 0 ? timeInterval : null, Timestamp.from(now), tenant, id);
	}

	/** The subscriptions of all tenants notified on a time interval that may fire now: active and not expired. */
	public List<Row> periodic(Instant now) {
		return jdbc.query("SELECT " + COLUMNS + " FROM hub_subscription WHERE time_interval > 0 AND active = true"
				+ " AND (expires_at IS NULL OR expires_at > ?)", SubscriptionRows::row, Timestamp.from(now));
	}

	/**
	 * Takes a time interval's turn: notes {@code now} as when the subscription was last queued, if
	 * it still is {@code last} (so of several instances one takes each turn); whether it took it.
	 */
	public boolean takeTurn(String tenant, String id, @Nullable Instant last, Instant now) {
		if (last == null) {
			return jdbc.update("UPDATE hub_subscription SET last_queued = ? WHERE tenant = ? AND id = ? AND last_queued IS NULL",
					Timestamp.from(now), tenant, id) == 1;
		}
		return jdbc.update("UPDATE hub_subscription SET last_queued = ? WHERE tenant = ? AND id = ? AND last_queued = ?",
				Timestamp.from(now), tenant, id, Timestamp.from(last)) == 1;
	}

	/**
	 * Deletes a subscription and its waiting notifications: those first, in id order, as deliveries
	 * lock them (a notification, then its subscription), so that a delete and a delivery of the same
	 * subscription wait for each other instead of deadlocking.
	 */
	public boolean delete(String tenant, String id) {
		jdbc.queryForList("SELECT id FROM hub_notification WHERE tenant = ? AND subscription_id = ? ORDER BY id FOR UPDATE",
				Long.class, tenant, id);
		jdbc.update("DELETE FROM hub_notification WHERE tenant = ? AND subscription_id = ?", tenant, id);
		return jdbc.update("DELETE FROM hub_subscription WHERE tenant = ? AND id = ?", tenant, id) > 0;
	}

	public Optional<Row> find(String tenant, String id) {
		return jdbc.query("SELECT " + COLUMNS + " FROM hub_subscription WHERE tenant = ? AND id = ?", SubscriptionRows::row,
				tenant, id).stream().findFirst();
	}

	public Optional<Row> lock(String tenant, String id) {
		return jdbc.query("SELECT " + COLUMNS + " FROM hub_subscription WHERE tenant = ? AND id = ? FOR UPDATE",
				SubscriptionRows::row, tenant, id).stream().findFirst();
	}

	public List<Row> page(String tenant, int offset, int limit) {
		return jdbc.query("SELECT " + COLUMNS + " FROM hub_subscription WHERE tenant = ? ORDER BY created_at, id"
				+ " OFFSET ? ROWS FETCH NEXT ? ROWS ONLY", SubscriptionRows::row, tenant, offset, limit);
	}

	public long count(String tenant) {
		var n = jdbc.queryForObject("SELECT count(*) FROM hub_subscription WHERE tenant = ?", Long.class, tenant);
		return n == null ? 0 : n;
	}

	/** The tenant's subscriptions that may fire now: active and not expired. */
	public List<Row> live(String tenant, Instant now) {
		return jdbc.query("SELECT " + COLUMNS + " FROM hub_subscription WHERE tenant = ? AND active = true"
				+ " AND (expires_at IS NULL OR expires_at > ?)", SubscriptionRows::row, tenant, Timestamp.from(now));
	}

	/**
	 * Queues a notification and, for a throttled subscription, notes when. Only then: the note is
	 * an update of the subscription's row, which every concurrent change notifying it would queue
	 * behind until its transaction ends.
	 */
	public void queue(String tenant, String subscriptionId, String endpoint, String contentType, String headers, String payload,
			Instant now, boolean throttled) {
		jdbc.update("INSERT INTO hub_notification (tenant, subscription_id, endpoint, content_type, headers, payload,"
				+ " next_attempt, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", tenant, subscriptionId, endpoint, contentType,
				headers, payload, Timestamp.from(now), Timestamp.from(now));
		if (!throttled) {
			return;
		}
		jdbc.update("UPDATE hub_subscription SET last_queued = ? WHERE tenant = ? AND id = ?", Timestamp.from(now), tenant,
				subscriptionId);
	}

	/**
	 * Takes up to {@code limit} due notifications for this instance until {@code until}, in order,
	 * leaving those of the {@code busy} endpoints (their workers take them next); on PostgreSQL rows
	 * another instance is taking are skipped ({@code SKIP LOCKED}).
	 */
	public List<Waiting> claim(Instant now, Instant until, int limit, java.util.Collection<String> busy) {
		var arguments = new java.util.ArrayList<Object>(List.of(Timestamp.from(now), Timestamp.from(now)));
		arguments.addAll(busy);
		var due = jdbc.query("SELECT id FROM hub_notification WHERE next_attempt <= ? AND (claimed_until IS NULL"
				+ " OR claimed_until < ?)"
				+ (busy.isEmpty() ? "" : " AND endpoint NOT IN (" + String.join(", ", java.util.Collections.nCopies(busy.size(), "?")) + ")")
				+ " ORDER BY id FETCH FIRST " + limit + " ROWS ONLY FOR UPDATE" + (postgres ? " SKIP LOCKED" : ""),
				(rs, n) -> rs.getLong(1), arguments.toArray());
		if (due.isEmpty()) {
			return List.of();
		}
		var ids = String.join(",", due.stream().map(String::valueOf).toList());
		jdbc.update("UPDATE hub_notification SET claimed_until = ? WHERE id IN (" + ids + ")", Timestamp.from(until));
		return jdbc.query("SELECT id, tenant, subscription_id, endpoint, content_type, headers, payload, attempts"
				+ " FROM hub_notification WHERE id IN (" + ids + ") ORDER BY id",
				(rs, n) -> new Waiting(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
						rs.getString(6), rs.getString(7), rs.getInt(8)));
	}

	/**
	 * Delivered notifications: gone from the queue, counted on their subscriptions, in one
	 * statement for the rows and one per subscription.
	 */
	public void delivered(List<Waiting> delivered, Instant at) {
		if (delivered.isEmpty()) {
			return;
		}
		jdbc.update("DELETE FROM hub_notification WHERE id IN ("
				+ String.join(",", delivered.stream().map(w -> String.valueOf(w.id())).toList()) + ")");
		var counts = new java.util.LinkedHashMap<List<String>, Integer>();
		for (var waiting : delivered) {
			counts.merge(List.of(waiting.tenant(), waiting.subscriptionId()), 1, Integer::sum);
		}
		counts.forEach((subscription, count) -> jdbc.update("UPDATE hub_subscription SET times_sent = times_sent + ?,"
				+ " last_notification = ?, last_success = ? WHERE tenant = ? AND id = ?", count, Timestamp.from(at),
				Timestamp.from(at), subscription.get(0), subscription.get(1)));
	}

	/** A failed attempt: tried again at {@code next}, or given up (deleted) when {@code next} is null. */
	public void failed(Waiting waiting, Instant at, @Nullable Instant next) {
		if (next == null) {
			jdbc.update("DELETE FROM hub_notification WHERE id = ?", waiting.id());
		}
		else {
			jdbc.update("UPDATE hub_notification SET attempts = attempts + 1, next_attempt = ?, claimed_until = NULL"
					+ " WHERE id = ?", Timestamp.from(next), waiting.id());
		}
		jdbc.update("UPDATE hub_subscription SET times_sent = times_sent + 1, times_failed = times_failed + 1,"
				+ " last_notification = ?, last_failure = ? WHERE tenant = ? AND id = ?", Timestamp.from(at),
				Timestamp.from(at), waiting.tenant(), waiting.subscriptionId());
	}

	/** Lets claimed notifications go (an endpoint backing off), to be taken again from {@code next}. */
	public void release(List<Long> ids, Instant next) {
		if (ids.isEmpty()) {
			return;
		}
		jdbc.update("UPDATE hub_notification SET claimed_until = NULL, next_attempt = ? WHERE id IN ("
				+ String.join(",", ids.stream().map(String::valueOf).toList()) + ")", Timestamp.from(next));
	}

	private static @Nullable Timestamp timestamp(@Nullable Instant at) {
		return at == null ? null : Timestamp.from(at);
	}

	private static @Nullable Instant instant(ResultSet rs, int column) throws SQLException {
		var at = rs.getTimestamp(column);
		return at == null ? null : at.toInstant();
	}

	private static Row row(ResultSet rs, int n) throws SQLException {
		return new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBoolean(5), instant(rs, 6),
				rs.getTimestamp(7).toInstant(), rs.getTimestamp(8).toInstant(), rs.getLong(9), rs.getLong(10),
				instant(rs, 11), instant(rs, 12), instant(rs, 13), instant(rs, 14));
	}
}
