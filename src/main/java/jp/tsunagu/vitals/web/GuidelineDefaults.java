package jp.tsunagu.vitals.web;

import java.math.BigDecimal;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import jp.tsunagu.vitals.VitalKind;

/**
 * The thresholds Tsunagu starts with (the vitals migration's rows), shown beside what an
 * administrator set so a change can be compared and undone by hand: home blood pressure per the
 * Japanese Society of Hypertension 2019 (135/85 high, below 90/60 low), pulse 50-100/min, fever from
 * 37.5 ℃ and below 35.0 ℃ low, SpO2 below 95 %; weight, body fat and steps have none.
 */
final class GuidelineDefaults {

	record Bounds(@Nullable BigDecimal low1, @Nullable BigDecimal high1, @Nullable BigDecimal low2,
			@Nullable BigDecimal high2) {

		static final Bounds NONE = new Bounds(null, null, null, null);
	}

	private static final Map<VitalKind, Bounds> DEFAULTS = Map.of(
			VitalKind.BLOOD_PRESSURE, new Bounds(n("90"), n("135"), n("60"), n("85")),
			VitalKind.PULSE, new Bounds(n("50"), n("100"), null, null),
			VitalKind.BODY_TEMPERATURE, new Bounds(n("35.0"), n("37.5"), null, null),
			VitalKind.SPO2, new Bounds(n("95"), null, null, null));

	private GuidelineDefaults() {
	}

	static Bounds of(VitalKind kind) {
		return DEFAULTS.getOrDefault(kind, Bounds.NONE);
	}

	private static BigDecimal n(String value) {
		return new BigDecimal(value);
	}
}
