package jp.tsunagu.residents;

import java.text.Normalizer;

/** Kana as stored and searched: full-width katakana, single spaces, whatever was typed. */
public final class Kana {

	/** What a kana field accepts: hiragana, katakana, ー, ・ and spaces (half- or full-width). */
	public static final String PATTERN = "[\\p{InKatakana}\\p{InHiragana}ー・\\s　]+";

	private Kana() {
	}

	public static String katakana(String typed) {
		var s = Normalizer.normalize(typed, Normalizer.Form.NFKC).strip().replaceAll("[\\s　]+", " ");
		var out = new StringBuilder(s.length());
		for (char c : s.toCharArray()) {
			out.append(c >= 'ぁ' && c <= 'ゖ' ? (char) (c + 0x60) : c);
		}
		return out.toString();
	}
}
