package jp.tsunagu.identity.internal;

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
 * sign-in looks the account up by that subject. Guessing is limited before this is asked
 * ({@link ThrottledSignIn}).
 */
@Component
class AccountUserDetailsService implements UserDetailsService {

	private final AccountRepository accounts;

	AccountUserDetailsService(AccountRepository accounts) {
		this.accounts = accounts;
	}

	@Override
	public UserDetails loadUserByUsername(String typed) {
		var account = accounts.findBySignInName(LoginNames.normalize(typed))
			.filter(a -> a.passwordHash() != null)
			.orElseThrow(() -> new UsernameNotFoundException("No usable account"));
		return User.withUsername(account.subject())
			.password(account.passwordHash())
			.authorities(account.roles().stream().map(Role::authority).map(SimpleGrantedAuthority::new).toList())
			.disabled(account.status() != AccountStatus.ACTIVE)
			.build();
	}
}
