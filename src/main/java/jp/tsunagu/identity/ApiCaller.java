package jp.tsunagu.identity;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthentication;

/**
 * Who calls a Tsunagu API with an access token, for API controllers to declare as a parameter: a
 * partner's back end on its own (client credentials), or a partner acting for the resident who
 * signed in to it, who is then the only resident the call may concern.
 *
 * @param residentSubject the account subject of that resident, or null for a back end on its own
 * @param scopes the scopes the token carries
 */
public record ApiCaller(String clientId, @Nullable String residentSubject, Set<String> scopes) {

	/** The token attribute that names the resident a token was issued for. */
	public static final String RESIDENT_ATTRIBUTE = "tsunagu.resident";

	public boolean actsForResident() {
		return residentSubject != null;
	}

	public boolean has(String scope) {
		return scopes.contains(scope);
	}

	/** The caller of the current request, if it came with an access token. */
	public static Optional<ApiCaller> current() {
		if (!(SecurityContextHolder.getContext().getAuthentication() instanceof BearerTokenAuthentication bearer)) {
			return Optional.empty();
		}
		var attributes = bearer.getTokenAttributes();
		var scopes = bearer.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.filter(a -> a != null && a.startsWith("SCOPE_"))
			.map(a -> a.substring("SCOPE_".length()))
			.collect(Collectors.toUnmodifiableSet());
		return Optional.of(new ApiCaller(String.valueOf(attributes.get(OAuth2ParameterNames.CLIENT_ID)),
				(String) attributes.get(RESIDENT_ATTRIBUTE), scopes));
	}
}
