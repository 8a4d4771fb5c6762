package jp.tsunagu.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** However a login is typed (full-width, hyphens, capitals, stray spaces), it is the same login. */
class LoginNamesTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"hanako@example.jp | hanako@example.jp",
			"Hanako.Sato@Example.JP | hanako.sato@example.jp",
			"ｈａｎａｋｏ＠ｅｘａｍｐｌｅ．ｊｐ | hanako@example.jp",
			"'　Hanako@Example.jp　' | hanako@example.jp",
			"'  hanako@example.jp ' | hanako@example.jp" })
	void whenAnEmailAddressIsTypedAnyWayThenItIsOneLowerCaseHalfWidthLogin(String typed, String login) {
		assertThat(LoginNames.normalize(typed)).isEqualTo(login);
		assertThat(LoginNames.isEmail(login)).isTrue();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"09012345678 | 09012345678",
			"090-1234-5678 | 09012345678",
			"０９０－１２３４－５６７８ | 09012345678",
			"090 1234 5678 | 09012345678",
			"011(555)0123 | 0115550123",
			"+81 90-1234-5678 | +819012345678",
			"'　011-555-0123　' | 0115550123",
			"(011) 555-0123 | 0115550123",
			"090ー1234ー5678 | 09012345678",
			"０９０ー１２３４ー５６７８ | 09012345678",
			"090−1234−5678 | 09012345678" })
	void whenAPhoneNumberIsTypedWithHyphensSpacesOrFullWidthDigitsThenOnlyItsDigitsRemain(String typed, String login) {
		assertThat(LoginNames.normalize(typed)).isEqualTo(login);
		assertThat(LoginNames.isPhone(login)).isTrue();
	}

	@Test
	void whenDigitsAreTooFewForAPhoneNumberThenTheyAreNeitherShortenedNorAPhone() {
		assertThat(LoginNames.normalize("12-34")).isEqualTo("12-34");
		assertThat(LoginNames.isPhone("12345678")).as("8 digits").isFalse();
		assertThat(LoginNames.isPhone("123456789")).as("9 digits").isTrue();
		assertThat(LoginNames.isPhone("1234567890123456")).as("16 digits").isFalse();
	}

	@Test
	void whenATextIsNotAnAddressThenItIsNoEmail() {
		assertThat(LoginNames.isEmail("hanako@example")).isFalse();
		assertThat(LoginNames.isEmail("hanako.example.jp")).isFalse();
		assertThat(LoginNames.isEmail("hana ko@example.jp")).isFalse();
		assertThat(LoginNames.isEmail("a@b@example.jp")).isFalse();
		assertThat(LoginNames.isEmail("09012345678")).isFalse();
	}
}
