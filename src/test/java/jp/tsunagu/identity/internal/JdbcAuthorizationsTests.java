package jp.tsunagu.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

import jp.tsunagu.TsunaguTest;
import jp.tsunagu.identity.PartnerClients;
import jp.tsunagu.identity.TestClients;

/** Saving an authorization twice updates the one row, every column as Spring Authorization Server maps it. */
@TsunaguTest
class JdbcAuthorizationsTests {

	@Autowired
	OAuth2AuthorizationService authorizations;

	@Autowired
	PartnerClients clients;

	@Autowired
	RegisteredClientRepository registered;

	@Autowired
	JdbcClient jdbc;

	@Test
	void whenAnAuthorizationIsSavedAgainThenItsOneRowCarriesTheNewTokens() {
		var client = registered.findByClientId(
				TestClients.confidential(clients, Set.of("openid", "profile")).client().clientId());
		var now = Instant.now();
		var first = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "a-" + UUID.randomUUID(), now,
				now.plusSeconds(600), Set.of("openid"));
		var authorization = OAuth2Authorization.withRegisteredClient(client)
			.principalName("someone")
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.authorizedScopes(Set.of("openid"))
			.attribute("example", "kept")
			.token(first)
			.build();
		authorizations.save(authorization);

		var refresh = new OAuth2RefreshToken("r-" + UUID.randomUUID(), now, now.plusSeconds(3600));
		var second = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "a-" + UUID.randomUUID(), now,
				now.plusSeconds(600), Set.of("openid", "profile"));
		authorizations.save(OAuth2Authorization.from(authorization).token(second).refreshToken(refresh).build());

		assertThat(jdbc.sql("SELECT COUNT(*) FROM oauth2_authorization WHERE id = ?").param(authorization.getId())
			.query(Long.class).single()).isEqualTo(1);
		assertThat(authorizations.findByToken(first.getTokenValue(), OAuth2TokenType.ACCESS_TOKEN)).isNull();
		var stored = authorizations.findByToken(refresh.getTokenValue(), OAuth2TokenType.REFRESH_TOKEN);
		assertThat(stored.getId()).isEqualTo(authorization.getId());
		assertThat(stored.getAccessToken().getToken().getTokenValue()).isEqualTo(second.getTokenValue());
		assertThat(stored.getAccessToken().getToken().getScopes()).containsExactlyInAnyOrder("openid", "profile");
		assertThat(stored.getPrincipalName()).isEqualTo("someone");
		assertThat((String) stored.getAttribute("example")).isEqualTo("kept");
	}
}
