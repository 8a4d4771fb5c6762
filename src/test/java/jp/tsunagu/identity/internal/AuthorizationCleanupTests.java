package jp.tsunagu.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.nimbusds.oauth2.sdk.Scope;

import jp.tsunagu.Browser;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.identity.PartnerClients;
import jp.tsunagu.identity.TestClients;
import jp.tsunagu.identity.TestRelyingParty;
import jp.tsunagu.identity.TestResidents;
import jp.tsunagu.residents.Residents;

@TsunaguTest
class AuthorizationCleanupTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Residents residents;

	@Autowired
	PartnerClients clients;

	@Test
	void whenEveryTokenOfAnAuthorizationHasExpiredThenItIsRemovedAndNotBefore() {
		var hanako = TestResidents.hanako(residents);
		var browser = new Browser(port);
		browser.signIn(hanako.login(), hanako.password());
		var client = TestClients.confidential(clients, Set.of("openid", "profile"));
		var rp = new TestRelyingParty(browser.base(), client);
		var attempt = rp.attempt(new Scope("openid", "profile"));
		var code = TestRelyingParty.query(rp.authorize(browser, attempt.request())).get("code").getFirst();
		assertThat(rp.exchange(code, attempt.verifier()).indicatesSuccess()).isTrue();

		new AuthorizationCleanup(jdbc, Clock.systemUTC()).removeExpired();
		assertThat(rows(client.client().clientId())).as("tokens still valid").isEqualTo(1);

		var afterRefreshExpiry = Clock.offset(Clock.systemUTC(), Duration.ofDays(32));
		new AuthorizationCleanup(jdbc, afterRefreshExpiry).removeExpired();
		assertThat(rows(client.client().clientId())).isZero();
	}

	private long rows(String clientId) {
		return jdbc.sql("SELECT COUNT(*) FROM oauth2_authorization a JOIN oauth2_registered_client c"
				+ " ON a.registered_client_id = c.id WHERE c.client_id = ?").param(clientId).query(Long.class).single();
	}
}
