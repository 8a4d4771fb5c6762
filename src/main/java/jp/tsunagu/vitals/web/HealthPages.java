package jp.tsunagu.vitals.web;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

import jp.tsunagu.identity.AccountId;
import jp.tsunagu.platform.TimeWording;
import jp.tsunagu.platform.Tokyo;
import jp.tsunagu.vitals.Band;
import jp.tsunagu.vitals.Measurement;
import jp.tsunagu.vitals.Threshold;
import jp.tsunagu.vitals.VitalKind;
import jp.tsunagu.vitals.Vitals;

/**
 * What 「わたしの健康」 shows of one kind, in the reader's words: the latest reading as written
 * (「128/82」 mmHg, 「6,532」 歩), when it was taken, its band as a sentence, the chart, and the rows of
 * the same three months for the table.
 */
@Component
class HealthPages {

	/** More than three months of several readings a day; the chart and table show the newest this many. */
	static final int MOST = 1000;

	private final Vitals vitals;

	private final MessageSource messages;

	private final TimeWording when;

	private final Clock clock;

	HealthPages(Vitals vitals, MessageSource messages, TimeWording when, Clock clock) {
		this.vitals = vitals;
		this.messages = messages;
		this.when = when;
		this.clock = clock;
	}

	/** One reading as a row: when, the value as written, the band's words. */
	record Row(String when, String value, String unit, Band band, String bandWords) {
	}

	/**
	 * One kind on the page.
	 *
	 * @param latest null when the resident has no reading of this kind at all
	 * @param rows the last three months, newest first
	 */
	record KindView(VitalKind kind, String slug, String name, @Nullable Row latest, String chart, List<Row> rows) {
	}

	/** Every kind, those with a reading first, each in {@link VitalKind#shown()}'s order. */
	List<KindView> all(AccountId resident) {
		var latest = vitals.latest(resident);
		var thresholds = vitals.thresholds();
		var measured = new ArrayList<KindView>();
		var unmeasured = new ArrayList<KindView>();
		for (var kind : VitalKind.shown()) {
			var threshold = thresholds.getOrDefault(kind, Threshold.none(kind));
			var m = latest.get(kind);
			if (m == null) {
				unmeasured.add(new KindView(kind, slug(kind), name(kind), null, "", List.of()));
			}
			else {
				measured.add(view(resident, kind, m, threshold));
			}
		}
		measured.addAll(unmeasured);
		return measured;
	}

	/** One kind with its table; empty when the slug names no kind. */
	Optional<KindView> one(AccountId resident, String slug) {
		var kind = VitalKind.shown().stream().filter(k -> slug(k).equals(slug)).findFirst();
		return kind.map(k -> {
			var m = vitals.latest(resident).get(k);
			var threshold = vitals.thresholds().getOrDefault(k, Threshold.none(k));
			return m == null ? new KindView(k, slug, name(k), null, "", List.of()) : view(resident, k, m, threshold);
		});
	}

	private KindView view(AccountId resident, VitalKind kind, Measurement latest, Threshold threshold) {
		var to = clock.instant();
		var from = threeMonthsBefore(to);
		var newestFirst = vitals.search(resident, List.of(kind), from, null, true, 0, MOST);
		var rows = newestFirst.stream().map(m -> row(m, threshold)).toList();
		var points = newestFirst.reversed().stream()
			.map(m -> new HealthChart.Point(m.takenAt(), m.value(), m.second()))
			.toList();
		var newest = rows.isEmpty() ? null : rows.getFirst();
		var description = newest == null ? text("health.chart.empty-description")
				: text("health.chart.description", rows.size(), newest.when(), newest.value(), newest.unit());
		var name = name(kind);
		var paired = kind.paired();
		var words = new HealthChart.Words(text("health.chart.title", name), description,
				text("health.chart.unit", kind.unitLabel()), paired ? text("health.chart.first") : null,
				paired ? text("health.chart.second") : null,
				paired ? List.of(text("health.chart.band.first"), text("health.chart.band.second"))
						: List.of(text("health.chart.band")),
				text("health.chart.none"),
				month -> DateTimeFormatter.ofPattern(text("health.chart.month"), locale()).format(month),
				value -> number(kind, value));
		var chart = HealthChart.svg("chart-" + slug(kind), points, threshold, from, to, words);
		return new KindView(kind, slug(kind), name, row(latest, threshold), chart, rows);
	}

	private Row row(Measurement m, Threshold threshold) {
		var value = number(m.kind(), m.value());
		if (m.second() != null) {
			value = value + "/" + number(m.kind(), m.second());
		}
		var band = threshold.band(m.value(), m.second());
		// a reading from another year says which (「2025年3月5日 午後2時」): 「3月5日(水)」 alone would read as this year's
		var thisYear = clock.instant().atZone(Tokyo.ZONE).getYear() == m.takenAt().atZone(Tokyo.ZONE).getYear();
		return new Row(thisYear ? when.dateTime(m.takenAt()) : when.stamp(m.takenAt()), value, m.kind().unitLabel(), band,
				text("health.band." + band.name()));
	}

	/** A value as a resident reads it: the kind's decimals, thousands grouped (「6,532」). */
	static String number(VitalKind kind, BigDecimal value) {
		var pattern = kind.scale() == 0 ? "#,##0" : "#,##0." + "0".repeat(kind.scale());
		var format = new DecimalFormat(pattern, DecimalFormatSymbols.getInstance(Locale.ROOT));
		return format.format(value.setScale(kind.scale(), RoundingMode.HALF_UP));
	}

	static String slug(VitalKind kind) {
		return kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	private String name(VitalKind kind) {
		return text("health.kind." + kind.name());
	}

	private String text(String key, Object... args) {
		return messages.getMessage(key, args, locale());
	}

	private static Locale locale() {
		return LocaleContextHolder.getLocale();
	}

	static Instant threeMonthsBefore(Instant to) {
		return to.atZone(Tokyo.ZONE).toLocalDate().minusMonths(3).atStartOfDay(Tokyo.ZONE).toInstant();
	}
}
