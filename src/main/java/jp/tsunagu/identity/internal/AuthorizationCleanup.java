package jp.tsunagu.identity.internal;

import java.time.Clock;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import jp.tsunagu.platform.Tokyo;

/**
 * Deletes authorizations nothing can use any more: every token in them has expired (a day of grace
 * for logs and support), and the spent refresh tokens they knew. Without it the table grows by one row
 * per sign-in forever. Safe on every
 * instance at once: the DELETE is idempotent.
 */
@Component
class AuthorizationCleanup {

	private static final Logger log = LoggerFactory.getLogger(AuthorizationCleanup.class);

	private final JdbcClient jdbc;

	private final Clock clock;

	AuthorizationCleanup(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	@Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT10M")
	int removeExpired() {
		var before = Tokyo.utc(clock.instant().minus(Duration.ofDays(1)));
		int removed = jdbc.sql("""
				DELETE FROM oauth2_authorization
				 WHERE (refresh_token_value IS NOT NULL AND refresh_token_expires_at < ?)
				    OR (refresh_token_value IS NULL AND access_token_value IS NOT NULL AND access_token_expires_at < ?)
				    OR (access_token_value IS NULL AND authorization_code_value IS NOT NULL AND authorization_code_expires_at < ?)
				""").params(before, before, before).update();
		if (removed > 0) {
			log.info("Removed {} expired authorizations", removed);
		}
		// a spent refresh token of an authorization that is gone can revoke nothing any more
		jdbc.sql("DELETE FROM spent_refresh_token s WHERE NOT EXISTS"
				+ " (SELECT 1 FROM oauth2_authorization a WHERE a.id = s.authorization_id)").update();
		return removed;
	}
}
