package jp.tsunagu.identity.internal;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.IdTokenClaimNames;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcUserInfoAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.stereotype.Component;

import jp.tsunagu.identity.ClaimsSource;
import jp.tsunagu.identity.LoginNames;
import jp.tsunagu.identity.PartnerSubjects;

/**
 * Decides what tokens and the userinfo endpoint say about a person: ID tokens who signed in and
 * when; userinfo only the claims of the scopes the person granted. Identity knows the login (e-mail, phone) and locale; modules that know more add
 * their claims through {@link ClaimsSource}.
 */
@Component
class IdentityClaims implements OAuth2TokenCustomizer<JwtEncodingContext> {

	/** Every claim a partner can receive, as discovery announces them. */
	static final List<String> SUPPORTED = List.of("sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "sid",
			"name", "family_name", "given_name", "name_kana", "family_name_kana", "given_name_kana", "birthdate",
			"locale", "zoneinfo", "email", "email_verified", "phone_number", "phone_number_verified", "area");

	private final AccountRepository accounts;

	private final List<ClaimsSource> sources;

	private final SigningKeys keys;

	private final PartnerSubjects subjects;

	private final RegisteredClientRepository clients;

	IdentityClaims(AccountRepository accounts, List<ClaimsSource> sources, SigningKeys keys,
			PartnerSubjects subjects, RegisteredClientRepository clients) {
		this.clients = clients;
		this.accounts = accounts;
		this.sources = sources;
		this.keys = keys;
		this.subjects = subjects;
	}

	@Override
	public void customize(JwtEncodingContext context) {
		context.getJwsHeader().keyId(keys.signingKid());
		if (OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
			// Who signed in, and when; what the person agreed to share is given at userinfo only
			// (OpenID Connect Core 5.4), so an ID token a partner logs or hands to a browser carries no
			// name, birth date or area.
			var principal = context.getPrincipal();
			context.getClaims().subject(subjects.subjectFor(context.getRegisteredClient(), principal.getName()));
			// A refresh copies sid and auth_time from the ID token it replaces; the first one takes them
			// from the sign-in the authorization was made in.
			if (AuthorizationGrantType.AUTHORIZATION_CODE.equals(context.getAuthorizationGrantType())) {
				signInOf(context).forEach((name, value) -> context.getClaims().claim(name, value));
			}
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
		var client = clients.findById(authorization.getRegisteredClientId());
		claims.put("sub", client == null ? authorization.getPrincipalName()
				: subjects.subjectFor(client, authorization.getPrincipalName()));
		return new OidcUserInfo(claims);
	}

	/** {@code auth_time}: when the person last proved who they are; {@code sid}: the browser session. */
	private static Map<String, Object> signInOf(JwtEncodingContext context) {
		var result = new HashMap<String, Object>();
		Instant authTime = null;
		for (var authority : context.getPrincipal().getAuthorities()) {
			if (authority instanceof FactorGrantedAuthority factor
					&& (authTime == null || factor.getIssuedAt().isAfter(authTime))) {
				authTime = factor.getIssuedAt();
			}
		}
		if (authTime != null) {
			result.put(IdTokenClaimNames.AUTH_TIME, java.util.Date.from(authTime));
		}
		var authorization = context.getAuthorization();
		OAuth2AuthorizationRequest request = authorization == null ? null
				: authorization.getAttribute(OAuth2AuthorizationRequest.class.getName());
		if (request != null && request.getAdditionalParameters().get(BrowserSessions.SID) instanceof String sid) {
			result.put("sid", sid);
		}
		return result;
	}

	Map<String, Object> claimsFor(String subject, Set<String> scopes) {
		var claims = new HashMap<String, Object>();
		var account = accounts.findBySubject(subject).orElse(null);
		if (account == null) {
			return claims;
		}
		if (scopes.contains(OidcScopes.PROFILE)) {
			claims.put("locale", account.locale().toLanguageTag());
			// every resident lives in Sapporo: partners show times as the resident reads them
			claims.put("zoneinfo", "Asia/Tokyo");
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
