package jp.tsunagu.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;

import jp.tsunagu.Browser;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.residents.Residents;

/**
 * Two partners cannot join their data on {@code sub}: each sector gets its own identifier, the same
 * every time; services of one sector share one; partners with public subjects keep the account's.
 */
@TsunaguTest
class PairwiseSubjectTests {

	@LocalServerPort
	int port;

	@Autowired
	Residents residents;

	@Autowired
	PartnerClients clients;

	@Autowired
	Accounts accounts;

	Browser browser;

	String accountSubject;

	@BeforeEach
	void signIn() {
		var hanako = TestResidents.hanako(residents);
		accountSubject = accounts.find(hanako.resident().account()).orElseThrow().subject();
		browser = new Browser(port);
		browser.signIn(hanako.login(), hanako.password());
	}

	@Test
	void whenTwoSectorsSignTheSameResidentInThenTheySeeDifferentSubjectsEachTimeTheSame() throws Exception {
		var clinic = client("clinic.example.jp", SubjectType.PAIRWISE);
		var clinicApp = client("clinic.example.jp", SubjectType.PAIRWISE);
		var shop = client("shop.example.jp", SubjectType.PAIRWISE);

		var atClinic = subjectAt(clinic);
		assertThat(atClinic).isNotEqualTo(accountSubject).isEqualTo(subjectAt(clinic));
		assertThat(subjectAt(clinicApp)).as("same sector").isEqualTo(atClinic);
		assertThat(subjectAt(shop)).as("another sector").isNotEqualTo(atClinic).isNotEqualTo(accountSubject);
	}

	@Test
	void whenAPartnerHasPublicSubjectsThenItKeepsTheAccountsOwn() throws Exception {
		assertThat(subjectAt(client("", SubjectType.PUBLIC))).isEqualTo(accountSubject);
	}

	private PartnerClient.Registered client(String sector, SubjectType type) {
		return clients.register(new PartnerClient("rp-" + UUID.randomUUID(), "識別子確認", List.of(TestClients.REDIRECT),
				List.of(), Set.of("openid"), true, false, true, type, sector, null),
				PartnerClients.TokenLifetimes.standard());
	}

	/** The sub in the ID token and at userinfo, which must agree. */
	private String subjectAt(PartnerClient.Registered client) throws Exception {
		var rp = new TestRelyingParty(browser.base(), client);
		var attempt = rp.attempt(new Scope("openid"));
		var code = TestRelyingParty.query(rp.authorize(browser, attempt.request())).get("code").getFirst();
		var tokens = ((OIDCTokenResponse) rp.exchange(code, attempt.verifier())).getOIDCTokens();
		var sub = rp.idTokenValidator().validate(tokens.getIDToken(), attempt.nonce()).getSubject().getValue();
		var info = com.nimbusds.openid.connect.sdk.UserInfoResponse.parse(new com.nimbusds.openid.connect.sdk.UserInfoRequest(
				rp.provider.getUserInfoEndpointURI(), tokens.getBearerAccessToken()).toHTTPRequest().send());
		assertThat(info.toSuccessResponse().getUserInfo().getSubject().getValue()).isEqualTo(sub);
		return sub;
	}
}
