package jp.tsunagu.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.ImmutableCredentialRecord;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCose;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialType;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;

import com.nimbusds.oauth2.sdk.Scope;

import jp.tsunagu.Browser;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.residents.Residents;

/**
 * On 「わたしのID」, withdrawing a partner's consent and removing a passkey are not one tap: each
 * opens a page that says in plain words what will happen, and only its button acts.
 */
@TsunaguTest
class AccountConfirmationTests {

	@LocalServerPort
	int port;

	@Autowired
	Residents residents;

	@Autowired
	Accounts accounts;

	@Autowired
	PartnerClients clients;

	@Autowired
	PartnerConsents consents;

	@Autowired
	PublicKeyCredentialUserEntityRepository passkeyUsers;

	@Autowired
	UserCredentialRepository passkeys;

	@Test
	void whenAConsentIsWithdrawnThenAPageAsksFirstInPlainWords() {
		var hanako = TestResidents.hanako(residents);
		var subject = accounts.find(hanako.resident().account()).orElseThrow().subject();
		var browser = new Browser(port);
		browser.signIn(hanako.login(), hanako.password());
		var client = TestClients.confidential(clients, Set.of("openid", "profile"));
		var rp = new TestRelyingParty(browser.base(), client);
		rp.authorize(browser, rp.attempt(new Scope("openid", "profile")).request());
		assertThat(consents.of(subject)).hasSize(1);
		var clientId = client.client().clientId();
		var path = "/account/consents/" + clientId + "/withdraw";

		var account = Jsoup.parse(browser.get("/account").body());
		assertThat(account.select("form[action=" + path + "]")).as("withdrawing is not one tap").isEmpty();
		assertThat(account.select("a[href=" + path + "]").text()).isEqualTo("同意を取り消す");

		var confirm = browser.get(path);
		assertThat(confirm.statusCode()).isEqualTo(200);
		var page = Jsoup.parse(confirm.body());
		var name = consents.of(subject).getFirst().clientName();
		assertThat(page.select("h1").text()).isEqualTo(name + " への同意を取り消しますか？");
		assertThat(page.select("main").text()).contains(
				"取り消すと、" + name + " はこれから先、あなたの情報を読めなくなります。",
				"あとでまた " + name + " を使うときに、もう一度同意できます。");
		assertThat(page.select("form[action=" + path + "][method=post] input[name=_csrf]")).hasSize(1);
		assertThat(page.select("form[action=" + path + "] button").text()).isEqualTo("同意を取り消す");
		assertThat(page.select("a[href=/account#consents]").text()).isEqualTo("やめずに戻る");
		assertThat(consents.of(subject)).as("asked, not done").hasSize(1);

		assertThat(browser.get("/account/consents/no-such-partner/withdraw").statusCode()).isEqualTo(404);
		var other = TestResidents.hanako(residents);
		var stranger = new Browser(port);
		stranger.signIn(other.login(), other.password());
		assertThat(stranger.get(path).statusCode()).as("not a partner they agreed to").isEqualTo(404);

		var done = browser.post(path, List.of(java.util.Map.entry("_csrf", Browser.csrfOf(confirm.body()))));
		assertThat(done.headers().firstValue("Location").orElseThrow()).endsWith("/account");
		assertThat(consents.of(subject)).isEmpty();
		assertThat(browser.get("/account").body()).contains("同意を取り消しました。");
	}

	@Test
	void whenAPasskeyIsRemovedThenAPageAsksFirstInPlainWords() {
		var hanako = TestResidents.hanako(residents);
		var subject = accounts.find(hanako.resident().account()).orElseThrow().subject();
		var user = ImmutablePublicKeyCredentialUserEntity.builder().name(subject).id(Bytes.random())
			.displayName(hanako.login()).build();
		passkeyUsers.save(user);
		var credentialId = Bytes.random();
		passkeys.save(ImmutableCredentialRecord.builder()
			.credentialType(PublicKeyCredentialType.PUBLIC_KEY)
			.credentialId(credentialId)
			.userEntityUserId(user.getId())
			.publicKey(new ImmutablePublicKeyCose(new byte[] { 1, 2, 3 }))
			.signatureCount(0)
			.uvInitialized(true)
			.transports(Set.of())
			.backupEligible(false)
			.backupState(false)
			.attestationObject(new Bytes(new byte[] { 1 }))
			.attestationClientDataJSON(new Bytes(new byte[] { 1 }))
			.created(Instant.now())
			.lastUsed(Instant.now())
			.label("居間のタブレット")
			.build());
		var path = "/account/passkeys/" + credentialId.toBase64UrlString() + "/delete";

		var browser = new Browser(port);
		browser.signIn(hanako.login(), hanako.password());
		var account = Jsoup.parse(browser.get("/account").body());
		assertThat(account.select("form[action=" + path + "]")).as("removing is not one tap").isEmpty();
		assertThat(account.select("a[href=" + path + "]").text()).isEqualTo("この登録を消す");

		var confirm = browser.get(path);
		assertThat(confirm.statusCode()).isEqualTo(200);
		var page = Jsoup.parse(confirm.body());
		assertThat(page.select("h1").text()).isEqualTo("「居間のタブレット」の登録を消しますか？");
		assertThat(page.select("main").text()).contains("消すと、「居間のタブレット」では指紋や顔でログインできなくなります。",
				"ログインIDと、パスワードや暗証番号では、いままでどおりログインできます。");
		assertThat(page.select("form[action=" + path + "][method=post] input[name=_csrf]")).hasSize(1);
		assertThat(page.select("form[action=" + path + "] button").text()).isEqualTo("この登録を消す");
		assertThat(page.select("a[href=/account#passkeys]").text()).isEqualTo("やめずに戻る");
		assertThat(passkeys.findByCredentialId(credentialId)).as("asked, not done").isNotNull();

		assertThat(browser.get("/account/passkeys/" + Bytes.random().toBase64UrlString() + "/delete").statusCode())
			.isEqualTo(404);
		assertThat(browser.get("/account/passkeys/not*base64/delete").statusCode()).isEqualTo(404);
		var other = TestResidents.hanako(residents);
		var stranger = new Browser(port);
		stranger.signIn(other.login(), other.password());
		assertThat(stranger.get(path).statusCode()).as("not their passkey").isEqualTo(404);
		stranger.post(path, List.of(java.util.Map.entry("_csrf", Browser.csrfOf(stranger.get("/account").body()))));
		assertThat(passkeys.findByCredentialId(credentialId)).as("not removed by someone else").isNotNull();

		var done = browser.post(path, List.of(java.util.Map.entry("_csrf", Browser.csrfOf(confirm.body()))));
		assertThat(done.headers().firstValue("Location").orElseThrow()).endsWith("/account");
		assertThat(passkeys.findByCredentialId(credentialId)).isNull();
		assertThat(browser.get("/account").body()).contains("指紋や顔でログインする登録を消しました。");
	}
}
