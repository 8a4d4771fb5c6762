package jp.tsunagu.vitals.web;

import java.math.BigDecimal;
import java.text.Normalizer;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A reading as people type it at the desk: full-width digits (「１２８」), a full-width or ASCII
 * decimal point for kg and ℃ (「５２．３」), thousands commas for steps (「８，２００」), spaces
 * around it. Nothing else: no sign, no exponent, no unit, at most two decimals.
 */
final class TypedNumber {

	private static final Pattern NUMBER = Pattern.compile("[0-9]{1,6}(\\.[0-9]{1,2})?");

	private static final Pattern GROUPED = Pattern.compile("[0-9]{1,3}(,[0-9]{3})+");

	private TypedNumber() {
	}

	/** The number typed, or null when it is not one (empty included). */
	static @Nullable BigDecimal read(String typed) {
		if (typed.length() > 20) {
			return null;
		}
		var text = Normalizer.normalize(typed, Normalizer.Form.NFKC).strip();
		if (GROUPED.matcher(text).matches()) {
			text = text.replace(",", "");
		}
		return NUMBER.matcher(text).matches() ? new BigDecimal(text) : null;
	}
}
