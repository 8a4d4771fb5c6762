package jp.tsunagu.vitals.fhir;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.Year;

import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

import jp.tsunagu.platform.Tokyo;

/**
 * FHIR's {@code date} search parameter: a prefix (eq, ge, gt, le, lt, sa, eb; eq when none) and a
 * date, a month, a year or a dateTime with its zone; a date without a zone is a day in Japan. Each
 * becomes a half-open range {@code [from, before)} of instants.
 */
final class DateRanges {

	private DateRanges() {
	}

	record Range(@Nullable Instant from, @Nullable Instant before) {
	}

	static Range parse(String value) {
		String prefix = value.length() > 2 && Character.isLetter(value.charAt(0)) ? value.substring(0, 2) : "eq";
		String text = prefix.equals("eq") && !value.startsWith("eq") ? value : value.substring(2);
		Instant start;
		Instant end;
		try {
			if (text.length() == 4) {
				var year = Year.parse(text);
				start = year.atDay(1).atStartOfDay(Tokyo.ZONE).toInstant();
				end = year.plusYears(1).atDay(1).atStartOfDay(Tokyo.ZONE).toInstant();
			}
			else if (text.length() == 7) {
				var month = YearMonth.parse(text);
				start = month.atDay(1).atStartOfDay(Tokyo.ZONE).toInstant();
				end = month.plusMonths(1).atDay(1).atStartOfDay(Tokyo.ZONE).toInstant();
			}
			else if (text.length() == 10) {
				var day = LocalDate.parse(text);
				start = day.atStartOfDay(Tokyo.ZONE).toInstant();
				end = day.plusDays(1).atStartOfDay(Tokyo.ZONE).toInstant();
			}
			else {
				start = OffsetDateTime.parse(text).toInstant();
				end = start.plusSeconds(1);
			}
		}
		catch (java.time.DateTimeException ex) {
			throw new FhirRefused(HttpStatus.BAD_REQUEST, IssueType.INVALID, "date-malformed", "date");
		}
		return switch (prefix) {
			case "eq" -> new Range(start, end);
			case "ge" -> new Range(start, null);
			case "gt", "sa" -> new Range(end, null);
			case "le" -> new Range(null, end);
			case "lt", "eb" -> new Range(null, start);
			default -> throw new FhirRefused(HttpStatus.BAD_REQUEST, IssueType.NOTSUPPORTED, "date-prefix", "date");
		};
	}
}
