package jp.tsunagu.platform;

import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The language of an API answer: a partner's back end has no locale cookie, so its
 * {@code Accept-Language} decides between Japanese (the default) and English.
 */
public final class ApiLocale {

	private ApiLocale() {
	}

	public static Locale of(HttpServletRequest request) {
		var header = request.getHeader("Accept-Language");
		if (header == null || header.isBlank()) {
			return PlatformConfiguration.DEFAULT_LOCALE;
		}
		try {
			var chosen = Locale.lookup(Locale.LanguageRange.parse(header),
					java.util.List.of(Locale.JAPANESE, Locale.ENGLISH));
			return chosen != null ? chosen : PlatformConfiguration.DEFAULT_LOCALE;
		}
		catch (IllegalArgumentException ex) {
			return PlatformConfiguration.DEFAULT_LOCALE;
		}
	}
}
