package jp.tsunagu.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;

import jp.tsunagu.Browser;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.identity.internal.SigningKeys;
import jp.tsunagu.residents.Residents;

/**
 * Rotating the signing key never breaks a token already issued: the old key stays in the JWKS, new
 * tokens are signed with the new key. Keys live in the database, not in memory.
 */
@TsunaguTest
class SigningKeyRotationTests {

	@LocalServerPort
	int port;

	@Autowired
	Residents residents;

	@Autowired
	PartnerClients clients;

	@Autowired
	SigningKeys keys;

	@Autowired
	PartnerSubjects subjects;

	@Test
	void whenKeyRotatesThenOldTokensStillVerifyAndNewOnesUseTheNewKey() throws Exception {
		var hanako = TestResidents.hanako(residents);
		var browser = new Browser(port);
		browser.signIn(hanako.login(), hanako.password());
		var rp = new TestRelyingParty(browser.base(), TestClients.confidential(clients, Set.of("openid", "profile")));

		var before = idToken(rp, browser);
		var newKid = keys.rotate();
		assertThat(TestRelyingParty.kid(before.token())).isNotEqualTo(newKid);

		var published = JWKSet.parse(HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(rp.provider.getJWKSetURI()).build(), HttpResponse.BodyHandlers.ofString())
			.body());
		assertThat(published.getKeyByKeyId(TestRelyingParty.kid(before.token()))).isNotNull();
		assertThat(published.getKeyByKeyId(newKid)).isNotNull();
		assertThat(published.getKeys()).allSatisfy(k -> assertThat(k.isPrivate()).isFalse());

		var hanakoForThisPartner = subjects
			.subjectFor(rp.clientId.getValue(), residents.account(hanako.resident().account()).orElseThrow().subject())
			.orElseThrow();
		assertThat(rp.idTokenValidator().validate(before.token(), before.attempt().nonce()).getSubject().getValue())
			.as("the old key's token still verifies").isEqualTo(hanakoForThisPartner);
		var after = idToken(rp, browser);
		assertThat(TestRelyingParty.kid(after.token())).isEqualTo(newKid);
		assertThat(rp.idTokenValidator().validate(after.token(), after.attempt().nonce()).getSubject().getValue())
			.isEqualTo(hanakoForThisPartner);
	}

	record Issued(com.nimbusds.jwt.JWT token, TestRelyingParty.Attempt attempt) {
	}

	private static Issued idToken(TestRelyingParty rp, Browser browser) {
		var attempt = rp.attempt(new Scope("openid", "profile"));
		var code = TestRelyingParty.query(rp.authorize(browser, attempt.request())).get("code").getFirst();
		return new Issued(((OIDCTokenResponse) rp.exchange(code, attempt.verifier())).getOIDCTokens().getIDToken(),
				attempt);
	}

}
