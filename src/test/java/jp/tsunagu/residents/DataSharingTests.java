package jp.tsunagu.residents;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
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

/**
 * A resident agrees, on a page that says in plain words what goes to whom and why, to share data
 * with one partner for one purpose; the wording version and time are recorded; only they can
 * withdraw it, after confirming; modules asking {@link DataSharing#permits} see each change.
 */
@TsunaguTest
class DataSharingTests {

	@LocalServerPort
	int port;

	@Autowired
	Residents residents;

	@Autowired
	PartnerClients clients;

	@Autowired
	DataSharing sharing;

	@Test
	void whenResidentAgreesAndLaterWithdrawsThenPermissionFollowsAndHistoryStays() {
		var hanako = TestResidents.hanako(residents);
		var partner = TestClients.confidential(clients, Set.of("openid"));
		var clientId = partner.client().clientId();
		var browser = new Browser(port);
		browser.signIn(hanako.login(), hanako.password());
		var me = hanako.resident().account();
		assertThat(sharing.permits(me, clientId, SharingPurpose.ACTIVITY_FOR_REWARDS)).isFalse();

		var ask = "/sharing/new?partner=" + clientId + "&purpose=ACTIVITY_FOR_REWARDS";
		assertThat(browser.get(ask).body()).contains("テスト協力サービス に、あなたがおでかけした日と場所の記録を渡します");
		var asked = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		var agreed = browser.submit(ask, "/sharing",
				List.of(Map.entry("partner", clientId), Map.entry("purpose", "ACTIVITY_FOR_REWARDS")));
		assertThat(agreed.statusCode()).isEqualTo(302);
		assertThat(sharing.permits(me, clientId, SharingPurpose.ACTIVITY_FOR_REWARDS)).isTrue();
		assertThat(sharing.permits(me, clientId, SharingPurpose.VITALS_FOR_HEALTH_ADVICE)).as("per purpose").isFalse();
		var consent = sharing.of(me).getFirst();
		assertThat(consent.wordingVersion()).isEqualTo("v1");
		assertThat(consent.givenAt()).as("when she agreed").isBetween(asked, Instant.now());

		var intruder = new Browser(port);
		var other = TestResidents.hanako(residents);
		intruder.signIn(other.login(), other.password());
		assertThat(intruder.get("/sharing/" + consent.id() + "/withdraw").statusCode()).isEqualTo(404);
		intruder.submit("/account", "/sharing/" + consent.id() + "/withdraw", List.of());
		assertThat(sharing.permits(me, clientId, SharingPurpose.ACTIVITY_FOR_REWARDS)).isTrue();

		var confirm = browser.get("/sharing/" + consent.id() + "/withdraw");
		assertThat(confirm.body()).contains("これから先「地域活動の記録（ポイントや特典のため）」を受け取れなくなります");
		var withdrawing = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		browser.post("/sharing/" + consent.id() + "/withdraw", List.of(Map.entry("_csrf", Browser.csrfOf(confirm.body()))));
		assertThat(sharing.permits(me, clientId, SharingPurpose.ACTIVITY_FOR_REWARDS)).isFalse();
		assertThat(sharing.of(me)).singleElement().satisfies(c -> {
			assertThat(c.withdrawnAt()).as("when she withdrew").isBetween(withdrawing, Instant.now());
			assertThat(c.givenAt()).as("history stays").isEqualTo(consent.givenAt());
		});
		assertThat(browser.get("/sharing").body()).contains("取り消し済み");
	}

	@Test
	void whenPartnerOrPurposeIsUnknownThenNothingIsAskedOrStored() {
		var hanako = TestResidents.hanako(residents);
		var browser = new Browser(port);
		browser.signIn(hanako.login(), hanako.password());
		assertThat(browser.get("/sharing/new?partner=nobody&purpose=ACTIVITY_FOR_REWARDS").statusCode()).isEqualTo(404);
		assertThat(browser.get("/sharing/new?partner=nobody&purpose=SELLING_DATA").statusCode()).isEqualTo(400);
		assertThat(sharing.of(hanako.resident().account())).isEmpty();
	}
}
