package jp.tsunagu.identity.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import jp.tsunagu.identity.AccountId;
import jp.tsunagu.platform.Tokyo;

/** Hashes of the one-time codes printed on login sheets; one live code per account. */
@Repository
public class FirstLoginCodeRepository {

	public record Stored(AccountId account, String codeHash, Instant expiresAt, int failedUses) {
	}

	private final JdbcClient jdbc;

	FirstLoginCodeRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public void replace(AccountId account, String codeHash, Instant expiresAt, String issuedBy) {
		jdbc.sql("DELETE FROM first_login_code WHERE account_id = ?").param(account.value()).update();
		jdbc.sql("INSERT INTO first_login_code (account_id, code_hash, expires_at, issued_by) VALUES (?, ?, ?, ?)")
			.params(account.value(), codeHash, Tokyo.utc(expiresAt), issuedBy)
			.update();
	}

	public Optional<Stored> find(AccountId account) {
		return jdbc.sql("SELECT code_hash, expires_at, failed_uses FROM first_login_code WHERE account_id = ?")
			.param(account.value())
			.query((rs, i) -> new Stored(account, rs.getString("code_hash"),
					rs.getObject("expires_at", OffsetDateTime.class).toInstant(), rs.getInt("failed_uses")))
			.optional();
	}

	/**
	 * Counts a use before the code is compared, in one statement that also checks the limit, so
	 * parallel guesses cannot compare more than {@code maxUses} times; false when none is left.
	 */
	public boolean countUse(AccountId account, int maxUses) {
		return jdbc.sql("UPDATE first_login_code SET failed_uses = failed_uses + 1 WHERE account_id = ? AND failed_uses < ?")
			.params(account.value(), maxUses)
			.update() == 1;
	}

	public void delete(AccountId account) {
		jdbc.sql("DELETE FROM first_login_code WHERE account_id = ?").param(account.value()).update();
	}
}
