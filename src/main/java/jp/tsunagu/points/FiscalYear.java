package jp.tsunagu.points;

import java.time.Instant;
import java.time.LocalDate;

import jp.tsunagu.platform.Tokyo;

/** Japan's fiscal year: fiscal 2026 runs from 1 April 2026 to 31 March 2027, Japan's days. */
public record FiscalYear(int year) {

	public static FiscalYear of(Instant instant) {
		var day = Tokyo.day(instant);
		return new FiscalYear(day.getMonthValue() >= 4 ? day.getYear() : day.getYear() - 1);
	}

	/** The first moment of the fiscal year: 1 April, 0:00 in Japan. */
	public Instant start() {
		return LocalDate.of(year, 4, 1).atStartOfDay(Tokyo.ZONE).toInstant();
	}

	/** Its last day, 31 March of the next calendar year. */
	public LocalDate lastDay() {
		return LocalDate.of(year + 1, 3, 31);
	}

	public FiscalYear plus(int years) {
		return new FiscalYear(year + years);
	}
}
