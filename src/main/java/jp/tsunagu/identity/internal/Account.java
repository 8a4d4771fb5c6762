package jp.tsunagu.identity.internal;

import java.time.Instant;
import java.util.Locale;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import jp.tsunagu.identity.AccountId;
import jp.tsunagu.identity.AccountStatus;
import jp.tsunagu.identity.AccountSummary;
import jp.tsunagu.identity.Role;

/** An account as stored, credentials included; never leaves the identity module. */
public record Account(AccountId id, String subject, String loginName, @Nullable String passwordHash,
		String displayName, Set<Role> roles, AccountStatus status, Locale locale, Instant createdAt) {

	public AccountSummary summary() {
		return new AccountSummary(id, subject, loginName, displayName, roles, status, locale);
	}
}
