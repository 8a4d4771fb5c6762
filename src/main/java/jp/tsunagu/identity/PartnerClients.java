package jp.tsunagu.identity;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import jp.tsunagu.identity.internal.ClientSecrets;
import jp.tsunagu.identity.internal.RegisteredClientRows;

/**
 * Partner services registered with Sapporo Smart ID. Every client uses PKCE and asks consent; the
 * scopes it may request are fixed here, so a partner can never ask for more than it was given.
 */
@Service
public class PartnerClients {

	/** Scopes a partner may be allowed, each explained to the resident on the consent screen. */
	public static final List<String> SCOPES = List.of(OidcScopes.OPENID, OidcScopes.PROFILE, OidcScopes.EMAIL,
			OidcScopes.PHONE, "area", "offline_access", "activity.write", "vitals.read", "hub.read", "hub.write");

	/**
	 * Scopes that let a partner's back end write about any resident. Only a confidential back end gets
	 * them, and only through client credentials: a resident's sign-in never grants them.
	 */
	public static final Set<String> PARTNER_WRITE_SCOPES = Set.of("activity.write", "vitals.write", "hub.write");

	/** Scopes of machines (a measuring station): client credentials only, never a person's sign-in. */
	public static final Set<String> MACHINE_SCOPES = Set.of("vitals.write");

	/** Client settings Tsunagu adds to Spring Authorization Server's. */
	public static final String SUBJECT_TYPE = "tsunagu.subject-type";

	public static final String SECTOR = "tsunagu.sector";

	public static final String BACK_CHANNEL_LOGOUT_URI = "tsunagu.backchannel-logout-uri";

	private static final SecureRandom RANDOM = new SecureRandom();

	private final RegisteredClientRepository clients;

	private final PasswordEncoder encoder;

	private final RegisteredClientRows rows;

	PartnerClients(RegisteredClientRepository clients, ClientSecrets secrets, RegisteredClientRows rows) {
		this.clients = clients;
		this.encoder = secrets.encoder();
		this.rows = rows;
	}

	@Transactional
	public PartnerClient.Registered register(PartnerClient request, TokenLifetimes lifetimes) {
		String sector = validate(request);
		String clientId = request.clientId().isBlank() ? "partner-" + UUID.randomUUID() : request.clientId();
		if (clients.findByClientId(clientId) != null) {
			throw new ClientRegistrationRefused("client-id-taken");
		}
		var settings = ClientSettings.builder()
			.requireProofKey(!request.confidential() || request.requireProofKey())
			.requireAuthorizationConsent(true)
			.setting(SUBJECT_TYPE, request.subjectType().value());
		if (request.subjectType() == SubjectType.PAIRWISE) {
			settings.setting(SECTOR, sector);
		}
		if (request.backChannelLogoutUri() != null) {
			settings.setting(BACK_CHANNEL_LOGOUT_URI, request.backChannelLogoutUri());
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
			.clientSettings(settings.build())
			.tokenSettings(TokenSettings.builder()
				// Opaque access tokens: checked against the database on every use, so revocation and
				// withdrawn consent take effect at once, and a partner cannot read anything from them.
				.accessTokenFormat(OAuth2TokenFormat.REFERENCE)
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

	/**
	 * Registers a machine that calls Tsunagu on its own, such as a measuring station at an exchange
	 * area: client credentials with a secret, the given machine scopes, no sign-in, no redirects.
	 * Returns the client and its secret, shown once.
	 */
	@Transactional
	public PartnerClient.Registered registerMachine(String clientIdPrefix, String name, Set<String> scopes) {
		if (name.isBlank() || name.length() > 200 || scopes.isEmpty() || !MACHINE_SCOPES.containsAll(scopes)
				|| !clientIdPrefix.matches("[a-z][a-z0-9-]{0,40}")) {
			throw new ClientRegistrationRefused("machine");
		}
		String clientId = clientIdPrefix + "-" + UUID.randomUUID();
		String secret = newSecret();
		clients.save(RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId(clientId)
			.clientName(name)
			.clientSecret(encoder.encode(secret))
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.scopes(s -> s.addAll(scopes))
			.clientSettings(ClientSettings.builder().requireAuthorizationConsent(false)
				.setting(SUBJECT_TYPE, SubjectType.PUBLIC.value()).build())
			.tokenSettings(TokenSettings.builder()
				.accessTokenFormat(OAuth2TokenFormat.REFERENCE)
				.accessTokenTimeToLive(TokenLifetimes.standard().accessToken())
				.build())
			.build());
		return new PartnerClient.Registered(find(clientId).orElseThrow(), secret);
	}

	@Transactional(readOnly = true)
	public Optional<PartnerClient> find(String clientId) {
		if (clientId.isBlank()) {
			return Optional.empty();
		}
		return Optional.ofNullable(clients.findByClientId(clientId)).map(PartnerClients::toPartner);
	}

	@Transactional(readOnly = true)
	public List<PartnerClient> all() {
		return rows.all().stream().map(PartnerClients::toPartner).toList();
	}

	/** The partners' names by client id, for lists: one query however many. */
	@Transactional(readOnly = true)
	public java.util.Map<String, String> names(java.util.Collection<String> clientIds) {
		return rows.names(clientIds);
	}

	/** Which subjects a registered client gets: clients registered before pairwise existed keep public ones. */
	public static SubjectType subjectType(RegisteredClient client) {
		Object type = client.getClientSettings().getSetting(SUBJECT_TYPE);
		return SubjectType.PAIRWISE.value().equals(type) ? SubjectType.PAIRWISE : SubjectType.PUBLIC;
	}

	private static PartnerClient toPartner(RegisteredClient c) {
		boolean confidential = !c.getClientAuthenticationMethods().contains(ClientAuthenticationMethod.NONE);
		return new PartnerClient(c.getClientId(), c.getClientName(), List.copyOf(c.getRedirectUris()),
				List.copyOf(c.getPostLogoutRedirectUris()), Set.copyOf(c.getScopes()), confidential,
				c.getAuthorizationGrantTypes().contains(AuthorizationGrantType.CLIENT_CREDENTIALS),
				c.getClientSettings().isRequireProofKey(), subjectType(c), c.getClientSettings().getSetting(SECTOR),
				c.getClientSettings().getSetting(BACK_CHANNEL_LOGOUT_URI));
	}

	/** Checks a registration and returns its sector (the host its pairwise subjects belong to). */
	private static String validate(PartnerClient request) {
		if (request.name().isBlank() || request.name().length() > 200 || request.redirectUris().isEmpty()
				|| request.clientId().length() > 100) {
			throw new ClientRegistrationRefused("name-or-redirect");
		}
		// the authorization server keeps each list as one comma-separated column of 1000 characters
		if (String.join(",", request.redirectUris()).length() > 1000) {
			throw new ClientRegistrationRefused("redirect");
		}
		if (String.join(",", request.postLogoutRedirectUris()).length() > 1000) {
			throw new ClientRegistrationRefused("logout-redirect");
		}
		if (!SCOPES.containsAll(request.scopes()) || !request.scopes().contains(OidcScopes.OPENID)) {
			throw new ClientRegistrationRefused("scope");
		}
		if (!(request.confidential() && request.backEnd())
				&& request.scopes().stream().anyMatch(PARTNER_WRITE_SCOPES::contains)) {
			throw new ClientRegistrationRefused("write-scope");
		}
		if (request.backEnd() && !request.confidential()) {
			throw new ClientRegistrationRefused("back-end-public");
		}
		var hosts = new java.util.TreeSet<String>();
		for (var uri : request.redirectUris()) {
			hosts.add(clientUri(uri, "redirect").getHost());
		}
		request.postLogoutRedirectUris().forEach(uri -> clientUri(uri, "logout-redirect"));
		if (request.backChannelLogoutUri() != null) {
			clientUri(request.backChannelLogoutUri(), "back-channel-logout");
		}
		var sector = request.sector() == null ? "" : request.sector().strip().toLowerCase(java.util.Locale.ROOT);
		if (sector.isEmpty()) {
			if (hosts.size() > 1 && request.subjectType() == SubjectType.PAIRWISE) {
				// OpenID Connect Core 8.1: redirect URIs on several hosts need a sector named for them.
				throw new ClientRegistrationRefused("sector-needed");
			}
			return hosts.first();
		}
		if (!sector.matches("[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?")) {
			throw new ClientRegistrationRefused("sector");
		}
		return sector;
	}

	/**
	 * Exact-match URIs of a client: https, or http on the loopback address (RFC 8252; OAuth 2.1 refuses
	 * the name "localhost", which DNS could point elsewhere); never a fragment.
	 */
	private static URI clientUri(String uri, String what) {
		try {
			var parsed = new URI(uri);
			boolean loopback = "http".equals(parsed.getScheme()) && "127.0.0.1".equals(parsed.getHost());
			if (uri.length() > 500 || parsed.getHost() == null || parsed.getFragment() != null
					|| !("https".equals(parsed.getScheme()) || loopback)) {
				throw new ClientRegistrationRefused(what);
			}
			return parsed;
		}
		catch (java.net.URISyntaxException ex) {
			throw new ClientRegistrationRefused(what);
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
