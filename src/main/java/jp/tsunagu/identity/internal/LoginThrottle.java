package jp.tsunagu.identity.internal;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import jp.tsunagu.identity.IdentitySettings;
import jp.tsunagu.identity.LoginNames;

/**
 * Locks an account after too many wrong passwords or PINs in a row. The counter lives in the
 * database, so all instances behind the load balancer count the same guesses. A locked account
 * refuses even the right secret until the lock runs out or the help desk resets it.
 */
@Component
class LoginThrottle {

	private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);

	private final AccountRepository accounts;

	private final IdentitySettings settings;

	private final Clock clock;

	LoginThrottle(AccountRepository accounts, IdentitySettings settings, Clock clock) {
		this.accounts = accounts;
		this.settings = settings;
		this.clock = clock;
	}

	@EventListener
	@Transactional
	public void on(AuthenticationFailureBadCredentialsEvent event) {
		if (!(event.getAuthentication() instanceof UsernamePasswordAuthenticationToken token)) {
			return;
		}
		var loginName = LoginNames.normalize(String.valueOf(token.getPrincipal()));
		int failures = accounts.countFailedLogin(loginName);
		if (failures >= settings.throttle().maxFailures()) {
			accounts.lockUntil(loginName, clock.instant().plus(settings.throttle().lockFor()));
			log.warn("Account locked after {} failed sign-ins", failures);
		}
	}

	@EventListener
	@Transactional
	public void on(AuthenticationSuccessEvent event) {
		accounts.clearFailedLogins(event.getAuthentication().getName());
	}
}
