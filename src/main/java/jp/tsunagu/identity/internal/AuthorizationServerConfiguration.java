package jp.tsunagu.identity.internal;

import java.time.Clock;
import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.session.SessionInformation;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.resource.authentication.OpaqueTokenAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.authentication.ClientSecretAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.DelegatingOAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.JwtGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2AccessTokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2RefreshTokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.ExceptionTranslationFilter;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.rememberme.PersistentTokenRepository;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.transaction.support.TransactionTemplate;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import jp.tsunagu.identity.IdentitySettings;

/**
 * Sapporo Smart ID's OpenID Connect provider: Spring Authorization Server with every piece of state
 * (clients, authorizations, consents, keys) in the database, so instances share it, and the parts
 * of OpenID Connect it leaves to the application: prompt and max_age, form_post, errors sent back to
 * the partner, RP-initiated logout with any of our ID tokens, refresh-chain revocation, pairwise
 * subjects, opaque access tokens checked on every use.
 */
@Configuration(proxyBeanMethods = false)
class AuthorizationServerConfiguration {

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	SecurityFilterChain authorizationServerChain(HttpSecurity http, IdentityClaims claims, ClientSecrets secrets,
			AuthorizationResponses responses, RpInitiatedLogout logout, AccessTokens accessTokens,
			RememberedDevices devices, AuthorizationServerSettings endpoints, TransactionTemplate tx, Clock clock)
			throws Exception {
		http.oauth2AuthorizationServer(server -> {
			http.securityMatcher(server.getEndpointsMatcher());
			server.clientAuthentication(clients -> clients.authenticationProviders(providers -> providers.stream()
				.filter(ClientSecretAuthenticationProvider.class::isInstance)
				.forEach(p -> ((ClientSecretAuthenticationProvider) p).setPasswordEncoder(secrets.encoder()))))
				.authorizationEndpoint(endpoint -> endpoint.consentPage("/oauth2/consent")
					.authorizationRequestConverters(converters -> converters.set(0, new SessionStamp(converters.get(0))))
					.authenticationProviders(providers -> providers.stream()
						.filter(OAuth2AuthorizationCodeRequestAuthenticationProvider.class::isInstance)
						.forEach(p -> ((OAuth2AuthorizationCodeRequestAuthenticationProvider) p)
							.setAuthorizationConsentRequired(ConsentPrompt::required)))
					.authorizationResponseHandler(responses)
					.errorResponseHandler(responses))
				.authorizationServerMetadataEndpoint(metadata -> metadata
					.authorizationServerMetadataCustomizer(m -> m.claims(ProviderMetadata::announce)))
				.oidc(oidc -> oidc.userInfoEndpoint(userInfo -> userInfo.userInfoMapper(claims::userInfo))
					.logoutEndpoint(endpoint -> endpoint.authenticationProviders(providers -> {
						providers.clear();
						providers.add(logout.provider());
					}).logoutResponseHandler(logout).errorResponseHandler(logout))
					.providerConfigurationEndpoint(discovery -> discovery
						.providerConfigurationCustomizer(m -> m.claims(ProviderMetadata::announce))));
		})
			.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
			.exceptionHandling(errors -> errors
				.defaultAuthenticationEntryPointFor(new InvalidClient(), clientEndpoints(endpoints))
				.defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"),
						new MediaTypeRequestMatcher(MediaType.TEXT_HTML)))
			// Spring Authorization Server declares userinfo a JWT resource; its tokens are looked up instead
			.oauth2ResourceServer(resource -> resource.bearerTokenResolver(bearerInHeaderOrForm())
				.jwt(jwt -> jwt.authenticationManager(
						new ProviderManager(new OpaqueTokenAuthenticationProvider(accessTokens)))))
			// the same remembered device that signs a person in on the portal signs them in here
			.rememberMe(remember -> remember.rememberMeServices(devices).key(devices.getKey()))
			.headers(headers -> headers.addHeaderWriter(new FormTargets())
				.referrerPolicy(referrer -> referrer.policy(WebSecurityConfiguration.REFERRER_POLICY)))
			.addFilterBefore(logout.withoutHint(endpoints.getOidcLogoutEndpoint()), CsrfFilter.class)
			.addFilterBefore(new TokenRequestTransaction(endpoints.getTokenEndpoint(), tx), CsrfFilter.class)
			.addFilterBefore(new AuthorizationRequestFilter(endpoints.getAuthorizationEndpoint(), responses, clock),
					ExceptionTranslationFilter.class);
		return http.build();
	}

	/** userinfo takes the access token in the header or, as RFC 6750 2.2 allows, in a posted form. */
	private static DefaultBearerTokenResolver bearerInHeaderOrForm() {
		var resolver = new DefaultBearerTokenResolver();
		resolver.setAllowFormEncodedBodyParameter(true);
		return resolver;
	}

	/** Endpoints a partner's back end calls with its credentials: without them, 401 invalid_client. */
	private static OrRequestMatcher clientEndpoints(AuthorizationServerSettings endpoints) {
		var paths = PathPatternRequestMatcher.withDefaults();
		return new OrRequestMatcher(paths.matcher(HttpMethod.POST, endpoints.getTokenEndpoint()),
				paths.matcher(HttpMethod.POST, endpoints.getTokenRevocationEndpoint()),
				paths.matcher(HttpMethod.POST, endpoints.getTokenIntrospectionEndpoint()));
	}

	@Bean
	RegisteredClientRepository registeredClientRepository(JdbcOperations jdbc, Clock clock) {
		return new CachedClients(new JdbcRegisteredClientRepository(jdbc), clock);
	}

	@Bean
	OAuth2AuthorizationService authorizationService(JdbcOperations jdbc, RegisteredClientRepository clients,
			SpentRefreshTokens spent) {
		return new ChainRevokingAuthorizations(new JdbcAuthorizations(jdbc, clients), spent);
	}

	@Bean
	OAuth2AuthorizationConsentService authorizationConsentService(JdbcOperations jdbc,
			RegisteredClientRepository clients) {
		return new JdbcOAuth2AuthorizationConsentService(jdbc, clients);
	}

	/** ID tokens signed with our keys; opaque access tokens; refresh tokens whose replacements are noted. */
	@Bean
	OAuth2TokenGenerator<?> tokenGenerator(SigningKeys keys, IdentityClaims idTokens, AccessTokenClaims accessTokens,
			SpentRefreshTokens spent, Clock clock) {
		var jwt = new JwtGenerator(new NimbusJwtEncoder(keys));
		jwt.setJwtCustomizer(idTokens);
		var access = new OAuth2AccessTokenGenerator();
		access.setAccessTokenCustomizer(accessTokens);
		return new DelegatingOAuth2TokenGenerator(jwt, access,
				ChainRevokingAuthorizations.noting(new OAuth2RefreshTokenGenerator(), spent, clock));
	}

	/**
	 * Spring Authorization Server would keep every browser session in memory to find {@code sid} and
	 * {@code auth_time}; they are carried by the authorization itself instead (see {@link SessionStamp}),
	 * so nothing grows per sign-in and every instance knows them.
	 */
	@Bean
	SessionRegistry oidcSessions() {
		return new NoSessionRegistry();
	}

	@Bean
	RememberedDevices rememberedDevices(AccountUserDetailsService users,
			PersistentTokenRepository devices) {
		return new RememberedDevices(users, devices);
	}

	/** Verifies the signature of a token this provider issued, with any key it publishes. */
	static NimbusJwtDecoder signedBy(SigningKeys keys) {
		var processor = new DefaultJWTProcessor<SecurityContext>();
		processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
		return new NimbusJwtDecoder(processor);
	}

	/** A configured issuer wins; otherwise each request's (forwarded) scheme and host make it. */
	@Bean
	AuthorizationServerSettings authorizationServerSettings(IdentitySettings settings) {
		var builder = AuthorizationServerSettings.builder();
		if (settings.issuer() != null && !settings.issuer().isBlank()) {
			builder.issuer(settings.issuer());
		}
		return builder.build();
	}

	private static final class NoSessionRegistry implements SessionRegistry {

		@Override
		public List<Object> getAllPrincipals() {
			return List.of();
		}

		@Override
		public List<SessionInformation> getAllSessions(Object principal, boolean includeExpiredSessions) {
			return List.of();
		}

		@Override
		public SessionInformation getSessionInformation(String sessionId) {
			return null;
		}

		@Override
		public void refreshLastRequest(String sessionId) {
		}

		@Override
		public void registerNewSession(String sessionId, Object principal) {
		}

		@Override
		public void removeSessionInformation(String sessionId) {
		}
	}
}
