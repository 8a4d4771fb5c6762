package jp.tsunagu.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Base64;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;

import jp.tsunagu.Browser;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.residents.Residents;

/** Everything a careless or hostile client might try is refused, as OAuth 2.0 and OIDC require. */
@TsunaguTest
class OpenIdConnectRefusalTests {

	@LocalServerPort
	int port;

	@Autowired
	Residents residents;

	@Autowired
	PartnerClients clients;

	Browser browser;

	@BeforeEach
	void signIn() {
		var hanako = TestResidents.hanako(residents);
		browser = new Browser(port);
		browser.signIn(hanako.login(), hanako.password());
	}

	@Test
	void whenRedirectUriIsNotRegisteredThenNothingIsSentThere() {
		var client = TestClients.confidential(clients, Set.of("openid", "profile"));
		var rp = new TestRelyingParty(browser.base(), client);
		var request = new AuthenticationRequest.Builder(ResponseType.CODE, new Scope("openid"), rp.clientId,
				URI.create("http://127.0.0.1:6666/evil")).state(new State())
			.codeChallenge(new CodeVerifier(), com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod.S256)
			.endpointURI(rp.provider.getAuthorizationEndpointURI())
			.build();
		var response = browser.get(request.toURI().toString());
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Location")).isEmpty();
	}

	@Test
	void whenClientIsUnknownThenTheRequestIsRefusedWithoutRedirect() {
		var client = TestClients.confidential(clients, Set.of("openid"));
		var rp = new TestRelyingParty(browser.base(), client);
		var request = new AuthenticationRequest.Builder(ResponseType.CODE, new Scope("openid"),
				new ClientID("no-such-client"), rp.redirect).state(new State())
			.codeChallenge(new CodeVerifier(), com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod.S256)
			.endpointURI(rp.provider.getAuthorizationEndpointURI())
			.build();
		var response = browser.get(request.toURI().toString());
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Location")).isEmpty();
	}

	@Test
	void whenPkceChallengeIsMissingThenAuthorizationFails() {
		var client = TestClients.publicClient(clients);
		var rp = new TestRelyingParty(browser.base(), client);
		var request = new AuthenticationRequest.Builder(ResponseType.CODE, new Scope("openid"), rp.clientId,
				rp.redirect).state(new State()).nonce(new Nonce())
			.endpointURI(rp.provider.getAuthorizationEndpointURI())
			.build();
		var callback = rp.authorize(browser, request.toURI());
		var query = TestRelyingParty.query(callback);
		assertThat(query).doesNotContainKey("code");
		assertThat(query.get("error")).containsExactly("invalid_request");
	}

	@Test
	void whenPkceVerifierIsWrongThenTheCodeIsNotExchanged() {
		var client = TestClients.confidential(clients, Set.of("openid"));
		var rp = new TestRelyingParty(browser.base(), client);
		var attempt = rp.attempt(new Scope("openid"));
		var code = TestRelyingParty.query(rp.authorize(browser, attempt.request())).get("code").getFirst();
		assertThat(TestRelyingParty.error(rp.exchange(code, new CodeVerifier()))).isEqualTo("invalid_grant");
	}

	@Test
	void whenCodeIsUsedTwiceThenTheSecondExchangeFails() {
		var client = TestClients.confidential(clients, Set.of("openid"));
		var rp = new TestRelyingParty(browser.base(), client);
		var attempt = rp.attempt(new Scope("openid"));
		var code = TestRelyingParty.query(rp.authorize(browser, attempt.request())).get("code").getFirst();
		assertThat(rp.exchange(code, attempt.verifier()).indicatesSuccess()).isTrue();
		assertThat(TestRelyingParty.error(rp.exchange(code, attempt.verifier()))).isEqualTo("invalid_grant");
	}

	@Test
	void whenCodeHasExpiredThenItIsNotExchanged() throws InterruptedException {
		var client = TestClients.confidential(clients, Set.of("openid"), TestClients.codeLivingOneSecond());
		var rp = new TestRelyingParty(browser.base(), client);
		var attempt = rp.attempt(new Scope("openid"));
		var code = TestRelyingParty.query(rp.authorize(browser, attempt.request())).get("code").getFirst();
		Thread.sleep(2_100);
		assertThat(TestRelyingParty.error(rp.exchange(code, attempt.verifier()))).isEqualTo("invalid_grant");
	}

	@Test
	void whenScopeIsNotAllowedForClientThenAuthorizationFails() {
		var client = TestClients.confidential(clients, Set.of("openid", "profile"));
		var rp = new TestRelyingParty(browser.base(), client);
		var attempt = rp.attempt(new Scope("openid", "profile", "phone"));
		var query = TestRelyingParty.query(rp.authorize(browser, attempt.request()));
		assertThat(query).doesNotContainKey("code");
		assertThat(query.get("error")).containsExactly("invalid_scope");
	}

	@Test
	void whenIdTokenIsTamperedThenValidationFails() throws Exception {
		var client = TestClients.confidential(clients, Set.of("openid", "profile"));
		var rp = new TestRelyingParty(browser.base(), client);
		var attempt = rp.attempt(new Scope("openid", "profile"));
		var code = TestRelyingParty.query(rp.authorize(browser, attempt.request())).get("code").getFirst();
		var idToken = ((OIDCTokenResponse) rp.exchange(code, attempt.verifier())).getOIDCTokens().getIDToken();
		var validator = rp.idTokenValidator();
		assertThat(validator.validate(idToken, attempt.nonce())).isNotNull();

		// Same signature, different payload: somebody else's subject.
		var parts = idToken.serialize().split("\\.");
		var claims = JWTClaimsSet.parse(idToken.getJWTClaimsSet().toJSONObject());
		var forged = new JWTClaimsSet.Builder(claims).subject("somebody-else").build();
		var payload = Base64.getUrlEncoder().withoutPadding().encodeToString(forged.toString().getBytes());
		var tampered = SignedJWT.parse(parts[0] + "." + payload + "." + parts[2]);
		assertThatThrownBy(() -> validator.validate(tampered, attempt.nonce())).isInstanceOf(BadJOSEException.class);

		// Right claims, signed with a key the provider never published.
		var stranger = new RSAKeyGenerator(2048).keyID(TestRelyingParty.kid(idToken)).generate();
		var resigned = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(stranger.getKeyID()).build(), claims);
		resigned.sign(new RSASSASigner(stranger));
		assertThatThrownBy(() -> validator.validate(resigned, attempt.nonce())).isInstanceOf(BadJOSEException.class);
	}

	@Test
	void whenTooManyWrongPasswordsThenEvenTheRightOneIsRefusedForAWhile() {
		var kazuo = TestResidents.hanako(residents);
		var guesser = new Browser(port);
		for (int i = 0; i < 5; i++) {
			assertThat(guesser.signIn(kazuo.login(), "wrong password " + i)).endsWith("/login?error");
		}
		assertThat(guesser.signIn(kazuo.login(), kazuo.password())).endsWith("/login?locked");
		assertThat(new Browser(port).signIn(kazuo.login(), kazuo.password())).endsWith("/login?locked");
	}

	@Test
	void whenClientSecretIsWrongThenTokenEndpointRefuses() {
		var client = TestClients.confidential(clients, Set.of("openid"));
		var wrong = new PartnerClient.Registered(client.client(), "not-the-secret");
		var rp = new TestRelyingParty(browser.base(), wrong);
		var response = rp.token(new com.nimbusds.oauth2.sdk.ClientCredentialsGrant());
		assertThat(TestRelyingParty.error(response)).isEqualTo("invalid_client");
	}

}
