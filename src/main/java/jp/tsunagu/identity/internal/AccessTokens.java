package jp.tsunagu.identity.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

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
 */
@Component
class AccessTokens implements OpaqueTokenIntrospector {

	/** Attribute naming the resident a token was issued for (absent for a partner's own back end). */
	static final String RESIDENT = jp.tsunagu.identity.ApiCaller.RESIDENT_ATTRIBUTE;

	private final OAuth2AuthorizationService authorizations;

	private final RegisteredClientRepository clients;

	AccessTokens(OAuth2AuthorizationService authorizations, RegisteredClientRepository clients) {
		this.authorizations = authorizations;
		this.clients = clients;
	}

	@Override
	public OAuth2AuthenticatedPrincipal introspect(String token) {
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
		return new OAuth2IntrospectionAuthenticatedPrincipal(authorization.getPrincipalName(), attributes, authorities);
	}
}
