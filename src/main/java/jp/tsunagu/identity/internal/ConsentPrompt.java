package jp.tsunagu.identity.internal;

import java.util.Arrays;

import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;

/**
 * When the consent page is shown: Spring Authorization Server's rule (the client asks for consent,
 * and the person has not yet agreed to every scope asked), and also whenever the partner asks for
 * it again with {@code prompt=consent} (OpenID Connect Core 3.1.2.1).
 */
final class ConsentPrompt {

	private ConsentPrompt() {
	}

	static boolean required(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
		if (!context.getRegisteredClient().getClientSettings().isRequireAuthorizationConsent()) {
			return false;
		}
		var request = context.getAuthorizationRequest();
		var scopes = request.getScopes();
		if (scopes.contains(OidcScopes.OPENID) && scopes.size() == 1) {
			return false;
		}
		if (request.getAdditionalParameters().get("prompt") instanceof String prompt
				&& Arrays.asList(prompt.split(" ")).contains("consent")) {
			return true;
		}
		var consent = context.getAuthorizationConsent();
		return consent == null || !consent.getScopes().containsAll(scopes);
	}
}
