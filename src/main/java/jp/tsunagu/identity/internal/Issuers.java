package jp.tsunagu.identity.internal;

import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import jp.tsunagu.identity.IdentitySettings;

/**
 * The issuer as partners know it: the configured one, or (as Spring Authorization Server does) the
 * request's scheme, host and port, which behind a proxy come from its forwarded headers.
 */
@Component
class Issuers {

	private final IdentitySettings settings;

	Issuers(IdentitySettings settings) {
		this.settings = settings;
	}

	/** The issuer for the request being served, if any; else the configured one, if any. */
	@Nullable String current() {
		if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
			return of(attributes.getRequest());
		}
		return settings.issuer() != null && !settings.issuer().isBlank() ? settings.issuer() : null;
	}

	String of(HttpServletRequest request) {
		if (settings.issuer() != null && !settings.issuer().isBlank()) {
			return settings.issuer();
		}
		return ServletUriComponentsBuilder.fromContextPath(request).replaceQuery(null).build().toUriString();
	}
}
