package jp.tsunagu.identity.internal;

import java.time.Duration;
import java.time.Instant;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import jp.tsunagu.platform.Tokyo;

/**
 * Counters of wrong sign-ins in {@code sign_in_failure}, one row per key. Each statement decides
 * and counts at once, so parallel attempts on any number of instances cannot pass the limit.
 */
@Repository
class SignInFailures {

	/**
	 * Counts one attempt unless the key is locked: a window that ran out (or a lock that ended) starts
	 * again at one, and the attempt that reaches {@code max} locks the key for {@code lockFor}.
	 */
	private static final String COUNT = """
			UPDATE sign_in_failure SET
			  failures = CASE WHEN %1$s THEN 1 ELSE failures + 1 END,
			  window_ends_at = CASE WHEN %1$s THEN :windowEnds ELSE window_ends_at END,
			  locked_until = CASE WHEN (CASE WHEN %1$s THEN 1 ELSE failures + 1 END) >= :max THEN :lockEnds ELSE NULL END
			WHERE counter_key = :key AND (locked_until IS NULL OR locked_until <= :now)
			""".formatted("((locked_until IS NOT NULL AND locked_until <= :now) OR (locked_until IS NULL AND window_ends_at <= :now))");

	private final JdbcClient jdbc;

	/** A savepoint for the first insert: on PostgreSQL a refused insert would end the transaction. */
	private final TransactionTemplate savepoint;

	SignInFailures(JdbcClient jdbc, PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.savepoint = new TransactionTemplate(transactions);
		this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
	}

	/** Counts an attempt against the key; false if the key is locked and the attempt must not be tried. */
	@Transactional(propagation = Propagation.MANDATORY)
	public boolean count(String key, int max, Duration window, Duration lockFor, Instant now) {
		if (update(key, max, window, lockFor, now)) {
			return true;
		}
		try {
			savepoint.executeWithoutResult(status -> jdbc
				.sql("INSERT INTO sign_in_failure (counter_key, failures, window_ends_at, locked_until) VALUES (?, 1, ?, ?)")
				.params(key, Tokyo.utc(now.plus(window)),
						max <= 1 ? Tokyo.utc(now.plus(lockFor)) : null)
				.update());
			return true;
		}
		catch (DuplicateKeyException raced) {
			return update(key, max, window, lockFor, now);
		}
	}

	/** Takes back one counted attempt that turned out right; a lock it caused ends with it. */
	@Transactional(propagation = Propagation.MANDATORY)
	public void uncount(String key, int max) {
		jdbc.sql("""
				UPDATE sign_in_failure SET failures = failures - 1,
				  locked_until = CASE WHEN failures - 1 < :max THEN NULL ELSE locked_until END
				WHERE counter_key = :key AND failures > 0""")
			.param("key", key)
			.param("max", max)
			.update();
	}

	@Transactional(propagation = Propagation.MANDATORY)
	public void clear(String key) {
		jdbc.sql("DELETE FROM sign_in_failure WHERE counter_key = ?").param(key).update();
	}

	/** Counters whose window and lock are both over say nothing any more. */
	@Transactional
	public int removeOutdated(Instant now) {
		var at = Tokyo.utc(now);
		return jdbc.sql("DELETE FROM sign_in_failure WHERE window_ends_at <= ? AND (locked_until IS NULL OR locked_until <= ?)")
			.params(at, at)
			.update();
	}

	private boolean update(String key, int max, Duration window, Duration lockFor, Instant now) {
		return jdbc.sql(COUNT)
			.param("key", key)
			.param("max", max)
			.param("now", Tokyo.utc(now))
			.param("windowEnds", Tokyo.utc(now.plus(window)))
			.param("lockEnds", Tokyo.utc(now.plus(lockFor)))
			.update() == 1;
	}
}
