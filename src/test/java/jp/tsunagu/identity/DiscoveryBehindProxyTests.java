package jp.tsunagu.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;

import jp.tsunagu.TsunaguTest;

/** Behind a TLS-terminating proxy every URL the provider hands out is https on the public host. */
@TsunaguTest
class DiscoveryBehindProxyTests {

	@LocalServerPort
	int port;

	@Test
	void whenProxyForwardsHttpsThenDiscoveryNamesOnlyHttpsUrlsOnThePublicHost() throws Exception {
		var response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/.well-known/openid-configuration"))
				.header("X-Forwarded-Proto", "https")
				.header("X-Forwarded-Host", "id.tsunagu.example")
				.build(), HttpResponse.BodyHandlers.ofString());
		var metadata = OIDCProviderMetadata.parse(response.body());
		assertThat(metadata.getIssuer().getValue()).isEqualTo("https://id.tsunagu.example");
		assertThat(metadata.getAuthorizationEndpointURI()).hasToString("https://id.tsunagu.example/oauth2/authorize");
		assertThat(metadata.getTokenEndpointURI()).hasToString("https://id.tsunagu.example/oauth2/token");
		assertThat(metadata.getJWKSetURI()).hasToString("https://id.tsunagu.example/oauth2/jwks");
		assertThat(metadata.getUserInfoEndpointURI()).hasToString("https://id.tsunagu.example/userinfo");
		assertThat(metadata.getEndSessionEndpointURI()).hasToString("https://id.tsunagu.example/connect/logout");
		assertThat(metadata.getScopes().toStringList()).contains("openid", "profile", "area");
		assertThat(metadata.getClaims()).contains("name_kana", "birthdate", "area");
	}
}
