package jp.tsunagu.identity;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import jp.tsunagu.identity.internal.ClientSecrets;

/**
 * Partner services registered with Sapporo Smart ID. Every client uses PKCE and asks consent; the
 * scopes it may request are fixed here, so a partner can never ask for more than it was given.
 */
@Service
public class PartnerClients {

	/** Scopes a partner may be allowed, each explained to the resident on the consent screen. */
	public static final List<String> SCOPES = List.of(OidcScopes.OPENID, OidcScopes.PROFILE, OidcScopes.EMAIL,
			OidcScopes.PHONE, "area", "offline_access", "activity.write");

	private static final SecureRandom RANDOM = new SecureRandom();

	private final RegisteredClientRepository clients;

	private final PasswordEncoder encoder;

	private final JdbcClient jdbc;

	PartnerClients(RegisteredClientRepository clients, ClientSecrets secrets, JdbcClient jdbc) {
		this.clients = clients;
		this.encoder = secrets.encoder();
		this.jdbc = jdbc;
	}

	@Transactional
	public PartnerClient.Registered register(PartnerClient request, TokenLifetimes lifetimes) {
		validate(request);
		String clientId = request.clientId().isBlank() ? "partner-" + UUID.randomUUID() : request.clientId();
		if (clients.findByClientId(clientId) != null) {
			throw new IllegalArgumentException("client id taken");
		}
		String secret = request.confidential() ? newSecret() : null;
		var builder = RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId(clientId)
			.clientName(request.name())
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
			.redirectUris(uris -> uris.addAll(request.redirectUris()))
			.postLogoutRedirectUris(uris -> uris.addAll(request.postLogoutRedirectUris()))
			.scopes(scopes -> scopes.addAll(request.scopes()))
			.clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(true).build())
			.tokenSettings(TokenSettings.builder()
				.authorizationCodeTimeToLive(lifetimes.authorizationCode())
				.accessTokenTimeToLive(lifetimes.accessToken())
				.refreshTokenTimeToLive(lifetimes.refreshToken())
				.reuseRefreshTokens(false)
				.build());
		if (secret != null) {
			builder.clientSecret(encoder.encode(secret))
				.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
				.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST);
			if (request.backEnd()) {
				builder.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS);
			}
		}
		else {
			builder.clientAuthenticationMethod(ClientAuthenticationMethod.NONE);
		}
		clients.save(builder.build());
		return new PartnerClient.Registered(find(clientId).orElseThrow(), secret);
	}

	@Transactional(readOnly = true)
	public Optional<PartnerClient> find(String clientId) {
		return Optional.ofNullable(clients.findByClientId(clientId)).map(PartnerClients::toPartner);
	}

	@Transactional(readOnly = true)
	public List<PartnerClient> all() {
		var ids = jdbc.sql("SELECT client_id FROM oauth2_registered_client ORDER BY client_name")
			.query(String.class)
			.list();
		var result = new ArrayList<PartnerClient>();
		ids.forEach(id -> find(id).ifPresent(result::add));
		return result;
	}

	private static PartnerClient toPartner(RegisteredClient c) {
		boolean confidential = !c.getClientAuthenticationMethods().contains(ClientAuthenticationMethod.NONE);
		return new PartnerClient(c.getClientId(), c.getClientName(), List.copyOf(c.getRedirectUris()),
				List.copyOf(c.getPostLogoutRedirectUris()), Set.copyOf(c.getScopes()), confidential,
				c.getAuthorizationGrantTypes().contains(AuthorizationGrantType.CLIENT_CREDENTIALS));
	}

	private static void validate(PartnerClient request) {
		if (request.name().isBlank() || request.redirectUris().isEmpty()) {
			throw new IllegalArgumentException("name and at least one redirect URI are required");
		}
		if (!SCOPES.containsAll(request.scopes()) || !request.scopes().contains(OidcScopes.OPENID)) {
			throw new IllegalArgumentException("unknown scope");
		}
		for (var uri : request.redirectUris()) {
			var parsed = URI.create(uri);
			// Exact-match redirect URIs only: https, or http on the loopback address (RFC 8252; OAuth 2.1
			// refuses the name "localhost", which DNS could point elsewhere).
			boolean loopback = "http".equals(parsed.getScheme()) && "127.0.0.1".equals(parsed.getHost());
			if (!("https".equals(parsed.getScheme()) || loopback) || parsed.getFragment() != null) {
				throw new IllegalArgumentException("redirect URI must be https (or http on loopback)");
			}
		}
	}

	private static String newSecret() {
		var bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/** How long each token of a client lives. */
	public record TokenLifetimes(Duration authorizationCode, Duration accessToken, Duration refreshToken) {

		public static TokenLifetimes standard() {
			return new TokenLifetimes(Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofDays(30));
		}
	}
}
