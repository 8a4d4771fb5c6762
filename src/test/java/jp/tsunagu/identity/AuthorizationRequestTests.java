package jp.tsunagu.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jsoup.Jsoup;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.oauth2.sdk.ResponseMode;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.Prompt;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;

import jp.tsunagu.Browser;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.residents.Residents;

/**
 * The authorization endpoint as OpenID Connect Core 3.1.2 asks: prompt and max_age, requests sent
 * by POST, request objects, response modes, and errors sent back to the partner wherever its
 * redirect URI is known to be registered. A real relying party (Nimbus) and browser over HTTP.
 */
@TsunaguTest
class AuthorizationRequestTests {

	@LocalServerPort
	int port;

	@Autowired
	Residents residents;

	@Autowired
	PartnerClients clients;

	TestResidents.Registered hanako;

	Browser browser;

	TestRelyingParty rp;

	@BeforeEach
	void partner() {
		hanako = TestResidents.hanako(residents);
		browser = new Browser(port);
		rp = new TestRelyingParty(browser.base(), TestClients.confidential(clients, Set.of("openid", "profile")));
	}

	@Test
	void whenPromptIsNoneAndNobodyIsSignedInThenThePartnerHearsLoginRequired() {
		var attempt = rp.attempt(new Scope("openid"), b -> b.prompt(new Prompt(Prompt.Type.NONE)));
		var response = browser.get(attempt.request().toString());
		var location = URI.create(response.headers().firstValue("Location").orElseThrow());
		assertThat(location.toString()).startsWith(TestClients.REDIRECT);
		var query = TestRelyingParty.query(location);
		assertThat(query.get("error")).containsExactly("login_required");
		assertThat(query.get("state")).containsExactly(attempt.state().getValue());
		assertThat(query.get("iss")).containsExactly(browser.base());
	}

	@Test
	void whenPromptIsLoginThenThePasswordIsAskedAgainAndAuthTimeMoves() throws Exception {
		signIn();
		var first = idToken(rp.attempt(new Scope("openid", "profile")));
		Thread.sleep(1100);
		var again = rp.attempt(new Scope("openid", "profile"), b -> b.prompt(new Prompt(Prompt.Type.LOGIN)));
		var response = browser.get(again.request().toString());
		assertThat(response.headers().firstValue("Location").orElseThrow()).endsWith("/login?reauth");
		var resumed = browser.signIn(hanako.login(), hanako.password());
		assertThat(resumed).contains("/oauth2/authorize").doesNotContain("prompt=login");
		var second = exchange(again, rp.authorize(browser, URI.create(resumed)));
		assertThat(second.getAuthenticationTime()).isAfter(first.getAuthenticationTime());
	}

	@Test
	void whenMaxAgeHasPassedThenThePasswordIsAskedAgainElseNot() throws Exception {
		signIn();
		Thread.sleep(1100);
		var lenient = rp.attempt(new Scope("openid", "profile"), b -> b.maxAge(3600));
		assertThat(rp.authorize(browser, lenient.request()).toString()).startsWith(TestClients.REDIRECT);

		var strict = rp.attempt(new Scope("openid", "profile"), b -> b.maxAge(1));
		var response = browser.get(strict.request().toString());
		assertThat(response.headers().firstValue("Location").orElseThrow()).endsWith("/login?reauth");
		var resumed = browser.signIn(hanako.login(), hanako.password());
		var claims = exchange(strict, rp.authorize(browser, URI.create(resumed)));
		assertThat(claims.getAuthenticationTime()).isAfter(new Date(System.currentTimeMillis() - 5_000));
	}

	@Test
	void whenAuthorizationRequestIsPostedWithoutSessionThenItResumesAfterSignIn() {
		var attempt = rp.attempt(new Scope("openid", "profile"));
		var form = TestRelyingParty.query(attempt.request()).entrySet().stream()
			.map(e -> Map.entry(e.getKey(), e.getValue().getFirst()))
			.toList();
		var posted = browser.post("/oauth2/authorize", form);
		assertThat(posted.statusCode()).isEqualTo(303);
		var asGet = browser.get(posted.headers().firstValue("Location").orElseThrow());
		assertThat(asGet.headers().firstValue("Location").orElseThrow()).endsWith("/login");
		var resumed = browser.signIn(hanako.login(), hanako.password());
		assertThat(resumed).as("back to the authorization, not the portal home").contains("/oauth2/authorize");
		var callback = rp.authorize(browser, URI.create(resumed));
		assertThat(TestRelyingParty.query(callback).get("state")).containsExactly(attempt.state().getValue());
	}

	@Test
	void whenRequestObjectIsSentThenItIsRefusedAsUnsupported() {
		signIn();
		var object = new PlainJWT(new PlainHeader(), new JWTClaimsSet.Builder().claim("scope", "openid").build());
		var withObject = rp.attempt(new Scope("openid"), b -> b.requestObject(object));
		assertThat(error(withObject.request())).containsExactly("request_not_supported");
		var formPosted = new PlainJWT(new PlainHeader(), new JWTClaimsSet.Builder().claim("scope", "openid")
			.claim("response_mode", "form_post").claim("state", "inside-the-object").build());
		var request = rp.attempt(new Scope("openid")).request().toString().replaceFirst("&state=[^&]+", "")
				+ "&request=" + formPosted.serialize();
		var page = Jsoup.parse(browser.get(request).body());
		assertThat(page.select("form#form-post input[name=error]").attr("value"))
			.as("refused the way the object asked: by form_post, with its state").isEqualTo("request_not_supported");
		assertThat(page.select("form#form-post input[name=state]").attr("value")).isEqualTo("inside-the-object");
		var withUri = rp.attempt(new Scope("openid"), b -> b.requestURI(URI.create("https://rp.example/request.jwt")));
		assertThat(error(withUri.request())).containsExactly("request_uri_not_supported");
	}

	@Test
	void whenResponseTypeIsTokenThenThePartnerIsToldUnsupported() {
		signIn();
		var request = rp.attempt(new Scope("openid")).request().toString().replace("response_type=code",
				"response_type=token");
		assertThat(error(URI.create(request))).containsExactly("unsupported_response_type");
	}

	@Test
	void whenClientIsUnknownThenThePersonSeesWhatWentWrongAndNothingIsRedirected() {
		signIn();
		var request = rp.attempt(new Scope("openid")).request().toString().replaceFirst("client_id=[^&]+",
				"client_id=nobody");
		var response = browser.get(request);
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Location")).isEmpty();
		var page = Jsoup.parse(response.body());
		assertThat(page.select("html").attr("lang")).isEqualTo("ja");
		assertThat(page.select("main").text()).contains("このサービスは、さっぽろスマートIDに登録されていません");
		assertThat(page.select("#authorize-error").text()).startsWith("invalid_request");
	}

	@Test
	void whenResponseModeIsFormPostThenTheCodeIsPostedByAPageWithoutInlineScript() throws Exception {
		signIn();
		var attempt = rp.attempt(new Scope("openid", "profile"), b -> b.responseMode(ResponseMode.FORM_POST));
		var answer = rp.answer(browser, attempt.request());
		assertThat(answer.statusCode()).as("a page, not a redirect").isEqualTo(200);
		assertThat(answer.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("script-src 'self'")
			.doesNotContain("unsafe-inline").as("the page posts to the partner, and only there")
			.endsWith("form-action 'self' http://127.0.0.1:9999");
		var page = Jsoup.parse(answer.body());
		var form = page.selectFirst("form#form-post");
		assertThat(form.attr("method")).isEqualTo("post");
		assertThat(form.attr("action")).isEqualTo(TestClients.REDIRECT);
		assertThat(page.select("script").stream().allMatch(s -> s.hasAttr("src") && s.data().isBlank())).isTrue();
		assertThat(form.select("input").eachAttr("name")).as("nothing of the session, e.g. no CSRF token")
			.containsExactlyInAnyOrder("code", "state", "iss");
		assertThat(form.select("input[name=state]").attr("value")).isEqualTo(attempt.state().getValue());
		assertThat(form.select("input[name=iss]").attr("value")).isEqualTo(browser.base());
		var code = form.select("input[name=code]").attr("value");
		var tokens = (OIDCTokenResponse) rp.exchange(code, attempt.verifier());
		assertThat(rp.idTokenValidator().validate(tokens.getOIDCTokens().getIDToken(), attempt.nonce())).isNotNull();
	}

	@Test
	void whenPromptIsConsentThenTheConsentPageIsShownAgain() {
		signIn();
		rp.authorize(browser, rp.attempt(new Scope("openid", "profile")).request());
		var again = browser.get(rp.attempt(new Scope("openid", "profile")).request().toString());
		assertThat(again.headers().firstValue("Location").orElseThrow()).startsWith(TestClients.REDIRECT);
		var asked = browser.get(rp.attempt(new Scope("openid", "profile"), b -> b.prompt(new Prompt(Prompt.Type.CONSENT)))
			.request()
			.toString());
		assertThat(asked.headers().firstValue("Location").orElseThrow()).contains("/oauth2/consent");
	}

	@Test
	void whenResidentSignInAsksForAPartnerWriteScopeThenItIsRefused() {
		signIn();
		var writer = new TestRelyingParty(browser.base(),
				TestClients.confidential(clients, Set.of("openid", "activity.write")));
		assertThat(error(writer.attempt(new Scope("openid", "activity.write")).request())).containsExactly("invalid_scope");
	}

	private void signIn() {
		assertThat(browser.signIn(hanako.login(), hanako.password())).doesNotContain("error");
	}

	private List<String> error(URI request) {
		var location = URI.create(browser.get(request.toString()).headers().firstValue("Location").orElseThrow());
		assertThat(location.toString()).startsWith(TestClients.REDIRECT);
		return TestRelyingParty.query(location).get("error");
	}

	private IDTokenClaimsSet idToken(TestRelyingParty.Attempt attempt) throws Exception {
		return exchange(attempt, rp.authorize(browser, attempt.request()));
	}

	private IDTokenClaimsSet exchange(TestRelyingParty.Attempt attempt, URI callback) throws Exception {
		var code = TestRelyingParty.query(callback).get("code").getFirst();
		var tokens = (OIDCTokenResponse) rp.exchange(code, attempt.verifier());
		return rp.idTokenValidator().validate(tokens.getOIDCTokens().getIDToken(), attempt.nonce());
	}
}
