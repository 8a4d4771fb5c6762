package jp.tsunagu.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Locale;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.context.support.ReloadableResourceBundleMessageSource;

/** Dates and times written one way, as SENIOR-UX asks, and every template using that one way. */
class TimeWordingTests {

	private final TimeWording when = new TimeWording(messages());

	/** 2025-12-03 14:00 in Tokyo (a Wednesday). */
	private static final Instant TWO_PM = Instant.parse("2025-12-03T05:00:00Z");

	@AfterEach
	void resetLocale() {
		LocaleContextHolder.resetLocaleContext();
	}

	@Test
	void whenJapaneseThenTimesReadAsTheyAreSpoken() {
		LocaleContextHolder.setLocale(Locale.JAPANESE);
		assertThat(when.time(TWO_PM)).isEqualTo("午後2時");
		assertThat(when.time(TWO_PM.plusSeconds(30 * 60))).isEqualTo("午後2時30分");
		assertThat(when.time(Instant.parse("2025-12-03T01:05:00Z"))).isEqualTo("午前10時5分");
		assertThat(when.time(Instant.parse("2025-12-03T03:00:00Z"))).as("noon").isEqualTo("午後0時");
		assertThat(when.date(TWO_PM)).isEqualTo("12月3日(水)");
		assertThat(when.date(LocalDate.of(2025, 12, 3))).isEqualTo("12月3日(水)");
		assertThat(when.dateTime(TWO_PM)).isEqualTo("12月3日(水) 午後2時");
		assertThat(when.span(TWO_PM, TWO_PM.plusSeconds(90 * 60))).isEqualTo("12月3日(水) 午後2時〜午後3時30分");
		assertThat(when.fullDate(LocalDate.of(1942, 3, 5))).isEqualTo("1942年3月5日");
		assertThat(when.stamp(TWO_PM)).isEqualTo("2025年12月3日 午後2時");
		assertThat(when.shortDate(LocalDate.of(2026, 11, 2))).isEqualTo("11月2日");
	}

	@Test
	void whenEnglishThenTheSameInEnglishWords() {
		LocaleContextHolder.setLocale(Locale.ENGLISH);
		assertThat(when.time(TWO_PM)).isEqualTo("2 PM");
		assertThat(when.time(TWO_PM.plusSeconds(30 * 60))).isEqualTo("2:30 PM");
		assertThat(when.date(TWO_PM)).isEqualTo("Wed, Dec 3");
		assertThat(when.span(TWO_PM, TWO_PM.plusSeconds(90 * 60))).isEqualTo("Wed, Dec 3, 2 PM – 3:30 PM");
	}

	@Test
	void whenTheLanguageIsGivenThenItWinsOverTheRequestsOne() {
		LocaleContextHolder.setLocale(Locale.ENGLISH);
		assertThat(when.date(TWO_PM, Locale.JAPANESE)).isEqualTo("12月3日(水)");
		assertThat(when.date(LocalDate.of(2025, 12, 3), Locale.ENGLISH)).isEqualTo("Wed, Dec 3");
	}

	@Test
	void whenATemplateShowsADateOrTimeThenItUsesTheOneWording() throws IOException {
		var own = new ArrayList<String>();
		try (Stream<Path> files = Files.walk(MessagesTests.TEMPLATES)) {
			for (var file : files.filter(f -> f.toString().endsWith(".html")).toList()) {
				var html = Files.readString(file);
				if (html.contains("#temporals") || html.contains("#dates") || html.contains("#calendars")) {
					own.add(file.getFileName().toString());
				}
			}
		}
		assertThat(own).as("templates formatting dates themselves instead of @when").isEmpty();
	}

	private static ReloadableResourceBundleMessageSource messages() {
		var messages = new ReloadableResourceBundleMessageSource();
		messages.setBasename("classpath:messages");
		messages.setDefaultEncoding("UTF-8");
		messages.setFallbackToSystemLocale(false);
		messages.setDefaultLocale(Locale.JAPANESE);
		return messages;
	}
}
