package jp.tsunagu.identity.internal;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.web.header.HeaderWriter;

/**
 * The Content-Security-Policy of every response: forms may post only to Tsunagu itself
 * ({@code form-action 'self'}), except on the few pages whose form leads to a partner: the
 * {@code form_post} answer (it posts to the partner's redirect URI), and the sign-in and consent
 * pages of an authorization request (their POST is redirected on to the partner, and browsers apply
 * {@code form-action} to those redirects too). Those pages name the partner's registered origins
 * with {@link #allow}, and only they get them.
 */
public final class FormTargets implements HeaderWriter {

	static final String HEADER = "Content-Security-Policy";

	static final String BASE = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
			+ "frame-ancestors 'none'; form-action 'self'";

	private static final String ATTRIBUTE = FormTargets.class.getName() + ".origins";

	/** Lets this response's forms lead to where the URI points (its origin only). */
	public static void allow(HttpServletRequest request, @Nullable String uri) {
		var origin = origin(uri);
		if (origin == null) {
			return;
		}
		@SuppressWarnings("unchecked")
		var origins = (Set<String>) request.getAttribute(ATTRIBUTE);
		if (origins == null) {
			origins = new LinkedHashSet<>();
			request.setAttribute(ATTRIBUTE, origins);
		}
		origins.add(origin);
	}

	/** Lets this response's forms lead to the client's registered redirect URIs. */
	public static void allowRedirectsOf(HttpServletRequest request, @Nullable RegisteredClient client) {
		if (client != null) {
			client.getRedirectUris().forEach(uri -> allow(request, uri));
		}
	}

	@Override
	public void writeHeaders(HttpServletRequest request, HttpServletResponse response) {
		if (!response.containsHeader(HEADER)) {
			response.setHeader(HEADER, policy(request));
		}
	}

	static String policy(HttpServletRequest request) {
		@SuppressWarnings("unchecked")
		var origins = (Set<String>) request.getAttribute(ATTRIBUTE);
		return origins == null || origins.isEmpty() ? BASE : BASE + " " + String.join(" ", origins);
	}

	private static @Nullable String origin(@Nullable String uri) {
		if (uri == null || uri.isBlank()) {
			return null;
		}
		try {
			var parsed = URI.create(uri);
			if (parsed.getScheme() == null || parsed.getHost() == null
					|| !(parsed.getScheme().equals("http") || parsed.getScheme().equals("https"))) {
				return null;
			}
			return parsed.getScheme() + "://" + parsed.getHost() + (parsed.getPort() >= 0 ? ":" + parsed.getPort() : "");
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}
}
