package jp.tsunagu.identity.internal;

import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Password and PIN sign-in: Spring Security's own check, with every attempt counted by the
 * {@link SignInThrottle} before the secret is compared. Unknown names go the same way (and through
 * the same dummy hash), so neither the answer nor its timing tells whether a login exists.
 */
@Component
class ThrottledSignIn extends DaoAuthenticationProvider {

	private final SignInThrottle throttle;

	ThrottledSignIn(AccountUserDetailsService users, PasswordEncoder encoder, SignInThrottle throttle) {
		super(users);
		setPasswordEncoder(encoder);
		this.throttle = throttle;
	}

	@Override
	public Authentication authenticate(Authentication authentication) throws AuthenticationException {
		var source = authentication.getDetails() instanceof WebAuthenticationDetails web && web.getRemoteAddress() != null
				? web.getRemoteAddress() : "unknown";
		var name = String.valueOf(authentication.getPrincipal());
		throttle.attempt(source, name);
		var result = super.authenticate(authentication);
		throttle.succeeded(source, name);
		return result;
	}
}
