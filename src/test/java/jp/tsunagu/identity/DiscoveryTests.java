package jp.tsunagu.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.nimbusds.jose.util.JSONObjectUtils;

import jp.tsunagu.TsunaguTest;

/** Discovery announces exactly what this provider does, each scope once, nothing it cannot do. */
@TsunaguTest
class DiscoveryTests {

	@LocalServerPort
	int port;

	@Test
	void whenPartnerReadsDiscoveryThenItListsWhatWorksAndNothingElse() throws Exception {
		var metadata = JSONObjectUtils.parse(get("/.well-known/openid-configuration"));
		var scopes = JSONObjectUtils.getStringList(metadata, "scopes_supported");
		assertThat(scopes).doesNotHaveDuplicates().contains("openid", "profile", "area");
		assertThat(JSONObjectUtils.getStringList(metadata, "grant_types_supported"))
			.containsExactlyInAnyOrder("authorization_code", "refresh_token", "client_credentials");
		assertThat(JSONObjectUtils.getStringList(metadata, "token_endpoint_auth_methods_supported"))
			.containsExactlyInAnyOrder("client_secret_basic", "client_secret_post", "none");
		assertThat(JSONObjectUtils.getStringList(metadata, "response_modes_supported"))
			.containsExactlyInAnyOrder("query", "fragment", "form_post");
		assertThat(JSONObjectUtils.getStringList(metadata, "subject_types_supported"))
			.containsExactlyInAnyOrder("public", "pairwise");
		assertThat(metadata).containsEntry("request_parameter_supported", false)
			.containsEntry("request_uri_parameter_supported", false)
			.containsEntry("backchannel_logout_supported", true)
			.containsEntry("authorization_response_iss_parameter_supported", true)
			.doesNotContainKeys("tls_client_certificate_bound_access_tokens", "dpop_signing_alg_values_supported");
		var oauth = JSONObjectUtils.parse(get("/.well-known/oauth-authorization-server"));
		assertThat(JSONObjectUtils.getStringList(oauth, "grant_types_supported"))
			.doesNotContain("urn:ietf:params:oauth:grant-type:token-exchange");
		assertThat(JSONObjectUtils.getStringList(oauth, "introspection_endpoint_auth_methods_supported"))
			.doesNotContain("private_key_jwt", "client_secret_jwt", "tls_client_auth", "self_signed_tls_client_auth");
	}

	private String get(String path) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
	}
}
