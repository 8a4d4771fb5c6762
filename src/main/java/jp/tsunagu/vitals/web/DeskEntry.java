package jp.tsunagu.vitals.web;

import java.math.BigDecimal;
import java.text.Normalizer;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import jp.tsunagu.identity.AccountId;
import jp.tsunagu.platform.Tokyo;
import jp.tsunagu.vitals.Measurement;
import jp.tsunagu.vitals.MeasurementRefused;
import jp.tsunagu.vitals.NewMeasurement;
import jp.tsunagu.vitals.VitalKind;

/**
 * The help desk's entry form as typed: which kind, the value (the systolic for blood pressure), the
 * diastolic, and when (Japan time; empty is now). Reading it gives a measurement of the device
 * {@code desk} at a time rounded to the minute, so a form sent twice is the same measurement.
 */
record DeskEntry(String kind, String value, String second, String takenAt) {

	static final String DEVICE = "desk";

	/** What the form shows when it opens: nothing chosen, the time now. */
	static DeskEntry empty(Instant now) {
		return new DeskEntry("", "", "", local(now));
	}

	/** What the form shows again after a refusal: what was typed, cut to what a field can hold. */
	DeskEntry kept() {
		return new DeskEntry(kindOf().map(Enum::name).orElse(""), cut(value), cut(second), cut(takenAt));
	}

	Optional<VitalKind> kindOf() {
		return Arrays.stream(VitalKind.values()).filter(k -> k.name().equals(kind)).findFirst();
	}

	/** The measurement typed, or the problems of its fields in the form's order. */
	Read read(AccountId resident, String staff, Instant now) {
		var problems = new LinkedHashMap<String, Problem>();
		var chosen = kindOf();
		if (chosen.isEmpty()) {
			problems.put("kind", new Problem("vitals.desk.kind.missing"));
		}
		var first = TypedNumber.read(value);
		if (first == null) {
			problems.put("value", value.isBlank()
					? new Problem("vitals.desk.value.missing", label(chosen.map(DeskEntry::firstLabel).orElse("vitals.desk.value")))
					: new Problem("vitals.desk.value.not-a-number", label(chosen.map(DeskEntry::firstLabel).orElse("vitals.desk.value"))));
		}
		else if (chosen.isPresent() && first.scale() > chosen.get().scale()) {
			problems.put("value", decimals(chosen.get(), Problem.words(firstLabel(chosen.get()))));
		}
		BigDecimal diastolic = null;
		if (!second.isBlank()) {
			diastolic = TypedNumber.read(second);
			if (diastolic == null) {
				problems.put("second", new Problem("vitals.desk.value.not-a-number", Problem.words("vitals.desk.label.BLOOD_PRESSURE.second")));
			}
			else if (chosen.isPresent() && chosen.get().paired() && diastolic.scale() > 0) {
				problems.put("second", decimals(chosen.get(), Problem.words("vitals.desk.label.BLOOD_PRESSURE.second")));
			}
		}
		var when = time(now);
		if (when == null) {
			problems.put("takenAt", new Problem("vitals.desk.takenAt.unreadable"));
		}
		if (!problems.isEmpty() || chosen.isEmpty() || first == null || when == null) {
			return new Read(null, problems);
		}
		return new Read(new NewMeasurement(resident, chosen.get(), when, first, diastolic, DEVICE, Measurement.Source.DESK,
				null, staff), problems);
	}

	/** What a refusal of {@code Vitals.check} means for this form, in its words. */
	Map.Entry<String, Problem> refused(MeasurementRefused refused) {
		var chosen = kindOf().orElseThrow();
		return switch (refused.field() + "/" + refused.problem()) {
			case "systolic/implausible", "value/implausible" -> Map.entry("value", new Problem("vitals.desk.implausible",
					Problem.words(firstLabel(chosen)), shown(value), plain(chosen.min()), plain(chosen.max()), chosen.unitLabel()));
			case "diastolic/missing" -> Map.entry("second", new Problem("vitals.desk.second.missing"));
			case "diastolic/implausible" -> Map.entry("second", new Problem("vitals.desk.implausible",
					Problem.words("vitals.desk.label.BLOOD_PRESSURE.second"), shown(second), plain(chosen.secondMin()),
					plain(chosen.secondMax()), chosen.unitLabel()));
			case "diastolic/not-below-systolic" -> Map.entry("second", new Problem("vitals.desk.second.not-below"));
			case "component/not-allowed" -> Map.entry("second", new Problem("vitals.desk.second.not-allowed"));
			case "effective/future" -> Map.entry("takenAt", new Problem("vitals.desk.takenAt.future"));
			case "effective/too-old" -> Map.entry("takenAt", new Problem("vitals.desk.takenAt.too-old"));
			default -> Map.entry("value", new Problem("vitals.desk.refused"));
		};
	}

	/** The typed result: a measurement when nothing is wrong. */
	record Read(@Nullable NewMeasurement measurement, Map<String, Problem> problems) {
	}

	/** The label of the first value: 「上の血圧」 for blood pressure, else the kind's name. */
	private static Object label(String key) {
		return Problem.words(key);
	}

	static String firstLabel(VitalKind kind) {
		return kind.paired() ? "vitals.desk.label.BLOOD_PRESSURE.first" : "vitals.desk.kind." + kind.name();
	}

	private static Problem decimals(VitalKind kind, Object label) {
		return kind.scale() == 0 ? new Problem("vitals.desk.value.whole", label)
				: new Problem("vitals.desk.value.decimals", label, kind.scale());
	}

	/** When it was measured: as typed in Japan time, or now; to the minute either way. */
	private @Nullable Instant time(Instant now) {
		var typed = Normalizer.normalize(takenAt, Normalizer.Form.NFKC).strip().replace(' ', 'T');
		if (typed.isEmpty()) {
			return now.truncatedTo(ChronoUnit.MINUTES);
		}
		if (typed.length() > 25) {
			return null;
		}
		try {
			return LocalDateTime.parse(typed).atZone(Tokyo.ZONE).toInstant().truncatedTo(ChronoUnit.MINUTES);
		}
		catch (DateTimeParseException notATime) {
			return null;
		}
	}

	static String local(Instant instant) {
		return instant.atZone(Tokyo.ZONE).toLocalDateTime().truncatedTo(ChronoUnit.MINUTES).toString();
	}

	private static String shown(String typed) {
		var number = TypedNumber.read(typed);
		return number == null ? "" : number.toPlainString();
	}

	private static String plain(@Nullable BigDecimal number) {
		return number == null ? "" : number.stripTrailingZeros().toPlainString();
	}

	private static String cut(String typed) {
		return typed.length() > 25 ? "" : typed;
	}
}
