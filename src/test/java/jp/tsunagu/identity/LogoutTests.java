package jp.tsunagu.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;

import org.jsoup.Jsoup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.openid.connect.sdk.LogoutRequest;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.Prompt;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import com.sun.net.httpserver.HttpServer;

import jp.tsunagu.Browser;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.residents.Residents;

/**
 * Signing out means signed out: RP-initiated logout with any of our ID tokens, the remembered
 * device forgotten on a shared tablet, a confirmation without a hint, nothing for a forged hint,
 * back-channel logout tokens to partners, an administrator ending every session.
 */
@TsunaguTest
class LogoutTests {

	@LocalServerPort
	int port;

	@Autowired
	Residents residents;

	@Autowired
	PartnerClients clients;

	@Autowired
	Accounts accounts;

	@Autowired
	JdbcClient jdbc;

	TestResidents.Registered hanako;

	Browser tablet;

	HttpServer partnerBackEnd;

	final LinkedBlockingQueue<String> logoutTokens = new LinkedBlockingQueue<>();

	@BeforeEach
	void signIn() throws Exception {
		hanako = TestResidents.hanako(residents);
		tablet = new Browser(port);
		tablet.submit("/login", "/login", List.of(Map.entry("username", hanako.login()),
				Map.entry("password", hanako.password()), Map.entry("remember", "true")));
		partnerBackEnd = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		partnerBackEnd.createContext("/backchannel-logout", exchange -> {
			var body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			logoutTokens.add(URLDecoder.decode(body.substring(body.indexOf('=') + 1), StandardCharsets.UTF_8));
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		partnerBackEnd.start();
	}

	@AfterEach
	void stop() {
		partnerBackEnd.stop(0);
	}

	@Test
	void whenIdTokenWasReplacedByARefreshThenItStillSignsThePersonOut() throws Exception {
		var rp = partner(false);
		var first = signInTo(rp, new Scope("openid", "profile"));
		var refreshed = rp.token(new RefreshTokenGrant(first.getRefreshToken())).toSuccessResponse();
		assertThat(((OIDCTokenResponse) refreshed).getOIDCTokens().getIDTokenString())
			.isNotEqualTo(first.getIDTokenString());

		var state = new State();
		var logout = new LogoutRequest(rp.provider.getEndSessionEndpointURI(), first.getIDToken(),
				URI.create(TestClients.AFTER_LOGOUT), state).toURI();
		var response = tablet.get(logout.toString());
		assertThat(response.headers().firstValue("Location").orElseThrow())
			.isEqualTo(TestClients.AFTER_LOGOUT + "?state=" + state.getValue());
		assertThat(tablet.get("/").statusCode()).as("signed out").isEqualTo(302);
	}

	@Test
	void whenAPartnerSignsOutThenTheSharedTabletDoesNotSignTheNextPersonInSilently() throws Exception {
		var rp = partner(false);
		var tokens = signInTo(rp, new Scope("openid", "profile"));
		var logout = new LogoutRequest(rp.provider.getEndSessionEndpointURI(), tokens.getIDToken()).toURI();
		assertThat(tablet.get(logout.toString()).headers().firstValue("Location").orElseThrow()).endsWith("/login?logout");

		forgetSession(tablet);
		var silent = rp.attempt(new Scope("openid"), b -> b.prompt(new Prompt(Prompt.Type.NONE)));
		var answer = URI.create(tablet.get(silent.request().toString()).headers().firstValue("Location").orElseThrow());
		assertThat(TestRelyingParty.query(answer).get("error")).containsExactly("login_required");
		assertThat(tablet.get("/login").body()).doesNotContain("札幌 花子");
		assertThat(tablet.get("/").statusCode()).isEqualTo(302);
		assertThat(jdbc.sql("SELECT COUNT(*) FROM persistent_logins WHERE username = ?").param(subject())
			.query(Long.class).single()).as("remembered device forgotten").isZero();
	}

	@Test
	void whenLogoutComesWithoutHintThenThePersonIsAskedAndNotSentBack() {
		var rp = partner(false);
		var response = tablet.get(rp.provider.getEndSessionEndpointURI() + "?post_logout_redirect_uri="
				+ TestClients.AFTER_LOGOUT);
		assertThat(response.headers().firstValue("Location").orElseThrow()).endsWith("/logout/confirm");
		var page = tablet.get("/logout/confirm");
		assertThat(page.statusCode()).isEqualTo(200);
		var form = Jsoup.parse(page.body()).selectFirst("main form");
		assertThat(form.attr("action")).isEqualTo("/logout");
		assertThat(tablet.get("/").statusCode()).as("nothing happened yet").isEqualTo(200);

		tablet.post("/logout", List.of(Map.entry("_csrf", Browser.csrfOf(page.body()))));
		assertThat(tablet.get("/").statusCode()).isEqualTo(302);
	}

	@Test
	void whenHintIsForgedThenNobodyIsSignedOutAndNothingIsRedirected() throws Exception {
		var rp = partner(false);
		signInTo(rp, new Scope("openid", "profile"));
		var key = new RSAKeyGenerator(2048).keyID("forged").generate();
		var forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("forged").build(),
				new JWTClaimsSet.Builder().issuer(tablet.base()).subject("someone").audience(rp.clientId.getValue())
					.expirationTime(new Date(System.currentTimeMillis() + 60_000)).build());
		forged.sign(new RSASSASigner(key));
		var response = tablet.get(new LogoutRequest(rp.provider.getEndSessionEndpointURI(), forged,
				URI.create(TestClients.AFTER_LOGOUT), new State()).toURI().toString());
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Location")).isEmpty();
		assertThat(Jsoup.parse(response.body()).select("h1").text()).contains("ログアウトの依頼が正しくありませんでした");
		assertThat(tablet.get("/").statusCode()).as("still signed in").isEqualTo(200);
	}

	@Test
	void whenThePersonSignsOutOfTheirTabletThenThePartnerGetsALogoutTokenAndLosesItsGrant() throws Exception {
		var rp = partner(true);
		var tokens = signInTo(rp, new Scope("openid", "profile"));
		// 「ログアウト」 in the header asks first; the form on that page signs out.
		var home = tablet.get("/logout/confirm?mine");
		tablet.post("/logout", List.of(Map.entry("_csrf", Browser.csrfOf(home.body()))));

		var token = await().atMost(Duration.ofSeconds(20)).until(logoutTokens::poll, t -> t != null);
		var processor = new DefaultJWTProcessor<SecurityContext>();
		processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("logout+jwt")));
		processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256,
				JWKSourceBuilder.create(rp.provider.getJWKSetURI().toURL()).build()));
		var claims = processor.process(token, null);
		var idToken = tokens.getIDToken().getJWTClaimsSet();
		assertThat(claims.getIssuer()).isEqualTo(tablet.base());
		assertThat(claims.getAudience()).containsExactly(rp.clientId.getValue());
		assertThat(claims.getSubject()).isEqualTo(idToken.getSubject());
		assertThat(claims.getStringClaim("sid")).isNotBlank().isEqualTo(idToken.getStringClaim("sid"));
		assertThat(claims.getJSONObjectClaim("events")).containsKey("http://schemas.openid.net/event/backchannel-logout");
		assertThat(claims.getClaim("nonce")).isNull();
		assertThat(claims.getJWTID()).isNotBlank();

		var refresh = rp.token(new RefreshTokenGrant(tokens.getRefreshToken()));
		assertThat(TestRelyingParty.error(refresh)).as("the signed-out session's grant is revoked").isEqualTo("invalid_grant");
	}

	@Test
	void whenAnAdministratorEndsEverySessionThenTheTabletAndItsPartnersAreSignedOut() throws Exception {
		var rp = partner(true);
		var tokens = signInTo(rp, new Scope("openid", "profile", "offline_access"));
		var admin = new Browser(port);
		admin.signIn(TestAdmins.admin(accounts), TestAdmins.PASSWORD);
		var account = accounts.findBySubject(subject()).orElseThrow();
		var confirm = admin.get("/admin/accounts/" + account.id().value() + "/sign-out");
		assertThat(confirm.statusCode()).isEqualTo(200);
		admin.post("/admin/accounts/" + account.id().value() + "/sign-out",
				List.of(Map.entry("_csrf", Browser.csrfOf(confirm.body()))));

		assertThat(tablet.get("/").statusCode()).isEqualTo(302);
		forgetSession(tablet);
		assertThat(tablet.get("/").statusCode()).as("remembered device forgotten too").isEqualTo(302);
		var token = await().atMost(Duration.ofSeconds(20)).until(logoutTokens::poll, t -> t != null);
		assertThat(SignedJWT.parse(token).getJWTClaimsSet().getClaim("sid")).as("every session: no sid").isNull();
		assertThat(TestRelyingParty.error(rp.token(new RefreshTokenGrant(tokens.getRefreshToken()))))
			.as("even offline access is revoked").isEqualTo("invalid_grant");
	}

	private TestRelyingParty partner(boolean backChannel) {
		var registered = clients.register(new PartnerClient("rp-" + UUID.randomUUID(), "ログアウト確認サービス",
				List.of(TestClients.REDIRECT), List.of(TestClients.AFTER_LOGOUT),
				Set.of("openid", "profile", "offline_access"), true, false, true, SubjectType.PAIRWISE, null,
				backChannel ? "http://127.0.0.1:" + partnerBackEnd.getAddress().getPort() + "/backchannel-logout" : null),
				PartnerClients.TokenLifetimes.standard());
		return new TestRelyingParty(tablet.base(), registered);
	}

	private OIDCTokens signInTo(TestRelyingParty rp, Scope scope) throws Exception {
		var attempt = rp.attempt(scope);
		var code = TestRelyingParty.query(rp.authorize(tablet, attempt.request())).get("code").getFirst();
		var tokens = ((OIDCTokenResponse) rp.exchange(code, attempt.verifier())).getOIDCTokens();
		rp.idTokenValidator().validate(tokens.getIDToken(), attempt.nonce());
		return tokens;
	}

	private String subject() {
		return accounts.find(hanako.resident().account()).orElseThrow().subject();
	}

	private static void forgetSession(Browser browser) {
		var store = browser.cookies().getCookieStore();
		store.getCookies().stream().filter(c -> c.getName().equals("SESSION")).toList()
			.forEach(c -> store.getURIs().forEach(uri -> store.remove(uri, c)));
	}
}
