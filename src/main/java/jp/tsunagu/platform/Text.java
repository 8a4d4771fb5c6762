package jp.tsunagu.platform;

import org.jspecify.annotations.Nullable;

/** What a typed field means when the person left it empty. */
public final class Text {

	private Text() {
	}

	/** Nothing typed (or only spaces) is "not given"; otherwise the text without its outer spaces. */
	public static @Nullable String blankToNull(@Nullable String typed) {
		return typed == null || typed.isBlank() ? null : typed.strip();
	}
}
