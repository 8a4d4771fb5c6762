package jp.tsunagu.vitals;

import java.math.BigDecimal;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Where a kind's readings stop being usual: below {@code low} or at or above {@code high}; for blood
 * pressure the second pair is the diastolic's. Null bounds are not checked.
 */
public record Threshold(VitalKind kind, @Nullable BigDecimal low1, @Nullable BigDecimal high1,
		@Nullable BigDecimal low2, @Nullable BigDecimal high2, Instant updatedAt, String updatedBy) {

	public static Threshold none(VitalKind kind) {
		return new Threshold(kind, null, null, null, null, Instant.EPOCH, "default");
	}

	public Band band(BigDecimal value, @Nullable BigDecimal second) {
		if (low1 == null && high1 == null && low2 == null && high2 == null) {
			return Band.NONE;
		}
		// "at or above" the high bound: the guideline's 135/85 is already hypertension
		if ((high1 != null && value.compareTo(high1) >= 0)
				|| (second != null && high2 != null && second.compareTo(high2) >= 0)) {
			return Band.HIGH;
		}
		if ((low1 != null && value.compareTo(low1) < 0) || (second != null && low2 != null && second.compareTo(low2) < 0)) {
			return Band.LOW;
		}
		return Band.USUAL;
	}
}
