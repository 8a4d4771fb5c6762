package jp.tsunagu.identity.internal;

import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import java.util.HashSet;
import java.util.Map;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.ExceptionMappingAuthenticationFailureHandler;
import org.springframework.security.web.authentication.rememberme.JdbcTokenRepositoryImpl;
import org.springframework.security.web.authentication.rememberme.PersistentTokenRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.webauthn.management.JdbcPublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.JdbcUserCredentialRepository;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;

import jp.tsunagu.identity.IdentitySettings;
import jp.tsunagu.identity.Role;
import jp.tsunagu.platform.EdgeAnswers;

/**
 * Everything that is not the OpenID Connect protocol: pages and APIs. Deny by default: a path is
 * public only if it is listed here as public by design; each staff and admin area names its roles.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class WebSecurityConfiguration {

	/** No page tells another site where a person came from beyond Tsunagu's origin. */
	static final ReferrerPolicyHeaderWriter.ReferrerPolicy REFERRER_POLICY =
			ReferrerPolicyHeaderWriter.ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN;

	/**
	 * APIs for partner back ends: bearer tokens from Sapporo Smart ID, no session, no cookies, each
	 * path names the scope it needs. Errors are problem details.
	 */
	@Bean
	@Order(5)
	SecurityFilterChain apiChain(HttpSecurity http, AccessTokens accessTokens, EdgeAnswers edge) throws Exception {
		http.securityMatcher("/api/**")
			.authorizeHttpRequests(requests -> requests
				.requestMatchers(org.springframework.http.HttpMethod.POST, "/api/v1/activities", "/api/activities")
				.hasAuthority("SCOPE_activity.write")
				.anyRequest().denyAll());
		return bearerTokens(http, accessTokens, edge,
				org.springframework.security.config.http.SessionCreationPolicy.STATELESS).build();
	}

	/**
	 * What every chain of bearer-token APIs shares: tokens checked by {@link AccessTokens}, refusals
	 * through {@link EdgeAnswers} (so each API's own dialect), no cookies asked for, no CSRF tokens
	 * (no browser form can carry a bearer token), no request saved for after a sign-in.
	 */
	private static HttpSecurity bearerTokens(HttpSecurity http, AccessTokens accessTokens, EdgeAnswers edge,
			org.springframework.security.config.http.SessionCreationPolicy sessions) throws Exception {
		var unauthenticated = unauthenticated(edge);
		var denied = denied(edge);
		return http.oauth2ResourceServer(resource -> resource.opaqueToken(opaque -> opaque.introspector(accessTokens))
				.authenticationEntryPoint(unauthenticated)
				.accessDeniedHandler(denied))
			.exceptionHandling(errors -> errors.authenticationEntryPoint(unauthenticated).accessDeniedHandler(denied))
			.sessionManagement(session -> session.sessionCreationPolicy(sessions))
			.headers(headers -> headers.referrerPolicy(referrer -> referrer.policy(REFERRER_POLICY)))
			.requestCache(cache -> cache.disable())
			.csrf(csrf -> csrf.disable());
	}

	/** RFC 6750's WWW-Authenticate as Spring Security writes it, and the edge's answer as body. */
	private static AuthenticationEntryPoint unauthenticated(EdgeAnswers edge) {
		var bearer = new BearerTokenAuthenticationEntryPoint();
		return (request, response, refused) -> {
			bearer.commence(request, response, refused);
			edge.answer(request, response, HttpStatus.UNAUTHORIZED, "unauthenticated");
		};
	}

	private static AccessDeniedHandler denied(EdgeAnswers edge) {
		var bearerDenied = new BearerTokenAccessDeniedHandler();
		return (request, response, refused) -> {
			bearerDenied.handle(request, response, refused);
			edge.answer(request, response, HttpStatus.FORBIDDEN, "insufficient-scope");
		};
	}

	/**
	 * HL7 FHIR on {@code /fhir}: the CapabilityStatement is public (FHIR's {@code metadata}); measuring
	 * stations write with a {@code vitals.write} token; partners read with a {@code vitals.read}
	 * token, and a signed-in resident reads their own with the session of the portal (reads only, so
	 * no form can be forged against it). The vitals module decides whose data a caller may read.
	 */
	@Bean
	@Order(6)
	SecurityFilterChain fhirChain(HttpSecurity http, AccessTokens accessTokens, EdgeAnswers edge) throws Exception {
		var get = org.springframework.http.HttpMethod.GET;
		http.securityMatcher("/fhir", "/fhir/**")
			.authorizeHttpRequests(requests -> requests
				.requestMatchers(get, "/fhir/metadata").permitAll()
				.requestMatchers(org.springframework.http.HttpMethod.POST, "/fhir", "/fhir/Observation")
				.hasAuthority("SCOPE_vitals.write")
				.requestMatchers(get, "/fhir/**").access((authentication, context) -> {
					var who = authentication.get();
					boolean bearerToken = who instanceof org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthentication;
					boolean allowed = bearerToken
							? who.getAuthorities().stream().anyMatch(a -> "SCOPE_vitals.read".equals(a.getAuthority()))
							: who != null && who.isAuthenticated()
									&& !(who instanceof org.springframework.security.authentication.AnonymousAuthenticationToken);
					return new org.springframework.security.authorization.AuthorizationDecision(allowed);
				})
				.anyRequest().denyAll());
		return bearerTokens(http, accessTokens, edge,
				org.springframework.security.config.http.SessionCreationPolicy.NEVER).build();
	}

	/**
	 * The data hub's NGSI-LD API on {@code /ngsi-ld/**}: partners read with a {@code hub.read} token and
	 * write with {@code hub.write} (which also reads); bearer tokens only, no session. One context the
	 * hub hosts ({@code GET /ngsi-ld/v1/jsonldContexts/{id}}) anyone may read.
	 */
	@Bean
	@Order(7)
	SecurityFilterChain hubChain(HttpSecurity http, AccessTokens accessTokens, EdgeAnswers edge) throws Exception {
		http.securityMatcher("/ngsi-ld/**")
			.authorizeHttpRequests(requests -> requests
				// a JSON-LD context the hub hosts is public by design: what an @context URL is for
				.requestMatchers(org.springframework.http.HttpMethod.GET, "/ngsi-ld/v1/jsonldContexts/*")
				.permitAll()
				.requestMatchers(org.springframework.http.HttpMethod.GET, "/ngsi-ld/**")
				.hasAnyAuthority("SCOPE_hub.read", "SCOPE_hub.write")
				.requestMatchers(org.springframework.http.HttpMethod.HEAD, "/ngsi-ld/**")
				.hasAnyAuthority("SCOPE_hub.read", "SCOPE_hub.write")
				// a query written in a body is a read
				.requestMatchers(org.springframework.http.HttpMethod.POST, "/ngsi-ld/v1/entityOperations/query",
						"/ngsi-ld/v1/temporal/entityOperations/query")
				.hasAnyAuthority("SCOPE_hub.read", "SCOPE_hub.write")
				.anyRequest().hasAuthority("SCOPE_hub.write"));
		return bearerTokens(http, accessTokens, edge,
				org.springframework.security.config.http.SessionCreationPolicy.STATELESS).build();
	}

	@Bean
	@Order(10)
	SecurityFilterChain webChain(HttpSecurity http, IdentitySettings settings, RememberedDevices devices,
			SignOut signOut) throws Exception {
		var failures = new ExceptionMappingAuthenticationFailureHandler();
		failures.setDefaultFailureUrl("/login?error");
		failures.setExceptionMappings(Map.of(LockedException.class.getName(), "/login?locked"));
		AuthenticationFailureHandler failure = (request, response, exception) -> {
			if (exception instanceof TooManySignInFailures) {
				// 429 with the sign-in page saying to wait, not a redirect that hides why
				response.setStatus(429);
				response.setHeader("Retry-After", String.valueOf(settings.throttle().perSourceWindow().toSeconds()));
				request.getRequestDispatcher("/login/busy").forward(request, response);
				return;
			}
			failures.onAuthenticationFailure(request, response, exception);
		};
		http.authorizeHttpRequests(requests -> requests
			.requestMatchers("/login", "/login/**", "/register", "/first-login", "/css/**", "/js/**", "/images/**",
					"/favicon.ico", "/error", "/actuator/health", "/actuator/health/**", "/actuator/info",
					"/webauthn/authenticate/options", AuthorizationResponses.FORM_POST_PAGE,
					AuthorizationResponses.ERROR_PAGE, RpInitiatedLogout.CONFIRM_PAGE, RpInitiatedLogout.PROBLEM_PAGE,
					// the partner APIs' description and its Swagger UI page: public by design, like discovery
					"/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**")
			.permitAll()
			.requestMatchers("/staff/**").hasAnyRole(Role.STAFF.name(), Role.ADMIN.name())
			.requestMatchers("/shop/**").hasAnyRole(Role.SHOP.name(), Role.ADMIN.name())
			.requestMatchers("/admin/**", "/actuator/**").hasRole(Role.ADMIN.name())
			.anyRequest().authenticated())
			.formLogin(form -> form.loginPage("/login").failureHandler(failure).permitAll())
			.webAuthn(passkeys -> passkeys.rpName("Sapporo Smart ID")
				.rpId(settings.webauthn().rpId())
				.allowedOrigins(new HashSet<>(settings.webauthn().allowedOrigins()))
				.disableDefaultRegistrationPage(true))
			// A lent tablet stays signed in (RememberedDevices); every way of signing out forgets it.
			.rememberMe(remember -> remember.rememberMeServices(devices).key(devices.getKey()))
			.logout(logout -> logout.addLogoutHandler(signOut).logoutSuccessUrl("/login?logout"))
			.headers(headers -> headers.addHeaderWriter(new FormTargets())
				.referrerPolicy(referrer -> referrer.policy(REFERRER_POLICY)))
			.httpBasic(basic -> basic.disable())
			.csrf(Customizer.withDefaults());
		return http.build();
	}

	@Bean
	PersistentTokenRepository rememberedDeviceTokens(javax.sql.DataSource dataSource) {
		var repository = new JdbcTokenRepositoryImpl();
		repository.setDataSource(dataSource);
		return repository;
	}

	@Bean
	PublicKeyCredentialUserEntityRepository passkeyUsers(JdbcOperations jdbc) {
		return new JdbcPublicKeyCredentialUserEntityRepository(jdbc);
	}

	@Bean
	UserCredentialRepository passkeyCredentials(JdbcOperations jdbc) {
		return new JdbcUserCredentialRepository(jdbc);
	}
}
