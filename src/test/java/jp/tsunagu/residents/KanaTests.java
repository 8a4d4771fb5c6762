package jp.tsunagu.residents;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Kana is stored and searched as full-width katakana, however the help desk or resident typed it. */
class KanaTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"サトウ ハナコ | サトウ ハナコ",
			"さとう はなこ | サトウ ハナコ",
			"ｻﾄｳ ﾊﾅｺ | サトウ ハナコ",
			"ｶﾄﾞｳ ｼﾞﾛｳ | カドウ ジロウ",
			"ﾊﾟｰｸ | パーク",
			"らーめん | ラーメン",
			"ゔぁいおりん | ヴァイオリン",
			"ぁぃぅぇぉっゃゅょゎゕゖ | ァィゥェォッャュョヮヵヶ",
			"さとう　はなこ | サトウ ハナコ",
			"'  さとう 　 はなこ  ' | サトウ ハナコ",
			"さとうハナコ | サトウハナコ",
			"佐藤 はなこ | 佐藤 ハナコ" })
	void whenKanaIsTypedAsHiraganaHalfWidthOrWithOddSpacesThenItIsFullWidthKatakanaWithSingleSpaces(String typed,
			String stored) {
		assertThat(Kana.katakana(typed)).isEqualTo(stored);
	}
}
