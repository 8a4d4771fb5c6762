package jp.tsunagu.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import jp.tsunagu.Browser;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.residents.Residents;

/**
 * A lent tablet stays signed in: after the session is gone (a restart, a long night) the resident
 * is still signed in on that device, until they sign out there.
 */
@TsunaguTest
class RememberedDeviceTests {

	@LocalServerPort
	int port;

	@Autowired
	Residents residents;

	@Test
	void whenSessionEndsThenTheRememberedTabletIsStillSignedInUntilSignOut() {
		var hanako = TestResidents.hanako(residents);
		var tablet = new Browser(port);
		tablet.submit("/login", "/login", List.of(Map.entry("username", hanako.login()),
				Map.entry("password", hanako.password()), Map.entry("remember", "true")));
		forgetSession(tablet);
		var home = tablet.get("/");
		assertThat(home.statusCode()).isEqualTo(200);
		assertThat(home.body()).contains("札幌 花子さん、こんにちは");

		// 「ログアウト」 in the header asks first; the form on that page signs out.
		tablet.post("/logout", List.of(Map.entry("_csrf", Browser.csrfOf(tablet.get("/logout/confirm?mine").body()))));
		forgetSession(tablet);
		assertThat(tablet.get("/").statusCode()).as("signed out forgets the device").isEqualTo(302);

		var shared = new Browser(port);
		shared.signIn(hanako.login(), hanako.password());
		forgetSession(shared);
		assertThat(shared.get("/").statusCode()).as("not remembered unless asked").isEqualTo(302);
	}

	private static void forgetSession(Browser browser) {
		var store = browser.cookies().getCookieStore();
		store.getCookies().stream().filter(c -> c.getName().equals("SESSION")).toList()
			.forEach(c -> store.getURIs().forEach(uri -> store.remove(uri, c)));
	}
}
