package jp.tsunagu.identity.internal;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import jp.tsunagu.identity.PartnerClients;

/**
 * What discovery ({@code /.well-known/openid-configuration} and the OAuth metadata) announces:
 * exactly what works on this provider, nothing Spring Authorization Server could do if wired.
 */
final class ProviderMetadata {

	private static final List<String> CLIENT_AUTHENTICATION = List.of("client_secret_basic", "client_secret_post");

	private ProviderMetadata() {
	}

	static void announce(Map<String, Object> claims) {
		claims.put("scopes_supported", PartnerClients.SCOPES);
		claims.put("grant_types_supported", List.of("authorization_code", "refresh_token", "client_credentials"));
		claims.put("response_types_supported", List.of("code"));
		claims.put("response_modes_supported", List.copyOf(new TreeSet<>(AuthorizationResponses.RESPONSE_MODES)));
		claims.put("token_endpoint_auth_methods_supported",
				List.of("client_secret_basic", "client_secret_post", "none"));
		claims.put("revocation_endpoint_auth_methods_supported", CLIENT_AUTHENTICATION);
		claims.put("introspection_endpoint_auth_methods_supported", CLIENT_AUTHENTICATION);
		claims.put("code_challenge_methods_supported", List.of("S256"));
		claims.put("authorization_response_iss_parameter_supported", true);
		claims.remove("tls_client_certificate_bound_access_tokens");
		claims.remove("dpop_signing_alg_values_supported");
		if (claims.containsKey("userinfo_endpoint")) {
			// OpenID Connect discovery only
			claims.put("subject_types_supported", List.of("public", "pairwise"));
			claims.put("id_token_signing_alg_values_supported", List.of("RS256"));
			claims.put("claims_supported", IdentityClaims.SUPPORTED);
			claims.put("claim_types_supported", List.of("normal"));
			claims.put("claims_parameter_supported", false);
			claims.put("request_parameter_supported", false);
			claims.put("request_uri_parameter_supported", false);
			claims.put("ui_locales_supported", List.of("ja", "en"));
			claims.put("backchannel_logout_supported", true);
			claims.put("backchannel_logout_session_supported", true);
		}
	}
}
