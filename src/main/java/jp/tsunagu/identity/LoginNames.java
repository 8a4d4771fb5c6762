package jp.tsunagu.identity;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * People type their login the way they write it: full-width digits, hyphens in phone numbers,
 * capitals in e-mail addresses. One normal form makes all of those the same login.
 */
public final class LoginNames {

	private static final Pattern PHONE = Pattern.compile("^\\+?[0-9(][0-9\\- ()]{8,16}$");

	/** Dashes a Japanese keyboard gives instead of a hyphen (ー, ‐, −, –, —), between digits. */
	private static final Pattern DASH_BETWEEN_DIGITS = Pattern.compile("(?<=[0-9)])[ー‐−–—](?=[0-9(])");

	private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

	private LoginNames() {
	}

	public static String normalize(String typed) {
		var s = Normalizer.normalize(typed, Normalizer.Form.NFKC).strip();
		var dashed = DASH_BETWEEN_DIGITS.matcher(s).replaceAll("-");
		if (PHONE.matcher(dashed).matches()) {
			return dashed.replaceAll("[\\- ()]", "");
		}
		return s.toLowerCase(Locale.ROOT);
	}

	public static boolean isEmail(String normalized) {
		return EMAIL.matcher(normalized).matches();
	}

	public static boolean isPhone(String normalized) {
		return normalized.matches("^\\+?[0-9]{9,15}$");
	}
}
