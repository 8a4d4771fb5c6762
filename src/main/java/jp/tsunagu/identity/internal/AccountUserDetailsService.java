package jp.tsunagu.identity.internal;

import java.time.Clock;

import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

import jp.tsunagu.identity.AccountStatus;
import jp.tsunagu.identity.LoginNames;
import jp.tsunagu.identity.Role;

/**
 * Looks a person up by what they type (login name) but names the principal by the opaque subject,
 * so sessions, tokens and consents all key on an id that never changes and reveals nothing. Passkey
 * sign-in looks the account up by that subject; the throttle counts guesses under either name.
 */
@Component
class AccountUserDetailsService implements UserDetailsService {

	private final AccountRepository accounts;

	private final Clock clock;

	AccountUserDetailsService(AccountRepository accounts, Clock clock) {
		this.accounts = accounts;
		this.clock = clock;
	}

	@Override
	public UserDetails loadUserByUsername(String typed) {
		var account = accounts.findBySignInName(LoginNames.normalize(typed))
			.filter(a -> a.passwordHash() != null)
			.orElseThrow(() -> new UsernameNotFoundException("No usable account"));
		return User.withUsername(account.subject())
			.password(account.passwordHash())
			.authorities(account.roles().stream().map(Role::authority).map(SimpleGrantedAuthority::new).toList())
			.accountLocked(account.lockedAt(clock.instant()))
			.disabled(account.status() != AccountStatus.ACTIVE)
			.build();
	}
}
