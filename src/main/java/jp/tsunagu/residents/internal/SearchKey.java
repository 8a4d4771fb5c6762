package jp.tsunagu.residents.internal;

import java.text.Normalizer;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import jp.tsunagu.residents.Kana;

/**
 * The one text the help desk's search looks in: name, kana and phone digits of a resident, written
 * the way a search word is turned into (NFKC, lower case, hiragana as katakana), so that 「あつべつ」,
 * 「アツベツ」, 「ｱﾂﾍﾞﾂ」, 「厚別」 and 「090-1234」 each find who they should. Kept in
 * {@code resident.search_text}; on PostgreSQL a trigram index ({@code pg_trgm}) serves
 * {@code LIKE '%word%'}.
 */
public final class SearchKey {

	private SearchKey() {
	}

	public static String of(String familyName, String givenName, String familyNameKana, String givenNameKana,
			@Nullable String phone) {
		return word(familyName + givenName) + " " + word(familyNameKana + givenNameKana) + " "
				+ digits(phone == null ? "" : phone);
	}

	/** A typed word as the key holds it. */
	public static String word(String typed) {
		return Kana.katakana(Normalizer.normalize(typed, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT))
			.replace(" ", "");
	}

	public static String digits(String typed) {
		return Normalizer.normalize(typed, Normalizer.Form.NFKC).replaceAll("[^0-9]", "");
	}

	/** Whether a typed word is (part of) a phone number: digits with hyphens, brackets, a plus. */
	public static boolean phoneLike(String typed) {
		return Normalizer.normalize(typed, Normalizer.Form.NFKC).matches("[0-9+()\\-ー‐−]*[0-9][0-9+()\\-ー‐−]*");
	}

	/** {@code %word%} for {@code LIKE … ESCAPE '\'}: a typed % or _ is looked for as itself. */
	public static String containing(String word) {
		return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
	}
}
