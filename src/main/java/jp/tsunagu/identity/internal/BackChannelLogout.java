package jp.tsunagu.identity.internal;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.stereotype.Component;

import jp.tsunagu.identity.PartnerClients;
import jp.tsunagu.identity.PartnerSubjects;
import jp.tsunagu.identity.SignedOut;

/**
 * When a session ends, the partners it signed in to lose their grants (all of them when every
 * session ended, else those without {@code offline_access}) and, where they registered a
 * back-channel logout URI, receive a logout token (OpenID Connect Back-Channel Logout 1.0). Each
 * delivery is its own persisted event, retried every minute until the partner answers 2xx or a day
 * has passed.
 */
@Component
class BackChannelLogout {

	private static final Logger log = LoggerFactory.getLogger(BackChannelLogout.class);

	private static final String EVENT = "http://schemas.openid.net/event/backchannel-logout";

	/** One logout token still to be delivered. */
	public record Due(String clientId, String uri, String subject, @Nullable String sid, String issuer, Instant at) {
	}

	private final JdbcClient jdbc;

	private final OAuth2AuthorizationService authorizations;

	private final RegisteredClientRepository clients;

	private final PartnerSubjects subjects;

	private final ApplicationEventPublisher events;

	private final NimbusJwtEncoder encoder;

	private final SigningKeys keys;

	private final Clock clock;

	private final IncompleteEventPublications incomplete;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	BackChannelLogout(JdbcClient jdbc, OAuth2AuthorizationService authorizations, RegisteredClientRepository clients,
			PartnerSubjects subjects, ApplicationEventPublisher events, SigningKeys keys, Clock clock,
			IncompleteEventPublications incomplete) {
		this.incomplete = incomplete;
		this.jdbc = jdbc;
		this.authorizations = authorizations;
		this.clients = clients;
		this.subjects = subjects;
		this.events = events;
		this.encoder = new NimbusJwtEncoder(keys);
		this.keys = keys;
		this.clock = clock;
	}

	@ApplicationModuleListener
	void on(SignedOut signedOut) {
		if (!signedOut.everySession() && signedOut.session() == null) {
			return;
		}
		var due = new LinkedHashSet<Due>();
		for (var id : jdbc.sql("SELECT id FROM oauth2_authorization WHERE principal_name = ?")
			.param(signedOut.subject())
			.query(String.class)
			.list()) {
			var authorization = authorizations.findById(id);
			if (authorization == null) {
				continue;
			}
			var sid = sid(authorization);
			if (!signedOut.everySession() && !signedOut.session().equals(sid)) {
				continue;
			}
			if (signedOut.everySession() || !authorization.getAuthorizedScopes().contains("offline_access")) {
				authorizations.remove(authorization);
			}
			var client = clients.findById(authorization.getRegisteredClientId());
			String uri = client == null ? null : client.getClientSettings().getSetting(PartnerClients.BACK_CHANNEL_LOGOUT_URI);
			if (uri != null && authorization.getAccessToken() != null && !signedOut.issuer().isEmpty()) {
				due.add(new Due(client.getClientId(), uri, subjects.subjectFor(client, signedOut.subject()),
						signedOut.everySession() ? null : sid, signedOut.issuer(), signedOut.at()));
			}
		}
		due.forEach(events::publishEvent);
	}

	/**
	 * A partner that did not answer gets the token again a minute later (at least once: on several
	 * instances it may get it twice, which signs nobody out twice).
	 */
	@Scheduled(fixedDelayString = "PT1M", initialDelayString = "PT1M")
	void retry() {
		var minuteAgo = clock.instant().minus(Duration.ofMinutes(1));
		incomplete.resubmitIncompletePublications(
				publication -> publication.getEvent() instanceof Due && publication.getPublicationDate().isBefore(minuteAgo));
	}

	@ApplicationModuleListener
	void on(Due due) throws Exception {
		if (due.at().plus(Duration.ofDays(1)).isBefore(clock.instant())) {
			log.warn("Gave up the back-channel logout of client {} after a day", due.clientId());
			return;
		}
		var body = "logout_token=" + URLEncoder.encode(logoutToken(due), StandardCharsets.UTF_8);
		var response = http.send(HttpRequest.newBuilder(URI.create(due.uri()))
			.timeout(Duration.ofSeconds(10))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.discarding());
		if (response.statusCode() / 100 != 2) {
			throw new IllegalStateException("Back-channel logout of client " + due.clientId() + " answered "
					+ response.statusCode());
		}
	}

	private String logoutToken(Due due) {
		var now = clock.instant();
		var claims = JwtClaimsSet.builder()
			.issuer(due.issuer())
			.audience(List.of(due.clientId()))
			.issuedAt(now)
			.expiresAt(now.plus(Duration.ofMinutes(2)))
			.id(UUID.randomUUID().toString())
			.subject(due.subject())
			.claim("events", Map.of(EVENT, Map.of()));
		if (due.sid() != null) {
			claims.claim("sid", due.sid());
		}
		var header = JwsHeader.with(SignatureAlgorithm.RS256).type("logout+jwt").keyId(keys.signingKid()).build();
		return encoder.encode(JwtEncoderParameters.from(header, claims.build())).getTokenValue();
	}

	private static @Nullable String sid(OAuth2Authorization authorization) {
		OAuth2AuthorizationRequest request = authorization.getAttribute(OAuth2AuthorizationRequest.class.getName());
		return request != null && request.getAdditionalParameters().get(BrowserSessions.SID) instanceof String sid ? sid
				: null;
	}
}
