package jp.tsunagu.identity.internal;

import java.time.Instant;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import jp.tsunagu.platform.Tokyo;

/** Refresh tokens that were exchanged for new ones, by hash, in {@code spent_refresh_token}. */
@Repository
class SpentRefreshTokens {

	private final JdbcClient jdbc;

	/** A savepoint: in the token request's transaction a refused insert would end it on PostgreSQL. */
	private final TransactionTemplate savepoint;

	SpentRefreshTokens(JdbcClient jdbc, PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.savepoint = new TransactionTemplate(transactions);
		this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
	}

	void spend(String token, String authorizationId, Instant at) {
		try {
			savepoint.executeWithoutResult(status -> jdbc
				.sql("INSERT INTO spent_refresh_token (token_hash, authorization_id, spent_at) VALUES (?, ?, ?)")
				.params(Digests.sha256(token), authorizationId, Tokyo.utc(at))
				.update());
		}
		catch (DuplicateKeyException alreadySpent) {
			// two refreshes raced with one token: only one of them can be saved, the other fails as reuse
		}
	}

	Optional<String> authorizationOf(String token) {
		return jdbc.sql("SELECT authorization_id FROM spent_refresh_token WHERE token_hash = ?")
			.param(Digests.sha256(token))
			.query(String.class)
			.optional();
	}

	void forget(String authorizationId) {
		jdbc.sql("DELETE FROM spent_refresh_token WHERE authorization_id = ?").param(authorizationId).update();
	}
}
