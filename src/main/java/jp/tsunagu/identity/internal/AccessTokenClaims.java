package jp.tsunagu.identity.internal;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenClaimsContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.stereotype.Component;

import jp.tsunagu.identity.PartnerSubjects;

/**
 * What introspection tells a partner about an opaque access token: its client, and the resident by
 * the subject that partner knows them by (pairwise where the partner has pairwise subjects).
 */
@Component
class AccessTokenClaims implements OAuth2TokenCustomizer<OAuth2TokenClaimsContext> {

	private final PartnerSubjects subjects;

	AccessTokenClaims(PartnerSubjects subjects) {
		this.subjects = subjects;
	}

	@Override
	public void customize(OAuth2TokenClaimsContext context) {
		if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
			return;
		}
		var client = context.getRegisteredClient();
		context.getClaims().claim(OAuth2ParameterNames.CLIENT_ID, client.getClientId());
		if (!AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())) {
			context.getClaims().subject(subjects.subjectFor(client, context.getPrincipal().getName()));
		}
	}
}
