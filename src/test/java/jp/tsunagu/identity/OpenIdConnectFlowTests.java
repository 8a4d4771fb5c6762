package jp.tsunagu.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenIntrospectionResponse;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.LogoutRequest;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;

import jp.tsunagu.Browser;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.residents.Residents;

/**
 * A partner service signs a resident in with Sapporo Smart ID, end to end over HTTP: discovery,
 * code + PKCE, consent, ID token checked against the JWKS, userinfo, refresh with rotation,
 * introspection, revocation and RP-initiated logout.
 */
@TsunaguTest
class OpenIdConnectFlowTests {

	@LocalServerPort
	int port;

	@Autowired
	Residents residents;

	@Autowired
	PartnerClients clients;

	@Autowired
	PartnerSubjects subjects;

	TestResidents.Registered hanako;

	Browser browser;

	Instant signedInFrom;

	@BeforeEach
	void signIn() {
		hanako = TestResidents.hanako(residents);
		browser = new Browser(port);
		signedInFrom = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		assertThat(browser.signIn(hanako.login(), hanako.password())).doesNotContain("error");
	}

	@Test
	void whenPartnerSignsResidentInThenUserinfoCarriesConsentedClaimsOnlyAndTheIdTokenNone() throws Exception {
		var client = TestClients.confidential(clients, Set.of("openid", "profile", "area", "email"));
		var rp = new TestRelyingParty(browser.base(), client);
		var attempt = rp.attempt(new Scope("openid", "profile", "area"));
		Thread.sleep(1000); // auth_time has whole seconds: a second apart, sign-in and request differ
		var attemptedFrom = Instant.now().truncatedTo(ChronoUnit.SECONDS);

		var callback = rp.authorize(browser, attempt.request());
		assertThat(callback.toString()).startsWith(TestClients.REDIRECT);
		var query = TestRelyingParty.query(callback);
		assertThat(query.get("state")).containsExactly(attempt.state().getValue());

		var tokens = (OIDCTokenResponse) rp.exchange(query.get("code").getFirst(), attempt.verifier());
		assertThat(tokens.indicatesSuccess()).isTrue();
		var idToken = tokens.getOIDCTokens().getIDToken();
		var claims = rp.idTokenValidator().validate(idToken, attempt.nonce());

		var account = residents.account(hanako.resident().account()).orElseThrow();
		assertThat(claims.getSubject().getValue()).as("pairwise: this partner's own identifier")
			.isNotEqualTo(account.subject())
			.doesNotContain("hanako")
			.isEqualTo(subjects.subjectFor(client.client().clientId(), account.subject()).orElseThrow());
		assertThat(claims.getAuthenticationTime().toInstant()).as("auth_time: when she signed in, not when the partner asked")
			.isAfterOrEqualTo(signedInFrom).isBefore(attemptedFrom);
		assertThat(claims.getStringClaim("sid")).isNotBlank();
		assertThat(claims.toJWTClaimsSet().getClaims()).as("no personal data in the ID token (userinfo gives it)")
			.doesNotContainKeys("name", "name_kana", "birthdate", "area", "locale", "email");

		var userInfo = UserInfoResponse.parse(new UserInfoRequest(rp.provider.getUserInfoEndpointURI(),
				(BearerAccessToken) tokens.getOIDCTokens().getAccessToken()).toHTTPRequest().send());
		assertThat(userInfo.indicatesSuccess()).isTrue();
		var info = userInfo.toSuccessResponse().getUserInfo();
		assertThat(info.getSubject()).isEqualTo(claims.getSubject());
		assertThat(info.getStringClaim("name")).isEqualTo("札幌 花子");
		assertThat(info.getStringClaim("name_kana")).isEqualTo("サッポロ ハナコ");
		assertThat(info.getStringClaim("birthdate")).isEqualTo("1948-11-03");
		assertThat(info.getStringClaim("area")).isEqualTo("momijidai");
		assertThat(info.getStringClaim("locale")).isEqualTo("ja");
		assertThat(info.getClaim("email")).as("email scope was not requested").isNull();
	}

	@Test
	void whenRefreshTokenUsedThenItRotatesAndReusingTheOldOneRevokesTheChain() throws Exception {
		var client = TestClients.confidential(clients, Set.of("openid", "profile"));
		var rp = new TestRelyingParty(browser.base(), client);
		var attempt = rp.attempt(new Scope("openid", "profile"));
		var code = TestRelyingParty.query(rp.authorize(browser, attempt.request())).get("code").getFirst();
		var first = rp.exchange(code, attempt.verifier()).toSuccessResponse().getTokens();
		assertThat(first.getRefreshToken()).isNotNull();

		var refreshed = rp.token(new RefreshTokenGrant(first.getRefreshToken()));
		assertThat(refreshed.indicatesSuccess()).isTrue();
		var second = refreshed.toSuccessResponse().getTokens();
		assertThat(second.getRefreshToken()).isNotEqualTo(first.getRefreshToken());
		assertThat(second.getAccessToken()).isNotEqualTo(first.getAccessToken());

		var reused = rp.token(new RefreshTokenGrant(first.getRefreshToken()));
		assertThat(TestRelyingParty.error(reused)).isEqualTo("invalid_grant");
		// RFC 9700 4.14.2: a spent token presented again means the chain leaked; all of it is revoked
		assertThat(TestRelyingParty.error(rp.token(new RefreshTokenGrant(second.getRefreshToken()))))
			.as("the newest refresh token of the chain").isEqualTo("invalid_grant");
		var userInfo = new UserInfoRequest(rp.provider.getUserInfoEndpointURI(), (BearerAccessToken) second.getAccessToken());
		assertThat(userInfo.toHTTPRequest().send().getStatusCode()).as("the newest access token of the chain").isEqualTo(401);
	}

	@Test
	void whenTokenRevokedThenIntrospectionSaysInactive() throws Exception {
		var client = TestClients.confidential(clients, Set.of("openid", "profile"));
		var rp = new TestRelyingParty(browser.base(), client);
		var attempt = rp.attempt(new Scope("openid", "profile"));
		var code = TestRelyingParty.query(rp.authorize(browser, attempt.request())).get("code").getFirst();
		var access = rp.exchange(code, attempt.verifier()).toSuccessResponse().getTokens().getAccessToken();

		var before = TokenIntrospectionResponse.parse(new TokenIntrospectionRequest(
				rp.provider.getIntrospectionEndpointURI(), rp.auth, access).toHTTPRequest().send());
		assertThat(before.toSuccessResponse().isActive()).isTrue();
		assertThat(before.toSuccessResponse().getClientID()).isEqualTo(rp.clientId);

		var revoked = new TokenRevocationRequest(rp.provider.getRevocationEndpointURI(), rp.auth, access)
			.toHTTPRequest().send();
		assertThat(revoked.getStatusCode()).isEqualTo(200);

		var after = TokenIntrospectionResponse.parse(new TokenIntrospectionRequest(
				rp.provider.getIntrospectionEndpointURI(), rp.auth, access).toHTTPRequest().send());
		assertThat(after.toSuccessResponse().isActive()).isFalse();
	}

	@Test
	void whenPartnerLogsResidentOutThenSessionEndsAndBrowserReturnsToPartner() throws Exception {
		var client = TestClients.confidential(clients, Set.of("openid", "profile"));
		var rp = new TestRelyingParty(browser.base(), client);
		var attempt = rp.attempt(new Scope("openid", "profile"));
		var code = TestRelyingParty.query(rp.authorize(browser, attempt.request())).get("code").getFirst();
		var idToken = ((OIDCTokenResponse) rp.exchange(code, attempt.verifier())).getOIDCTokens().getIDToken();
		assertThat(browser.get("/account").statusCode()).isEqualTo(200);

		var state = new com.nimbusds.oauth2.sdk.id.State();
		var logout = new LogoutRequest(rp.provider.getEndSessionEndpointURI(), idToken,
				URI.create(TestClients.AFTER_LOGOUT), state).toURI();
		var response = browser.get(logout.toString());
		assertThat(response.statusCode()).isEqualTo(302);
		var back = URI.create(response.headers().firstValue("Location").orElseThrow());
		assertThat(back.toString()).startsWith(TestClients.AFTER_LOGOUT);
		assertThat(TestRelyingParty.query(back).get("state")).containsExactly(state.getValue());

		var account = browser.get("/account");
		assertThat(account.statusCode()).isEqualTo(302);
		assertThat(account.headers().firstValue("Location").orElseThrow()).endsWith("/login");
	}

	@Test
	void whenPartnerBackEndUsesClientCredentialsThenItGetsAnAccessTokenButNoIdToken() throws Exception {
		var client = TestClients.confidential(clients, Set.of("openid", "profile"));
		var rp = new TestRelyingParty(browser.base(), client);
		var response = rp.token(new com.nimbusds.oauth2.sdk.ClientCredentialsGrant());
		assertThat(response.indicatesSuccess()).isTrue();
		var access = response.toSuccessResponse().getTokens().getAccessToken();
		var introspected = TokenIntrospectionResponse.parse(new TokenIntrospectionRequest(
				rp.provider.getIntrospectionEndpointURI(), rp.auth, access).toHTTPRequest().send());
		assertThat(introspected.toSuccessResponse().isActive()).isTrue();
		assertThat(response.toSuccessResponse().toJSONObject()).doesNotContainKey("id_token");
	}

	@Test
	void whenPublicClientUsesPkceThenItSignsInWithoutSecret() throws Exception {
		var client = TestClients.publicClient(clients);
		assertThat(client.secret()).isNull();
		var rp = new TestRelyingParty(browser.base(), client);
		var attempt = rp.attempt(new Scope("openid", "profile"));
		var code = TestRelyingParty.query(rp.authorize(browser, attempt.request())).get("code").getFirst();
		var tokens = (OIDCTokenResponse) rp.exchange(code, attempt.verifier());
		var account = residents.account(hanako.resident().account()).orElseThrow();
		assertThat(rp.idTokenValidator().validate(tokens.getOIDCTokens().getIDToken(), attempt.nonce()).getSubject().getValue())
			.isEqualTo(subjects.subjectFor(client.client().clientId(), account.subject()).orElseThrow());
		assertThat(tokens.getOIDCTokens().getRefreshToken()).as("a public client cannot keep one").isNull();
		var info = UserInfoResponse.parse(new UserInfoRequest(rp.provider.getUserInfoEndpointURI(),
				tokens.getOIDCTokens().getBearerAccessToken()).toHTTPRequest().send());
		assertThat(info.toSuccessResponse().getUserInfo().getStringClaim("name")).isEqualTo("札幌 花子");
	}
}
