package jp.tsunagu.identity.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcUserInfoAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.stereotype.Component;

import jp.tsunagu.identity.ClaimsSource;
import jp.tsunagu.identity.LoginNames;

/**
 * Decides what a token and the userinfo endpoint say about a person: only claims of the scopes the
 * person granted. Identity knows the login (e-mail, phone) and locale; modules that know more add
 * their claims through {@link ClaimsSource}.
 */
@Component
class IdentityClaims implements OAuth2TokenCustomizer<JwtEncodingContext> {

	/** Every claim a partner can receive, as discovery announces them. */
	static final List<String> SUPPORTED = List.of("sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "sid",
			"name", "family_name", "given_name", "name_kana", "family_name_kana", "given_name_kana", "birthdate",
			"locale", "email", "email_verified", "phone_number", "phone_number_verified", "area");

	private final AccountRepository accounts;

	private final List<ClaimsSource> sources;

	private final SigningKeys keys;

	IdentityClaims(AccountRepository accounts, List<ClaimsSource> sources, SigningKeys keys) {
		this.accounts = accounts;
		this.sources = sources;
		this.keys = keys;
	}

	@Override
	public void customize(JwtEncodingContext context) {
		context.getJwsHeader().keyId(keys.signingKid());
		if (OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
			var claims = claimsFor(context.getPrincipal().getName(), context.getAuthorizedScopes());
			claims.remove("sub");
			context.getClaims().claims(existing -> existing.putAll(claims));
		}
		else if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())
				&& context.getAuthorizationGrantType() != null
				&& !"client_credentials".equals(context.getAuthorizationGrantType().getValue())) {
			context.getClaims().claim(OAuth2ParameterNames.CLIENT_ID, context.getRegisteredClient().getClientId());
		}
	}

	OidcUserInfo userInfo(OidcUserInfoAuthenticationContext context) {
		var authorization = context.getAuthorization();
		var claims = claimsFor(authorization.getPrincipalName(), context.getAccessToken().getScopes());
		claims.put("sub", authorization.getPrincipalName());
		return new OidcUserInfo(claims);
	}

	Map<String, Object> claimsFor(String subject, Set<String> scopes) {
		var claims = new HashMap<String, Object>();
		var account = accounts.findBySubject(subject).orElse(null);
		if (account == null) {
			return claims;
		}
		if (scopes.contains(OidcScopes.PROFILE)) {
			claims.put("locale", account.locale().toLanguageTag());
			claims.put("name", account.displayName());
		}
		if (scopes.contains(OidcScopes.EMAIL) && LoginNames.isEmail(account.loginName())) {
			claims.put("email", account.loginName());
			claims.put("email_verified", false);
		}
		if (scopes.contains(OidcScopes.PHONE) && LoginNames.isPhone(account.loginName())) {
			claims.put("phone_number", account.loginName());
			claims.put("phone_number_verified", false);
		}
		for (var source : sources) {
			claims.putAll(source.claims(account.id(), scopes));
		}
		return claims;
	}
}
