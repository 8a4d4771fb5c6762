package jp.tsunagu.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;

import jp.tsunagu.Browser;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.residents.Residents;

/**
 * A token that was revoked, or whose consent was withdrawn, stops working on the next request; a
 * token issued for a resident's sign-in acts only for that resident.
 */
@TsunaguTest
class TokenRevocationTests {

	@LocalServerPort
	int port;

	@Autowired
	Residents residents;

	@Autowired
	PartnerClients clients;

	@Autowired
	PartnerConsents consents;

	@Autowired
	PartnerSubjects subjects;

	@Autowired
	Accounts accounts;

	@Autowired
	OAuth2AuthorizationService authorizations;

	@Autowired
	RegisteredClientRepository registeredClients;

	final HttpClient http = HttpClient.newHttpClient();

	TestResidents.Registered hanako;

	String hanakoSubject;

	@Autowired
	jp.tsunagu.residents.DataSharing sharing;

	@BeforeEach
	void resident() {
		hanako = TestResidents.hanako(residents);
		hanakoSubject = accounts.find(hanako.resident().account()).orElseThrow().subject();
	}

	@Test
	void whenAPartnersAccessTokenIsRevokedThenTheApiRefusesItOnTheNextRequest() throws Exception {
		var client = TestClients.confidential(clients, Set.of("openid", "activity.write"));
		var rp = new TestRelyingParty("http://localhost:" + port, client);
		var token = (BearerAccessToken) rp.token(new ClientCredentialsGrant(), new Scope("activity.write")).toSuccessResponse().getTokens()
			.getAccessToken();
		var resident = subjects.subjectFor(client.client().clientId(), hanakoSubject).orElseThrow();
		sharing.give(hanako.resident().account(), client.client().clientId(),
				jp.tsunagu.residents.SharingPurpose.ACTIVITY_FOR_REWARDS);
		assertThat(record(token.getValue(), resident).statusCode()).isEqualTo(201);

		var revoked = new TokenRevocationRequest(rp.provider.getRevocationEndpointURI(), rp.auth(), token)
			.toHTTPRequest().send();
		assertThat(revoked.getStatusCode()).isEqualTo(200);
		assertThat(record(token.getValue(), resident).statusCode()).isEqualTo(401);
	}

	@Test
	void whenTheResidentWithdrawsConsentThenThePartnersTokenStopsAtOnce() throws Exception {
		var client = TestClients.confidential(clients, Set.of("openid", "profile"));
		var browser = new Browser(port);
		browser.signIn(hanako.login(), hanako.password());
		var rp = new TestRelyingParty(browser.base(), client);
		var attempt = rp.attempt(new Scope("openid", "profile"));
		var code = TestRelyingParty.query(rp.authorize(browser, attempt.request())).get("code").getFirst();
		var token = (BearerAccessToken) rp.exchange(code, attempt.verifier()).toSuccessResponse().getTokens()
			.getAccessToken();
		var userInfo = new UserInfoRequest(rp.provider.getUserInfoEndpointURI(), token);
		assertThat(userInfo.toHTTPRequest().send().getStatusCode()).isEqualTo(200);
		assertThat(record(token.getValue(), "anyone").statusCode())
			.as("the API knows the token before (and keeps what it read of it)").isNotEqualTo(401);

		assertThat(consents.of(hanakoSubject)).as("the account page lists the consent with the partner's name")
			.anySatisfy(c -> {
				assertThat(c.clientId()).isEqualTo(client.client().clientId());
				assertThat(c.clientName()).isEqualTo(client.client().name());
				assertThat(c.scopes()).containsExactlyInAnyOrder("openid", "profile");
			});
		assertThat(consents.withdraw(hanakoSubject, client.client().clientId())).isTrue();
		assertThat(consents.of(hanakoSubject)).noneSatisfy(c -> assertThat(c.clientId()).isEqualTo(client.client().clientId()));
		assertThat(userInfo.toHTTPRequest().send().getStatusCode()).isEqualTo(401);
		var api = record(token.getValue(), "anyone");
		assertThat(api.statusCode()).as("every resource API, not only userinfo").isEqualTo(401);
		assertThat(api.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("invalid_token");
	}

	@Test
	void whenATokenIssuedForOneResidentNamesAnotherThenTheApiRefuses() throws Exception {
		// a token of a resident's sign-in that carries activity.write: one issued before such
		// tokens were refused, or by a mistake; it may still only write for that resident
		var client = TestClients.confidential(clients, Set.of("openid", "activity.write"));
		var registered = registeredClients.findByClientId(client.client().clientId());
		var value = "legacy-" + UUID.randomUUID();
		var now = Instant.now();
		authorizations.save(OAuth2Authorization.withRegisteredClient(registered)
			.principalName(hanakoSubject)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.authorizedScopes(Set.of("openid", "activity.write"))
			.token(new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, value, now, now.plusSeconds(600),
					Set.of("openid", "activity.write")))
			.build());
		var other = TestResidents.hanako(residents);
		var otherSubject = accounts.find(other.resident().account()).orElseThrow().subject();
		var pairwise = (java.util.function.Function<String, String>) s -> subjects
			.subjectFor(client.client().clientId(), s)
			.orElseThrow();

		sharing.give(hanako.resident().account(), client.client().clientId(),
				jp.tsunagu.residents.SharingPurpose.ACTIVITY_FOR_REWARDS);
		var refused = record(value, pairwise.apply(otherSubject));
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(refused.body()).contains("other-resident");
		assertThat(record(value, pairwise.apply(hanakoSubject)).statusCode()).isEqualTo(201);
	}

	@Test
	void whenAPublicClientOrOneWithoutBackEndAsksForAWriteScopeThenRegistrationIsRefused() {
		for (boolean confidential : new boolean[] { false, true }) {
			var request = new PartnerClient("", "書き込み希望", java.util.List.of(TestClients.REDIRECT), java.util.List.of(),
					Set.of("openid", "activity.write"), confidential, false);
			org.assertj.core.api.Assertions.assertThatThrownBy(
					() -> clients.register(request, PartnerClients.TokenLifetimes.standard()))
				.isInstanceOfSatisfying(ClientRegistrationRefused.class,
						refused -> assertThat(refused.reason()).isEqualTo("write-scope"));
		}
	}

	private HttpResponse<String> record(String token, String resident) throws Exception {
		var body = """
				{"resident":"%s","type":"CHECK_IN","occurredAt":"%s","idempotencyKey":"%s"}
				""".formatted(resident, Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.SECONDS), UUID.randomUUID());
		return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/activities"))
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + token)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}
}
