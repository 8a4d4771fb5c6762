package jp.tsunagu.identity.internal;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.stream.Collectors;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.web.filter.OncePerRequestFilter;

import com.nimbusds.jwt.JWTParser;

import jp.tsunagu.identity.PartnerClients;

/**
 * What OpenID Connect asks of the authorization endpoint beyond Spring Authorization Server
 * (Core 3.1.2.1, 6): requests sent by POST continue as GET, so they survive sign-in; request objects
 * are refused as unsupported; {@code prompt=none} answers {@code login_required} instead of showing
 * the sign-in page; {@code prompt=login} and a passed {@code max_age} ask for the password again and
 * then continue; partner-write scopes are refused in a resident's sign-in. Runs after the request was
 * validated (so the client and redirect URI are known to be registered) and before access is decided.
 */
final class AuthorizationRequestFilter extends OncePerRequestFilter {

	private static final String VALIDATED = OAuth2AuthorizationCodeRequestAuthenticationToken.class.getName();

	private final String endpoint;

	private final AuthorizationResponses responses;

	private final Clock clock;

	private final RequestCache requests = new HttpSessionRequestCache();

	AuthorizationRequestFilter(String endpoint, AuthorizationResponses responses, Clock clock) {
		this.endpoint = endpoint;
		this.responses = responses;
		this.clock = clock;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		boolean authorizationRequest = "GET".equals(request.getMethod())
				|| ("POST".equals(request.getMethod()) && request.getParameter(OAuth2ParameterNames.RESPONSE_TYPE) != null);
		return !(authorizationRequest && endpoint.equals(request.getServletPath()));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		var validated = (OAuth2AuthorizationCodeRequestAuthenticationToken) request.getAttribute(VALIDATED);
		if (validated == null) {
			// not validated: an error page was already sent, or a request_uri that nobody pushed
			if (request.getParameter("request_uri") != null) {
				responses.onAuthenticationFailure(request, response, new OAuth2AuthenticationException(
						new OAuth2Error("request_uri_not_supported", "request_uri is not supported", null)));
				return;
			}
			chain.doFilter(request, response);
			return;
		}
		if ("POST".equals(request.getMethod())) {
			response.setStatus(HttpServletResponse.SC_SEE_OTHER);
			response.setHeader("Location", request.getRequestURL() + "?" + query(request.getParameterMap()));
			return;
		}
		var refusal = refusal(request, validated);
		if (refusal != null) {
			var object = requestObject(request);
			responses.sendError(request, response, redirectUri(request, validated), refusal,
					validated.getState() != null ? validated.getState() : object.get(OAuth2ParameterNames.STATE),
					request.getParameter("response_mode") != null ? request.getParameter("response_mode")
							: object.get("response_mode"));
			return;
		}
		var signedIn = signedIn();
		var prompt = prompt(validated);
		var maxAge = maxAge(request);
		boolean stale = signedIn != null && maxAge != null
				&& authenticatedAt(signedIn).plus(maxAge).isBefore(clock.instant());
		if (prompt.contains("none") && (signedIn == null || stale)) {
			responses.sendError(request, response, redirectUri(request, validated),
					new OAuth2Error("login_required", "The person is not signed in (prompt=none)", null),
					validated.getState());
			return;
		}
		if (!prompt.contains("none") && (prompt.contains("login") || (maxAge != null && (signedIn == null || stale)))) {
			// Sign in afresh, then continue without asking again: the saved request no longer says so.
			requests.saveRequest(new WithoutReauthentication(request), response);
			response.sendRedirect(request.getContextPath() + "/login" + (signedIn != null ? "?reauth" : ""));
			return;
		}
		if (validated.getPrincipal() != SecurityContextHolder.getContext().getAuthentication()) {
			// signed in by a remembered device after validation: let the endpoint see the person
			request.removeAttribute(VALIDATED);
		}
		chain.doFilter(request, response);
	}

	private static @Nullable OAuth2Error refusal(HttpServletRequest request,
			OAuth2AuthorizationCodeRequestAuthenticationToken validated) {
		if (request.getParameter("request") != null) {
			return new OAuth2Error("request_not_supported", "Request objects are not supported", null);
		}
		var mode = request.getParameter("response_mode");
		if (mode != null && !AuthorizationResponses.RESPONSE_MODES.contains(mode)) {
			return new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST, "Unsupported response_mode", null);
		}
		if (request.getParameter("max_age") != null && maxAge(request) == null) {
			return new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST, "max_age must be a number of seconds", null);
		}
		if (validated.getScopes().stream().anyMatch(PartnerClients.PARTNER_WRITE_SCOPES::contains)) {
			return new OAuth2Error(OAuth2ErrorCodes.INVALID_SCOPE,
					"Write scopes are granted only to a partner's own back end (client credentials)", null);
		}
		return null;
	}

	/**
	 * How a refused request object asked to be answered ({@code state}, {@code response_mode}): read,
	 * not trusted, only so the refusal reaches the partner the way it expects; nothing else of it is used.
	 */
	private static Map<String, String> requestObject(HttpServletRequest request) {
		var object = request.getParameter("request");
		if (object == null) {
			return Map.of();
		}
		try {
			var claims = JWTParser.parse(object).getJWTClaimsSet();
			var answer = new LinkedHashMap<String, String>();
			for (var name : List.of(OAuth2ParameterNames.STATE, "response_mode")) {
				if (claims != null && claims.getClaim(name) instanceof String value) {
					answer.put(name, value);
				}
			}
			return answer;
		}
		catch (java.text.ParseException ex) {
			return Map.of();
		}
	}

	private String redirectUri(HttpServletRequest request, OAuth2AuthorizationCodeRequestAuthenticationToken validated) {
		if (validated.getRedirectUri() != null) {
			return validated.getRedirectUri();
		}
		return responses.registeredRedirectUri(validated.getClientId());
	}

	private static @Nullable Authentication signedIn() {
		var authentication = SecurityContextHolder.getContext().getAuthentication();
		return authentication == null || !authentication.isAuthenticated()
				|| authentication instanceof AnonymousAuthenticationToken ? null : authentication;
	}

	private static Set<String> prompt(OAuth2AuthorizationCodeRequestAuthenticationToken validated) {
		var prompt = validated.getAdditionalParameters().get("prompt");
		if (!validated.getScopes().contains(OidcScopes.OPENID) || !(prompt instanceof String value)) {
			return Set.of();
		}
		return Arrays.stream(value.split(" ")).filter(p -> !p.isBlank()).collect(Collectors.toSet());
	}

	private static @Nullable Duration maxAge(HttpServletRequest request) {
		var value = request.getParameter("max_age");
		if (value == null || !value.matches("[0-9]{1,9}")) {
			return null;
		}
		return Duration.ofSeconds(Long.parseLong(value));
	}

	/** When the person last proved who they are (a password, a passkey, a remembered device). */
	static Instant authenticatedAt(Authentication authentication) {
		return authentication.getAuthorities()
			.stream()
			.filter(FactorGrantedAuthority.class::isInstance)
			.map(a -> ((FactorGrantedAuthority) a).getIssuedAt())
			.max(Instant::compareTo)
			.orElse(Instant.EPOCH);
	}

	private static String query(Map<String, String[]> parameters) {
		var query = new StringJoiner("&");
		parameters.forEach((name, values) -> {
			for (var value : values) {
				query.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
						+ URLEncoder.encode(value, StandardCharsets.UTF_8));
			}
		});
		return query.toString();
	}

	/** The request as it continues after the fresh sign-in: without {@code prompt=login} and {@code max_age}. */
	private static final class WithoutReauthentication extends HttpServletRequestWrapper {

		private final Map<String, String[]> parameters = new LinkedHashMap<>();

		WithoutReauthentication(HttpServletRequest request) {
			super(request);
			request.getParameterMap().forEach((name, values) -> {
				if ("max_age".equals(name)) {
					return;
				}
				if ("prompt".equals(name)) {
					var rest = Arrays.stream(values[0].split(" "))
						.filter(p -> !p.isBlank() && !"login".equals(p))
						.collect(Collectors.joining(" "));
					if (!rest.isEmpty()) {
						parameters.put(name, new String[] { rest });
					}
					return;
				}
				parameters.put(name, values);
			});
		}

		@Override
		public String getQueryString() {
			return query(parameters);
		}

		@Override
		public @Nullable String getParameter(String name) {
			var values = parameters.get(name);
			return values == null ? null : values[0];
		}

		@Override
		public Map<String, String[]> getParameterMap() {
			return Collections.unmodifiableMap(parameters);
		}

		@Override
		public Enumeration<String> getParameterNames() {
			return Collections.enumeration(parameters.keySet());
		}

		@Override
		public String @Nullable [] getParameterValues(String name) {
			return parameters.get(name);
		}
	}
}
