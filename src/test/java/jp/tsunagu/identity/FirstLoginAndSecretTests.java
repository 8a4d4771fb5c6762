package jp.tsunagu.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import jp.tsunagu.TsunaguTest;

/**
 * Two rough edges of choosing a secret: a resident at the tablet who keeps choosing an obvious PIN
 * with the right printed code is told to choose another, and never locks the code with it; a
 * password of ten or more digits is a password, not a PIN refused for its length.
 */
@TsunaguTest
class FirstLoginAndSecretTests {

	@Autowired
	Accounts accounts;

	@Test
	void whenTheResidentKeepsChoosingAnObviousPinThenThePrintedCodeStillWorks() {
		var account = accounts.createAwaitingFirstLogin("厚別 花子", null);
		var sheet = accounts.resetLogin(account.id(), "staff:test");
		for (int i = 0; i < 6; i++) {
			assertThatThrownBy(() -> accounts.completeFirstLogin(sheet.loginName(), sheet.code(), "123456"))
				.isInstanceOfSatisfying(CredentialRejected.class,
						refused -> assertThat(refused.reason()).isEqualTo("credential.pin.obvious"));
		}
		var signedIn = accounts.completeFirstLogin(sheet.loginName(), sheet.code(), "480213");
		assertThat(signedIn.status()).isEqualTo(AccountStatus.ACTIVE);
	}

	@Test
	void whenAResidentChoosesAPasswordOfTwelveDigitsThenItIsAcceptedAsAPassword() {
		var login = "digits-" + UUID.randomUUID() + "@example.jp";
		var account = accounts.registerWithPassword(login, "first-password-1", "厚別 一郎", java.util.Locale.JAPANESE,
				java.util.EnumSet.of(Role.RESIDENT));
		accounts.changeSecret(account.subject(), "first-password-1", "480213480213");
		assertThatThrownBy(() -> accounts.changeSecret(account.subject(), "first-password-1", "another-password-2"))
			.as("the twelve digits are the secret now").isInstanceOf(CredentialRejected.class);
		accounts.changeSecret(account.subject(), "480213480213", "another-password-2");
	}
}
