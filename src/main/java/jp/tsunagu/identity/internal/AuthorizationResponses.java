package jp.tsunagu.identity.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * Sends the authorization endpoint's answers back to the partner: in the query, the fragment or an
 * auto-submitting form ({@code response_mode=form_post}), always with {@code iss} (RFC 9207). An
 * error goes back to the partner whenever its redirect URI is known to be registered; otherwise
 * the person sees a page that says in plain words what went wrong.
 */
@Component
public class AuthorizationResponses implements AuthenticationSuccessHandler, AuthenticationFailureHandler {

	/** Request attributes the pages controller reads: where the form posts to, and what it posts. */
	public static final String FORM_POST_ACTION = "tsunagu.formPost.action";

	public static final String FORM_POST_FIELDS = "tsunagu.formPost.fields";

	/** Request attribute naming the error shown on the page when the partner cannot be told. */
	public static final String ERROR = "tsunagu.authorize.error";

	public static final String FORM_POST_PAGE = "/authorize/respond";

	public static final String ERROR_PAGE = "/authorize/problem";

	static final Set<String> RESPONSE_MODES = Set.of("query", "fragment", "form_post");

	private final RegisteredClientRepository clients;

	AuthorizationResponses(RegisteredClientRepository clients) {
		this.clients = clients;
	}

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) throws IOException, ServletException {
		var result = (OAuth2AuthorizationCodeRequestAuthenticationToken) authentication;
		var params = new LinkedHashMap<String, String>();
		params.put(OAuth2ParameterNames.CODE, result.getAuthorizationCode().getTokenValue());
		putIfText(params, OAuth2ParameterNames.STATE, result.getState());
		send(request, response, result.getRedirectUri(), params, request.getParameter("response_mode"));
	}

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException, ServletException {
		var error = exception instanceof OAuth2AuthenticationException oauth ? oauth.getError()
				: new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST);
		var attempt = exception instanceof OAuth2AuthorizationCodeRequestAuthenticationException codeRequest
				? codeRequest.getAuthorizationCodeRequestAuthentication() : null;
		String redirectUri = attempt != null && StringUtils.hasText(attempt.getRedirectUri()) ? attempt.getRedirectUri()
				: registeredRedirect(request);
		if (redirectUri == null) {
			showProblem(request, response, error);
			return;
		}
		sendError(request, response, redirectUri, error, attempt != null ? attempt.getState()
				: request.getParameter(OAuth2ParameterNames.STATE));
	}

	/** An error for a request whose client and redirect URI have been checked. */
	void sendError(HttpServletRequest request, HttpServletResponse response, String redirectUri, OAuth2Error error,
			@Nullable String state) throws IOException, ServletException {
		sendError(request, response, redirectUri, error, state, request.getParameter("response_mode"));
	}

	/** An error answered the way the partner asked, in the request or in a request object we refuse. */
	void sendError(HttpServletRequest request, HttpServletResponse response, String redirectUri, OAuth2Error error,
			@Nullable String state, @Nullable String mode) throws IOException, ServletException {
		var params = new LinkedHashMap<String, String>();
		params.put(OAuth2ParameterNames.ERROR, error.getErrorCode());
		putIfText(params, OAuth2ParameterNames.ERROR_DESCRIPTION, error.getDescription());
		putIfText(params, OAuth2ParameterNames.ERROR_URI, error.getUri());
		putIfText(params, OAuth2ParameterNames.STATE, state);
		send(request, response, redirectUri, params, mode);
	}

	void showProblem(HttpServletRequest request, HttpServletResponse response, OAuth2Error error)
			throws IOException, ServletException {
		response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
		request.setAttribute(ERROR, error);
		request.getRequestDispatcher(ERROR_PAGE).forward(request, response);
	}

	private void send(HttpServletRequest request, HttpServletResponse response, String redirectUri,
			Map<String, String> params, @Nullable String mode) throws IOException, ServletException {
		var issuer = AuthorizationServerContextHolder.getContext().getIssuer();
		params.put("iss", issuer);
		if ("form_post".equals(mode)) {
			request.setAttribute(FORM_POST_ACTION, redirectUri);
			FormTargets.allow(request, redirectUri);
			request.setAttribute(FORM_POST_FIELDS, params);
			response.setHeader("Cache-Control", "no-store");
			request.getRequestDispatcher(FORM_POST_PAGE).forward(request, response);
			return;
		}
		var uri = UriComponentsBuilder.fromUriString(redirectUri);
		if ("fragment".equals(mode)) {
			var fragment = new StringBuilder();
			params.forEach((name, value) -> fragment.append(fragment.isEmpty() ? "" : "&")
				.append(name)
				.append('=')
				.append(UriUtils.encode(value, StandardCharsets.UTF_8)));
			uri.fragment(fragment.toString());
		}
		else {
			params.forEach((name, value) -> uri.queryParam(name, UriUtils.encode(value, StandardCharsets.UTF_8)));
		}
		response.sendRedirect(uri.build(true).toUriString());
	}

	/**
	 * The redirect URI of a request Spring Authorization Server refused before it looked at the client
	 * (an unsupported response type, say), if that client registered exactly it.
	 */
	private @Nullable String registeredRedirect(HttpServletRequest request) {
		var clientId = request.getParameter(OAuth2ParameterNames.CLIENT_ID);
		var client = StringUtils.hasText(clientId) ? clients.findByClientId(clientId) : null;
		if (client == null || request.getParameterValues(OAuth2ParameterNames.CLIENT_ID).length != 1) {
			return null;
		}
		var asked = request.getParameterValues(OAuth2ParameterNames.REDIRECT_URI);
		if (asked == null) {
			return client.getRedirectUris().size() == 1 ? client.getRedirectUris().iterator().next() : null;
		}
		return asked.length == 1 && client.getRedirectUris().contains(asked[0]) ? asked[0] : null;
	}

	/** The one redirect URI of a client whose request named none (Spring Authorization Server then requires one). */
	String registeredRedirectUri(String clientId) {
		var client = clients.findByClientId(clientId);
		if (client == null || client.getRedirectUris().size() != 1) {
			throw new IllegalStateException("A validated request has exactly one redirect URI");
		}
		return client.getRedirectUris().iterator().next();
	}

	private static void putIfText(Map<String, String> params, String name, @Nullable String value) {
		if (StringUtils.hasText(value)) {
			params.put(name, value);
		}
	}
}
