package jp.tsunagu.identity.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcOperations;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OAuth2IntrospectionAuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.stereotype.Component;

/**
 * Checks an access token presented to Tsunagu's own APIs against the authorization it belongs to,
 * on every request: a revoked token, a withdrawn consent or an ended chain stops working at once,
 * on every instance. Opaque and (older) JWT access tokens are looked up the same way.
 * <p>
 * Reading the whole authorization (its row, then Spring Authorization Server's JSON of its
 * attributes and of every token's metadata) took a tenth of the CPU of a station's FHIR create. So
 * the principal made from an authorization is kept, by the token's digest, with the access token's
 * metadata as stored then; each request still reads that one column of the token's row. Revoking
 * the token rewrites its metadata (it is marked invalidated), a withdrawn consent or an ended chain
 * deletes the row, and a refresh replaces the token's value: each makes the stored column differ
 * from the kept one or vanish, and the token is then looked up in full again, or refused.
 */
@Component
class AccessTokens implements OpaqueTokenIntrospector {

	/** Attribute naming the resident a token was issued for (absent for a partner's own back end). */
	static final String RESIDENT = jp.tsunagu.identity.ApiCaller.RESIDENT_ATTRIBUTE;

	private final OAuth2AuthorizationService authorizations;

	private final RegisteredClientRepository clients;

	private final JdbcOperations jdbc;

	private final Clock clock;

	/** Principals of tokens seen lately, by the token's digest; emptied should it pass {@link #MAX_KNOWN}. */
	private final Map<String, Known> known = new ConcurrentHashMap<>();

	static final int MAX_KNOWN = 10_000;

	private record Known(OAuth2AuthenticatedPrincipal principal, String metadata, @Nullable Instant expiresAt) {
	}

	AccessTokens(OAuth2AuthorizationService authorizations, RegisteredClientRepository clients, JdbcOperations jdbc,
			Clock clock) {
		this.authorizations = authorizations;
		this.clients = clients;
		this.jdbc = jdbc;
		this.clock = clock;
	}

	@Override
	public OAuth2AuthenticatedPrincipal introspect(String token) {
		var key = Digests.sha256(token);
		// the token's metadata as stored now (null: no authorization holds this token)
		var metadata = jdbc.query("SELECT access_token_metadata FROM oauth2_authorization WHERE access_token_value = ?",
				rs -> rs.next() ? java.util.Objects.requireNonNullElse(rs.getString(1), "") : null, token);
		if (metadata == null) {
			known.remove(key);
			throw new BadOpaqueTokenException("The access token is not active");
		}
		var seen = known.get(key);
		if (seen != null && seen.metadata().equals(metadata)
				&& (seen.expiresAt() == null || clock.instant().isBefore(seen.expiresAt()))) {
			return seen.principal();
		}
		known.remove(key);
		var authorization = authorizations.findByToken(token, OAuth2TokenType.ACCESS_TOKEN);
		var access = authorization == null ? null : authorization.getAccessToken();
		if (access == null || !access.isActive()) {
			throw new BadOpaqueTokenException("The access token is not active");
		}
		var attributes = new HashMap<String, Object>(access.getClaims() == null ? Map.of() : access.getClaims());
		if (!AuthorizationGrantType.CLIENT_CREDENTIALS.equals(authorization.getAuthorizationGrantType())) {
			attributes.put(RESIDENT, authorization.getPrincipalName());
		}
		var authorities = new ArrayList<GrantedAuthority>();
		access.getToken().getScopes().forEach(scope -> authorities.add(new SimpleGrantedAuthority("SCOPE_" + scope)));
		if (!attributes.containsKey(OAuth2ParameterNames.CLIENT_ID)) {
			// tokens issued before their claims named the client
			var client = clients.findById(authorization.getRegisteredClientId());
			attributes.put(OAuth2ParameterNames.CLIENT_ID, client == null ? "" : client.getClientId());
		}
		var principal = new OAuth2IntrospectionAuthenticatedPrincipal(authorization.getPrincipalName(), attributes,
				authorities);
		if (known.size() >= MAX_KNOWN) {
			known.clear();
		}
		// kept with the metadata read before the authorization: if it changed in between, the next
		// request finds them different and looks the token up again
		known.put(key, new Known(principal, metadata, access.getToken().getExpiresAt()));
		return principal;
	}
}
