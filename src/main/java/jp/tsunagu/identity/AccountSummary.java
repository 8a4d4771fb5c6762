package jp.tsunagu.identity;

import java.util.Locale;
import java.util.Set;

/** What other modules may know of an account: never its credentials. */
public record AccountSummary(AccountId id, String subject, String loginName, String displayName, Set<Role> roles,
		AccountStatus status, Locale locale) {
}
