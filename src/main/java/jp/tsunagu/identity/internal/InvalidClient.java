package jp.tsunagu.identity.internal;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * The token, revocation and introspection endpoints called without client credentials: 401 with
 * {@code invalid_client} as JSON (RFC 6749 5.2), never the sign-in page meant for people.
 */
final class InvalidClient implements AuthenticationEntryPoint {

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
			throws IOException {
		response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
		response.setHeader("WWW-Authenticate", "Basic realm=\"Sapporo Smart ID\"");
		response.setHeader("Cache-Control", "no-store");
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.getWriter()
			.write("{\"error\":\"invalid_client\",\"error_description\":\"Client authentication is required\"}");
	}
}
