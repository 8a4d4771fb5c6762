package jp.tsunagu.identity;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A PIN is six digits and not a guessable one; a password is 10 to 200 characters of anything. */
class CredentialPolicyTests {

	@ParameterizedTest
	@ValueSource(strings = { "482916", "000123", "135790" })
	void whenThePinIsSixDigitsAndNotObviousThenItIsAccepted(String pin) {
		assertThatCode(() -> CredentialPolicy.checkPin(pin)).doesNotThrowAnyException();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "48291", "4829160", "48 916", "48291a", "４８２９１６", "+48291" })
	void whenThePinIsNotSixAsciiDigitsThenItIsRefusedForItsFormat(String pin) {
		// full-width digits too: stored as typed, the same PIN typed half-width later would not match
		assertThatThrownBy(() -> CredentialPolicy.checkPin(pin)).isInstanceOf(CredentialRejected.class)
			.extracting(e -> ((CredentialRejected) e).reason()).isEqualTo("credential.pin.format");
	}

	@ParameterizedTest
	@ValueSource(strings = { "000000", "777777", "123456", "654321", "123123", "012345", "112233", "159753" })
	void whenThePinIsOneDigitRepeatedOrAWellKnownOneThenItIsRefusedAsObvious(String pin) {
		assertThatThrownBy(() -> CredentialPolicy.checkPin(pin)).isInstanceOf(CredentialRejected.class)
			.extracting(e -> ((CredentialRejected) e).reason()).isEqualTo("credential.pin.obvious");
	}

	@Test
	void whenThePasswordIsTenToTwoHundredCharactersThenItIsAcceptedWhateverItsCharacters() {
		assertThatCode(() -> CredentialPolicy.checkPassword("a".repeat(10))).doesNotThrowAnyException();
		assertThatCode(() -> CredentialPolicy.checkPassword("a".repeat(200))).doesNotThrowAnyException();
		assertThatCode(() -> CredentialPolicy.checkPassword("もみじ台の朝は早いです")).doesNotThrowAnyException();
		assertThatCode(() -> CredentialPolicy.checkPassword("1234567890")).as("no composition rules")
			.doesNotThrowAnyException();
	}

	@Test
	void whenThePasswordIsShorterThanTenOrLongerThanTwoHundredThenItIsRefusedForItsLength() {
		for (var password : new String[] { "", "a".repeat(9), "もみじ台の朝は早い", "a".repeat(201) }) {
			assertThatThrownBy(() -> CredentialPolicy.checkPassword(password)).as("%d characters", password.length())
				.isInstanceOf(CredentialRejected.class)
				.extracting(e -> ((CredentialRejected) e).reason()).isEqualTo("credential.password.length");
		}
	}
}
