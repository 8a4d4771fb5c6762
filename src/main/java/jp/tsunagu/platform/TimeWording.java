package jp.tsunagu.platform;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * The one way every page writes a date or a time, as SENIOR-UX asks: 「12月3日(水)」, 「午後2時」,
 * 「午後2時30分」 (no minutes on the hour, no 24-hour clock), always in Tokyo time. Templates call it
 * as {@code ${@when.dateTime(instant)}}; the patterns are messages, so English reads "Wed, Dec 3",
 * "2 PM".
 */
@Component("when")
public final class TimeWording {

	static final ZoneId TOKYO = Tokyo.ZONE;

	private final MessageSource messages;

	TimeWording(MessageSource messages) {
		this.messages = messages;
	}

	/** 「12月3日(水)」: a day in the coming weeks or the last few. */
	public String date(Object day) {
		return format("when.date", tokyo(day));
	}

	/**
	 * 「12月3日(水)」 in a language chosen by the caller, for what is written outside a page's request
	 * (the printed login sheet, rendered for the desk's language).
	 */
	public String date(Object day, Locale locale) {
		return format("when.date", tokyo(day), locale);
	}

	/** 「11月2日」: a short label, where the weekday is known anyway (a chart's weeks). */
	public String shortDate(Object day) {
		return format("when.date.short", tokyo(day));
	}

	/** 「1942年3月5日」: a date where the year matters (a birthday, when a consent was given). */
	public String fullDate(Object day) {
		return format("when.date.year", tokyo(day));
	}

	/** 「午後2時」 on the hour, 「午後2時30分」 otherwise. */
	public String time(Instant instant) {
		var at = instant.atZone(TOKYO);
		return format(at.getMinute() == 0 ? "when.time.hour" : "when.time.minutes", at);
	}

	/** 「12月3日(水) 午後2時30分」. */
	public String dateTime(Instant instant) {
		return text("when.at", date(instant), time(instant));
	}

	/** 「2026年12月3日 午後2時30分」: for records kept longer than a season (the audit log). */
	public String stamp(Instant instant) {
		return text("when.at", fullDate(instant), time(instant));
	}

	/** 「12月3日(水) 午後2時〜午後3時30分」; the date twice only when it ends on another day. */
	public String span(Instant start, Instant end) {
		var sameDay = start.atZone(TOKYO).toLocalDate().equals(end.atZone(TOKYO).toLocalDate());
		return text("when.span", dateTime(start), sameDay ? time(end) : dateTime(end));
	}

	private String format(String patternKey, TemporalAccessor value) {
		return format(patternKey, value, locale());
	}

	private String format(String patternKey, TemporalAccessor value, Locale locale) {
		return DateTimeFormatter.ofPattern(messages.getMessage(patternKey, null, locale), locale).format(value);
	}

	private String text(String key, Object... args) {
		return messages.getMessage(key, args, locale());
	}

	private static TemporalAccessor tokyo(Object day) {
		return switch (day) {
			case LocalDate date -> date;
			case Instant instant -> instant.atZone(TOKYO);
			case ZonedDateTime zoned -> zoned.withZoneSameInstant(TOKYO);
			default -> throw new IllegalArgumentException("Not a date: " + day.getClass());
		};
	}

	private static Locale locale() {
		return LocaleContextHolder.getLocale();
	}
}
