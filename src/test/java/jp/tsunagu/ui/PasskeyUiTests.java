package jp.tsunagu.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.virtualauthenticator.HasVirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import jp.tsunagu.TestDatabase;
import jp.tsunagu.identity.TestResidents;
import jp.tsunagu.residents.Residents;

/**
 * A resident adds a passkey on their tablet and signs in with it next time, with no PIN. Chromium's
 * virtual authenticator stands in for the tablet's fingerprint reader; the WebAuthn ceremony and
 * Spring Security's verification are real. WebAuthn checks the page's origin, so this test fixes
 * its port in advance and tells the server that origin.
 */
@Tag("browser")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT, properties = "tsunagu.demo.enabled=false")
@ContextConfiguration(initializers = TestDatabase.class)
class PasskeyUiTests {

	static final int PORT = freePort();

	@DynamicPropertySource
	static void origin(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> PORT);
		registry.add("tsunagu.identity.webauthn.rp-id", () -> "localhost");
		registry.add("tsunagu.identity.webauthn.allowed-origins", () -> "http://localhost:" + PORT);
	}

	@Autowired
	Residents residents;

	WebDriver tablet;

	@BeforeAll
	static void browserInstalled() {
		Chromium.requireInstalled();
	}

	@AfterEach
	void close() {
		if (tablet != null) {
			tablet.quit();
		}
	}

	@Test
	void whenResidentAddsAPasskeyThenTheySignInWithItAlone() {
		var hanako = TestResidents.hanako(residents);
		tablet = Chromium.start(Chromium.TABLET, Path.of("target/downloads/passkey"));
		((HasVirtualAuthenticator) tablet).addVirtualAuthenticator(new VirtualAuthenticatorOptions()
			.setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
			.setTransport(VirtualAuthenticatorOptions.Transport.INTERNAL)
			.setHasResidentKey(true)
			.setHasUserVerification(true)
			.setIsUserVerified(true));
		var ui = new UiSession(tablet, PORT);
		ui.signIn(hanako.login(), hanako.password());
		ui.waitForPath("/");

		ui.open("/account");
		assertThat(ui.text()).contains("まだ登録していません");
		ui.type("この機械の名前（どの機械か分かる名前）", "居間のタブレット").press("この機械で指紋や顔を使えるようにする");
		ui.waitForText("居間のタブレット");
		PageCheck.check(tablet, "account-passkey");
		ui.press("この登録を消す");
		assertThat(ui.heading()).as("removing asks first").isEqualTo("「居間のタブレット」の登録を消しますか？");
		assertThat(ui.text()).contains("パスワードや暗証番号では、いままでどおりログインできます");
		PageCheck.check(tablet, "account-passkey-delete");
		tablet.manage().window().setSize(Chromium.PHONE);
		PageCheck.check(tablet, "account-passkey-delete-phone");
		tablet.manage().window().setSize(Chromium.TABLET);
		ui.press("やめずに戻る");
		assertThat(ui.text()).as("kept").contains("居間のタブレット");

		ui.press("ログアウト");
		ui.press("ログアウトする");
		ui.waitForPath("/login");
		ui.press("指紋や顔でログインする");
		new WebDriverWait(tablet, Duration.ofSeconds(10)).withMessage(() -> "passkey sign-in failed: "
				+ tablet.findElements(By.id("passkey-error")).stream().map(e -> e.getAttribute("data-reason")).toList())
			.until(d -> ui.path().equals("/"));
		assertThat(ui.heading()).isEqualTo("札幌 花子さん、こんにちは");
	}

	private static int freePort() {
		try (var socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}
}
