package jp.tsunagu.identity;

import java.time.Instant;

/**
 * A one-time code printed on the login sheet at the help desk. Only its hash is stored; this value
 * exists once, in memory, long enough to be printed.
 */
public record FirstLoginCode(AccountId account, String loginName, String code, Instant expiresAt) {

	@Override
	public String toString() {
		return "FirstLoginCode[" + loginName + ", expires " + expiresAt + "]";
	}
}
