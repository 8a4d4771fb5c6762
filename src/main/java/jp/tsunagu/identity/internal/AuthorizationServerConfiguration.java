package jp.tsunagu.identity.internal;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.authentication.ClientSecretAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

import java.util.List;

import jp.tsunagu.identity.IdentitySettings;
import jp.tsunagu.identity.PartnerClients;

/**
 * Sapporo Smart ID's OpenID Connect provider: Spring Security's authorization server with every
 * piece of state (clients, authorizations, consents, keys) in the database, so instances share it.
 */
@Configuration(proxyBeanMethods = false)
class AuthorizationServerConfiguration {

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	SecurityFilterChain authorizationServerChain(HttpSecurity http, IdentityClaims claims, ClientSecrets secrets)
			throws Exception {
		http.oauth2AuthorizationServer(server -> {
			http.securityMatcher(server.getEndpointsMatcher());
			server.clientAuthentication(clients -> clients.authenticationProviders(providers -> providers.stream()
				.filter(ClientSecretAuthenticationProvider.class::isInstance)
				.forEach(p -> ((ClientSecretAuthenticationProvider) p).setPasswordEncoder(secrets.encoder()))))
				.authorizationEndpoint(endpoint -> endpoint.consentPage("/oauth2/consent"))
				.oidc(oidc -> oidc.userInfoEndpoint(userInfo -> userInfo.userInfoMapper(claims::userInfo))
					.logoutEndpoint(Customizer.withDefaults())
					.providerConfigurationEndpoint(discovery -> discovery.providerConfigurationCustomizer(
							metadata -> metadata.scopes(scopes -> scopes.addAll(PartnerClients.SCOPES))
								.claim("claims_supported", IdentityClaims.SUPPORTED)
								.claim("ui_locales_supported", List.of("ja", "en")))));
		})
			.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
			.exceptionHandling(errors -> errors.defaultAuthenticationEntryPointFor(
					new LoginUrlAuthenticationEntryPoint("/login"), new MediaTypeRequestMatcher(MediaType.TEXT_HTML)))
			.oauth2ResourceServer(resource -> resource.jwt(Customizer.withDefaults()));
		return http.build();
	}

	@Bean
	RegisteredClientRepository registeredClientRepository(JdbcOperations jdbc) {
		return new JdbcRegisteredClientRepository(jdbc);
	}

	@Bean
	OAuth2AuthorizationService authorizationService(JdbcOperations jdbc, RegisteredClientRepository clients) {
		return new JdbcOAuth2AuthorizationService(jdbc, clients);
	}

	@Bean
	OAuth2AuthorizationConsentService authorizationConsentService(JdbcOperations jdbc,
			RegisteredClientRepository clients) {
		return new JdbcOAuth2AuthorizationConsentService(jdbc, clients);
	}

	@Bean
	JwtDecoder jwtDecoder(SigningKeys keys) {
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
}
