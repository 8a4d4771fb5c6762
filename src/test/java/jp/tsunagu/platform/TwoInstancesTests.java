package jp.tsunagu.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.oauth2.sdk.Scope;

import jp.tsunagu.Browser;
import jp.tsunagu.TestDatabase;
import jp.tsunagu.Tsunagu;
import jp.tsunagu.identity.PartnerClients;
import jp.tsunagu.identity.PartnerSubjects;
import jp.tsunagu.identity.TestClients;
import jp.tsunagu.identity.TestResidents;
import jp.tsunagu.identity.TestRelyingParty;
import jp.tsunagu.residents.Residents;

/**
 * Two instances on one database behave as one platform, as behind a load balancer: a session begun
 * on one is valid on the other, a code issued by one is redeemed at the other, and both sign with
 * the same key. Nothing is kept in an instance's memory that the other would need.
 */
@Tag("integration")
class TwoInstancesTests {

	static ConfigurableApplicationContext a;

	static ConfigurableApplicationContext b;

	static int portA;

	static int portB;

	@BeforeAll
	static void startTwo() throws IOException {
		var url = TestDatabase.url().isBlank() ? "jdbc:h2:mem:two-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"
				: TestDatabase.url();
		portA = freePort();
		portB = freePort();
		a = start(url, portA);
		b = start(url, portB);
	}

	@AfterAll
	static void stop() {
		b.close();
		a.close();
	}

	@Test
	void whenSignedInOnOneInstanceThenTheOtherKnowsTheSessionAndRedeemsItsCodes() throws Exception {
		var hanako = TestResidents.hanako(a.getBean(Residents.class));
		var client = TestClients.confidential(a.getBean(PartnerClients.class), Set.of("openid", "profile"));

		var browser = new Browser(portA);
		assertThat(browser.signIn(hanako.login(), hanako.password())).doesNotContain("error");
		var onB = browser.get("http://localhost:" + portB + "/account");
		assertThat(onB.statusCode()).isEqualTo(200);
		assertThat(onB.body()).contains("札幌 花子");

		var rp = new TestRelyingParty(browser.base(), client);
		var attempt = rp.attempt(new Scope("openid", "profile"));
		var code = TestRelyingParty.query(rp.authorize(browser, attempt.request())).get("code").getFirst();

		var tokenAtB = URI.create("http://localhost:" + portB + "/oauth2/token");
		var response = OIDCTokenResponseParser.parse(new TokenRequest(tokenAtB, rp.auth(),
				new AuthorizationCodeGrant(new AuthorizationCode(code), rp.redirect(), attempt.verifier()))
			.toHTTPRequest()
			.send());
		assertThat(response.indicatesSuccess()).isTrue();
		var tokens = ((OIDCTokenResponse) response).getOIDCTokens();
		var hanakoOnA = a.getBean(Residents.class).account(hanako.resident().account()).orElseThrow();
		assertThat(rp.idTokenValidator().validate(tokens.getIDToken(), attempt.nonce()).getSubject().getValue())
			.as("B's ID token names the resident signed in at A")
			.isEqualTo(a.getBean(PartnerSubjects.class).subjectFor(client.client().clientId(), hanakoOnA.subject()).orElseThrow());
		var userInfoAtA = URI.create("http://localhost:" + portA + "/userinfo");
		var info = UserInfoResponse.parse(new UserInfoRequest(userInfoAtA, tokens.getBearerAccessToken())
			.toHTTPRequest().send());
		assertThat(info.toSuccessResponse().getUserInfo().getStringClaim("name")).as("the token from B works at A")
			.isEqualTo("札幌 花子");
	}

	private static ConfigurableApplicationContext start(String url, int port) {
		// Command-line arguments, as an operator would start each instance.
		return new SpringApplicationBuilder(Tsunagu.class).run("--server.port=" + port,
				"--spring.datasource.url=" + url,
				"--spring.datasource.username=" + (url.startsWith("jdbc:h2") ? "sa" : "postgres"),
				"--tsunagu.identity.issuer=http://localhost:" + portA, "--tsunagu.demo.enabled=false",
				"--spring.jmx.enabled=false",
				// every test signs in from one address (see TsunaguTest)
				"--tsunagu.identity.throttle.per-source-failures=100000");
	}

	private static int freePort() throws IOException {
		try (var socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}
}
