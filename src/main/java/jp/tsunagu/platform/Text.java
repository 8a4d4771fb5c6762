package jp.tsunagu.platform;

import org.jspecify.annotations.Nullable;

/** What a typed field means: left empty, or a number as people type it. */
public final class Text {

	private Text() {
	}

	/** Nothing typed (or only spaces) is "not given"; otherwise the text without its outer spaces. */
	public static @Nullable String blankToNull(@Nullable String typed) {
		return typed == null || typed.isBlank() ? null : typed.strip();
	}

	/**
	 * A whole number of up to nine digits as people type it: full-width digits and thousands commas
	 * are fine (「１，０００」 is 1000); anything else, a sign included, is -1.
	 */
	public static int wholeNumber(String typed) {
		var digits = java.text.Normalizer.normalize(typed.strip(), java.text.Normalizer.Form.NFKC).replace(",", "");
		return digits.matches("[0-9]{1,9}") ? Integer.parseInt(digits) : -1;
	}
}
