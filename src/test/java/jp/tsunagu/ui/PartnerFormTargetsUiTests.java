package jp.tsunagu.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.sun.net.httpserver.HttpServer;

import jp.tsunagu.identity.PartnerClient;
import jp.tsunagu.identity.PartnerClients;
import jp.tsunagu.identity.TestResidents;

/**
 * A real browser enforces {@code form-action}, also on the redirect after a form's POST: with
 * {@code form-action 'self'} on every page, the sign-in and consent of a partner's authorization
 * request, and the {@code form_post} answer, must still reach the partner's redirect URI.
 */
class PartnerFormTargetsUiTests extends BrowserTests {

	@Autowired
	PartnerClients clients;

	HttpServer partner;

	final LinkedBlockingQueue<String> arrived = new LinkedBlockingQueue<>();

	@BeforeEach
	void partnerListens() throws IOException {
		partner = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		partner.createContext("/callback", exchange -> {
			var body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			arrived.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + body);
			var answer = "<html><body>partner</body></html>".getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, answer.length);
			exchange.getResponseBody().write(answer);
			exchange.close();
		});
		partner.start();
	}

	@AfterEach
	void partnerStops() {
		partner.stop(0);
	}

	@Test
	void whenAResidentSignsInAndAgreesForAPartnerThenTheBrowserReachesThePartner() throws Exception {
		assertThat(signInAndAgree("")).startsWith("GET /callback?code=");
	}

	@Test
	void whenThePartnerAsksForFormPostThenTheBrowserPostsTheCodeToIt() throws Exception {
		var arrival = signInAndAgree("&response_mode=form_post");
		assertThat(arrival).startsWith("POST /callback ").contains("code=").contains("state=s1");
	}

	private String signInAndAgree(String mode) throws InterruptedException {
		var redirect = "http://127.0.0.1:" + partner.getAddress().getPort() + "/callback";
		var client = clients.register(new PartnerClient("rp-" + UUID.randomUUID(), "テスト協力サービス", List.of(redirect),
				List.of(), Set.of("openid", "profile"), true, false), PartnerClients.TokenLifetimes.standard()).client();
		var hanako = TestResidents.hanako(residents);
		var browser = started(Chromium.TABLET, Path.of("target/downloads/form-targets"));
		var ui = new UiSession(browser, port);
		ui.open("/oauth2/authorize?response_type=code&scope=openid%20profile&state=s1&client_id=" + client.clientId()
				+ "&redirect_uri=" + redirect
				+ "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256" + mode);
		ui.waitForPath("/login");
		ui.type("メールアドレス・電話番号・ログインID", hanako.login()).type("パスワードまたは暗証番号", hanako.password())
			.press("ログインする");
		ui.waitForPath("/oauth2/consent");
		browser.findElement(org.openqa.selenium.By.id("consent-accept")).click();
		var arrival = arrived.poll(Duration.ofSeconds(15).toMillis(), TimeUnit.MILLISECONDS);
		assertThat(arrival).as("the partner was reached (a CSP block would leave the browser here)").isNotNull();
		return arrival;
	}
}
