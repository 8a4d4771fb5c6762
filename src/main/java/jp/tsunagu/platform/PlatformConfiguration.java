package jp.tsunagu.platform;

import java.time.Clock;
import java.util.List;
import java.util.Locale;

import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.ReloadableResourceBundleMessageSource;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

/**
 * Japanese first, English as a setting: the locale lives in a cookie that {@code ?lang=en} changes,
 * never guessed from the browser, so a lent tablet always speaks Japanese unless asked otherwise.
 */
@Configuration(proxyBeanMethods = false)
class PlatformConfiguration implements WebMvcConfigurer {

	static final Locale DEFAULT_LOCALE = Locale.JAPANESE;

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	/**
	 * The shared words ({@code messages_ja/_en}) and each module's own bundle,
	 * {@code i18n/<module>_ja.properties} and {@code _en}, found on the class path, so a module
	 * brings its words without editing a shared file.
	 */
	@Bean
	MessageSource messageSource() throws java.io.IOException {
		var messages = new ReloadableResourceBundleMessageSource();
		var basenames = new java.util.TreeSet<String>();
		basenames.add("classpath:messages");
		for (var bundle : new org.springframework.core.io.support.PathMatchingResourcePatternResolver()
			.getResources("classpath*:i18n/*_ja.properties")) {
			var file = java.util.Objects.requireNonNull(bundle.getFilename());
			basenames.add("classpath:i18n/" + file.substring(0, file.length() - "_ja.properties".length()));
		}
		messages.setBasenames(basenames.toArray(String[]::new));
		messages.setDefaultEncoding("UTF-8");
		messages.setFallbackToSystemLocale(false);
		messages.setDefaultLocale(DEFAULT_LOCALE);
		return messages;
	}

	@Bean
	LocaleResolver localeResolver() {
		var resolver = new CookieLocaleResolver("tsunagu-lang");
		resolver.setDefaultLocaleFunction(PlatformConfiguration::defaultLocale);
		return resolver;
	}

	/**
	 * Without the language cookie: screens speak Japanese (a resident switches with {@code ?lang=en});
	 * the JSON APIs follow the partner's {@code Accept-Language} between Japanese and English, Japanese
	 * when it names neither.
	 */
	static Locale defaultLocale(jakarta.servlet.http.HttpServletRequest request) {
		return request.getRequestURI().startsWith("/api/") ? ApiLocale.of(request) : DEFAULT_LOCALE;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		var change = new LocaleChangeInterceptor();
		change.setParamName("lang");
		change.setIgnoreInvalidLocale(true);
		registry.addInterceptor(change);
	}
}
