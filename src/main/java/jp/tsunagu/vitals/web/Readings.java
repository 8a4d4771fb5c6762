package jp.tsunagu.vitals.web;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.NumberFormat;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import jp.tsunagu.vitals.Band;
import jp.tsunagu.vitals.Measurement;
import jp.tsunagu.vitals.Threshold;
import jp.tsunagu.vitals.VitalKind;

/**
 * A measurement as the desk reads it: 「128/82」 mmHg, 「52.3」 kg, 「8,200」 歩, with the words of its
 * band (「いつもどおり」「高め」) and of where it came from.
 */
record Readings(Measurement measurement, String value, String unit, String band, String source) {

	static Readings of(Measurement m, Threshold threshold) {
		var text = number(m.kind(), m.value()) + (m.second() == null ? "" : "/" + number(m.kind(), m.second()));
		Band band = threshold.band(m.value(), m.second());
		return new Readings(m, text, m.kind().unitLabel(), "vitals.desk.band." + band.name(),
				"vitals.desk.source." + m.source().name());
	}

	/** A value with its kind's decimals, thousands grouped: 「36.5」, 「8,200」. */
	static String number(VitalKind kind, @Nullable BigDecimal value) {
		if (value == null) {
			return "";
		}
		var format = NumberFormat.getNumberInstance(Locale.JAPAN);
		format.setMinimumFractionDigits(kind.scale());
		format.setMaximumFractionDigits(kind.scale());
		return format.format(value.setScale(kind.scale(), RoundingMode.HALF_UP));
	}
}
