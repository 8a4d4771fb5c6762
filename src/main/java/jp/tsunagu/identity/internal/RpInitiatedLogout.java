package jp.tsunagu.identity.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

import jp.tsunagu.identity.PartnerSubjects;

/**
 * OpenID Connect RP-Initiated Logout 1.0 at {@code /connect/logout}. Any ID token this provider
 * signed for the client is a valid hint, also one replaced by a refresh or already expired (Spring
 * Authorization Server accepts only the newest it stored). With a valid hint for the person signed
 * in, they are signed out at once and sent to the registered post-logout URI; with a hint for somebody
 * else, a forged or altered one, nothing happens and a page says so; without a hint, the person is
 * asked first (a link from anywhere must not sign them out) and never sent back.
 */
@Component
class RpInitiatedLogout implements AuthenticationSuccessHandler, AuthenticationFailureHandler {

	static final String CONFIRM_PAGE = "/logout/confirm";

	static final String PROBLEM_PAGE = "/logout/problem";

	private final JwtDecoder signatures;

	private final RegisteredClientRepository clients;

	private final PartnerSubjects subjects;

	private final SignOut signOut;

	RpInitiatedLogout(SigningKeys keys, RegisteredClientRepository clients, PartnerSubjects subjects,
			SignOut signOut) {
		this.signatures = hintDecoder(AuthorizationServerConfiguration.signedBy(keys));
		this.clients = clients;
		this.subjects = subjects;
		this.signOut = signOut;
	}

	/** Checks a logout request; not a bean, so it never joins the sign-in providers. */
	AuthenticationProvider provider() {
		return new AuthenticationProvider() {
			@Override
			public Authentication authenticate(Authentication authentication) {
				return check(authentication);
			}

			@Override
			public boolean supports(Class<?> authentication) {
				return OidcLogoutAuthenticationToken.class.isAssignableFrom(authentication);
			}
		};
	}

	private Authentication check(Authentication authentication) {
		var request = (OidcLogoutAuthenticationToken) authentication;
		var hint = decode(request.getIdTokenHint());
		var audience = hint.getAudience();
		var clientId = StringUtils.hasText(request.getClientId()) ? request.getClientId()
				: audience.isEmpty() ? null : audience.getFirst();
		RegisteredClient client = clientId == null ? null : clients.findByClientId(clientId);
		if (client == null || !audience.contains(clientId)) {
			throw refused(OAuth2ErrorCodes.INVALID_TOKEN, "The ID token was not issued to this client");
		}
		var redirect = request.getPostLogoutRedirectUri();
		if (StringUtils.hasText(redirect) && !client.getPostLogoutRedirectUris().contains(redirect)) {
			throw refused(OAuth2ErrorCodes.INVALID_REQUEST, "post_logout_redirect_uri is not registered");
		}
		if (request.isPrincipalAuthenticated()) {
			var person = (Authentication) request.getPrincipal();
			if (!subjects.subjectFor(client, person.getName()).equals(hint.getSubject())) {
				throw refused(OAuth2ErrorCodes.INVALID_TOKEN, "The ID token names somebody else");
			}
		}
		var idToken = new OidcIdToken(hint.getTokenValue(), hint.getIssuedAt(), hint.getExpiresAt(), hint.getClaims());
		return new OidcLogoutAuthenticationToken(idToken, (Authentication) request.getPrincipal(), request.getSessionId(),
				client.getClientId(), redirect, request.getState());
	}

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) throws IOException {
		var logout = (OidcLogoutAuthenticationToken) authentication;
		if (logout.isPrincipalAuthenticated()) {
			signOut.logout(request, response, (Authentication) logout.getPrincipal());
		}
		if (!StringUtils.hasText(logout.getPostLogoutRedirectUri())) {
			response.sendRedirect(request.getContextPath() + "/login?logout");
			return;
		}
		var uri = UriComponentsBuilder.fromUriString(logout.getPostLogoutRedirectUri());
		if (StringUtils.hasText(logout.getState())) {
			uri.queryParam(OAuth2ParameterNames.STATE, UriUtils.encode(logout.getState(), StandardCharsets.UTF_8));
		}
		response.sendRedirect(uri.build(true).toUriString());
	}

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException, ServletException {
		response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
		request.getRequestDispatcher(PROBLEM_PAGE).forward(request, response);
	}

	/** A logout request without {@code id_token_hint} goes to the confirmation page instead. */
	OncePerRequestFilter withoutHint(String endpoint) {
		return new OncePerRequestFilter() {
			@Override
			protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
					FilterChain chain) throws ServletException, IOException {
				if (endpoint.equals(request.getServletPath()) && !StringUtils.hasText(request.getParameter("id_token_hint"))) {
					response.sendRedirect(request.getContextPath() + CONFIRM_PAGE);
					return;
				}
				chain.doFilter(request, response);
			}
		};
	}

	private Jwt decode(String token) {
		try {
			return signatures.decode(token);
		}
		catch (JwtException ex) {
			throw refused(OAuth2ErrorCodes.INVALID_TOKEN, "The ID token hint is not one this provider signed");
		}
	}

	private static OAuth2AuthenticationException refused(String code, String description) {
		return new OAuth2AuthenticationException(new OAuth2Error(code, description, null));
	}

	/** Signature by one of our keys and our issuer; an expired hint still names its session (the spec asks to accept it). */
	static JwtDecoder hintDecoder(NimbusJwtDecoder decoder) {
		decoder.setJwtValidator(jwt -> {
			var issuer = AuthorizationServerContextHolder.getContext().getIssuer();
			return new JwtIssuerValidator(issuer).validate(jwt);
		});
		return decoder;
	}
}
