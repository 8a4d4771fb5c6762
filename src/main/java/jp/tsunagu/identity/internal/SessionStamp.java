package jp.tsunagu.identity.internal;

import java.util.HashMap;

import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Stamps each authorization request with the browser session's {@code sid}, so the authorization
 * made from it carries the session into its ID tokens and a later sign-out can find it. Whatever a
 * client sent under that name is overwritten.
 */
final class SessionStamp implements AuthenticationConverter {

	private final AuthenticationConverter delegate;

	SessionStamp(AuthenticationConverter delegate) {
		this.delegate = delegate;
	}

	@Override
	public @Nullable Authentication convert(HttpServletRequest request) {
		var converted = delegate.convert(request);
		if (!(converted instanceof OAuth2AuthorizationCodeRequestAuthenticationToken authorization)
				|| converted.getClass() != OAuth2AuthorizationCodeRequestAuthenticationToken.class) {
			return converted;
		}
		var principal = (Authentication) authorization.getPrincipal();
		if (principal == null || !principal.isAuthenticated() || principal instanceof AnonymousAuthenticationToken) {
			// not signed in yet: the request comes again after the sign-in, and is stamped then
			return converted;
		}
		var parameters = new HashMap<>(authorization.getAdditionalParameters());
		parameters.put(BrowserSessions.SID, BrowserSessions.sid(request, principal.getName()));
		return new OAuth2AuthorizationCodeRequestAuthenticationToken(authorization.getAuthorizationUri(),
				authorization.getClientId(), principal, authorization.getRedirectUri(), authorization.getState(),
				authorization.getScopes(), parameters);
	}
}
