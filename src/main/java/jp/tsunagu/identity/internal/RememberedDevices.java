package jp.tsunagu.identity.internal;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.web.authentication.rememberme.PersistentTokenBasedRememberMeServices;
import org.springframework.security.web.authentication.rememberme.PersistentTokenRepository;

/**
 * "Stay signed in on this tablet": Spring Security's persistent remember-me (the token rotates on
 * every use; a stolen copy is detected). A sign-in by a remembered device is recorded as its own
 * factor, so OpenID Connect knows when it happened ({@code auth_time}) and {@code prompt=login} or
 * {@code max_age} can still ask for the password.
 */
final class RememberedDevices extends PersistentTokenBasedRememberMeServices {

	static final String FACTOR = "FACTOR_REMEMBERED_DEVICE";

	private static final SecureRandom RANDOM = new SecureRandom();

	RememberedDevices(AccountUserDetailsService users, PersistentTokenRepository devices) {
		super(newKey(), users, devices);
		setParameter("remember");
		setTokenValiditySeconds((int) Duration.ofDays(180).toSeconds());
		// sent on top-level visits from elsewhere (a partner's sign-in link), never on their sub-requests or posts
		setCookieCustomizer(cookie -> cookie.setAttribute("SameSite", "Lax"));
	}

	@Override
	protected Authentication createSuccessfulAuthentication(HttpServletRequest request, UserDetails user) {
		var authorities = new ArrayList<GrantedAuthority>(user.getAuthorities());
		authorities.add(FactorGrantedAuthority.fromAuthority(FACTOR));
		return super.createSuccessfulAuthentication(request,
				User.withUserDetails(user).authorities(authorities).build());
	}

	/** The key only ties the token made here to the provider here; each instance may have its own. */
	private static String newKey() {
		var bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return Base64.getEncoder().encodeToString(bytes);
	}
}
