package jp.tsunagu.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import jp.tsunagu.Browser;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.identity.PartnerClients;
import jp.tsunagu.identity.TestClients;
import jp.tsunagu.identity.TestResidents;
import jp.tsunagu.residents.Residents;

/**
 * Referrers stay at Tsunagu's origin, forms post only to Tsunagu except where an authorization
 * request leads on to its partner, and the remembered-device cookie is not sent on other sites' posts.
 */
@TsunaguTest
class SecurityHeadersTests {

	static final String PARTNER_ORIGIN = "http://127.0.0.1:9999";

	@LocalServerPort
	int port;

	@Autowired
	Residents residents;

	@Autowired
	PartnerClients clients;

	@Test
	void whenAnyPageOrEndpointIsServedThenReferrersAreLimitedAndFormsPostOnlyToTsunagu() {
		var visitor = new Browser(port);
		for (var path : List.of("/login", "/.well-known/openid-configuration", "/api/activities", "/register")) {
			var answer = visitor.get(path);
			assertThat(answer.headers().firstValue("Referrer-Policy")).as(path).hasValue("strict-origin-when-cross-origin");
		}
		assertThat(visitor.get("/login").headers().firstValue("Content-Security-Policy").orElseThrow())
			.endsWith("form-action 'self'");
	}

	@Test
	void whenTheSignInIsForAPartnersAuthorizationRequestThenItsFormsMayLeadOnToThatPartnerOnly() {
		var client = TestClients.confidential(clients, Set.of("openid", "profile")).client();
		var browser = new Browser(port);
		var authorize = browser.get("/oauth2/authorize?response_type=code&scope=openid%20profile&state=s1&client_id="
				+ client.clientId() + "&redirect_uri=" + TestClients.REDIRECT
				+ "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256");
		assertThat(authorize.headers().firstValue("Location").orElseThrow()).endsWith("/login");
		var login = browser.get("/login");
		assertThat(login.headers().firstValue("Content-Security-Policy").orElseThrow())
			.endsWith("form-action 'self' " + PARTNER_ORIGIN);
		assertThat(new Browser(port).get("/login").headers().firstValue("Content-Security-Policy").orElseThrow())
			.as("another visitor's sign-in").endsWith("form-action 'self'");

		var hanako = TestResidents.hanako(residents);
		var next = browser.submit("/login", "/login",
				List.of(Map.entry("username", hanako.login()), Map.entry("password", hanako.password())));
		var consent = browser.get(browser.get(next.headers().firstValue("Location").orElseThrow())
			.headers().firstValue("Location").orElseThrow());
		assertThat(consent.statusCode()).isEqualTo(200);
		assertThat(consent.headers().firstValue("Content-Security-Policy").orElseThrow())
			.endsWith("form-action 'self' " + PARTNER_ORIGIN);
	}

	@Test
	void whenATabletIsRememberedThenItsCookieIsSameSiteLaxAndHttpOnly() {
		var hanako = TestResidents.hanako(residents);
		var remembered = new Browser(port).submit("/login", "/login", List.of(Map.entry("username", hanako.login()),
				Map.entry("password", hanako.password()), Map.entry("remember", "true")));
		assertThat(remembered.headers().allValues("Set-Cookie")).filteredOn(c -> c.startsWith("remember-me="))
			.singleElement().satisfies(c -> assertThat(c).contains("SameSite=Lax").contains("HttpOnly"));
	}
}
