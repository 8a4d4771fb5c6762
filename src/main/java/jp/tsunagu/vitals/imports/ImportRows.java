package jp.tsunagu.vitals.imports;

import java.math.BigDecimal;
import java.text.Normalizer;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import jp.tsunagu.identity.AccountId;
import jp.tsunagu.platform.Tokyo;
import jp.tsunagu.vitals.Measurement;
import jp.tsunagu.vitals.NewMeasurement;
import jp.tsunagu.vitals.VitalKind;

/**
 * Reads one row of a vendor's CSV as a measurement, or says what is wrong with it, column by
 * column, in message keys ({@code vitals-import.problem.<column>.<problem>}). Values are read as
 * people and spreadsheets write them: full-width digits, 「2026/12/01 10:15」 in Japan time or ISO
 * 8601 with an offset, a kind by its name, its LOINC code or its Japanese word.
 */
final class ImportRows {

	/** The device column is stored as {@code import:<device>} in a column of 120. */
	static final int MAX_DEVICE = 120 - "import:".length();

	private static final Pattern TIME = Pattern.compile("(\\d{4})[-/.](\\d{1,2})[-/.](\\d{1,2})"
			+ "(?:[ T]+(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:\\.\\d{1,9})?)?)?\\s*(Z|[+-]\\d{2}:?\\d{2})?");

	private static final Pattern NUMBER = Pattern.compile("-?\\d{1,7}(?:\\.\\d{1,4})?");

	private static final Map<String, VitalKind> WORDS = Map.ofEntries(Map.entry("血圧", VitalKind.BLOOD_PRESSURE),
			Map.entry("脈拍", VitalKind.PULSE), Map.entry("心拍数", VitalKind.PULSE), Map.entry("体重", VitalKind.BODY_WEIGHT),
			Map.entry("体脂肪率", VitalKind.BODY_FAT), Map.entry("体温", VitalKind.BODY_TEMPERATURE),
			Map.entry("酸素飽和度", VitalKind.SPO2), Map.entry("歩数", VitalKind.STEPS));

	private static final Map<VitalKind, Set<String>> UNITS = Map.of(VitalKind.BLOOD_PRESSURE, Set.of("mmhg", "mm[hg]"),
			VitalKind.PULSE, Set.of("/min", "bpm", "回/分", "拍/分"), VitalKind.BODY_WEIGHT, Set.of("kg"),
			VitalKind.BODY_FAT, Set.of("%"), VitalKind.BODY_TEMPERATURE, Set.of("cel", "°c", "c", "度"), VitalKind.SPO2,
			Set.of("%"), VitalKind.STEPS, Set.of("/d", "歩", "steps", "歩/日"));

	/** A problem of a row: which column, what (a message key's last part) and the value that was there. */
	record Problem(int row, String column, String problem, @Nullable String value) {
	}

	/** What a row became: a measurement to check and store, or the problems that stop it. */
	record Read(int row, @Nullable NewMeasurement measurement, List<Problem> problems) {
	}

	private final VendorCsv file;

	private final Function<String, Optional<AccountId>> residents;

	private final String recordedBy;

	ImportRows(VendorCsv file, Function<String, Optional<AccountId>> residents, String recordedBy) {
		this.file = file;
		this.residents = residents;
		this.recordedBy = recordedBy;
	}

	Read read(VendorCsv.Row row) {
		var problems = new ArrayList<Problem>();
		int n = row.number();
		if (row.problem() != null) {
			problems.add(new Problem(n, "row", row.problem(), null));
			return new Read(n, null, problems);
		}
		var takenAt = time(n, row.get(file, "measured_at"), problems);
		var resident = resident(n, row.get(file, "resident"), problems);
		var device = row.get(file, "device");
		if (device.isEmpty()) {
			problems.add(new Problem(n, "device", "missing", null));
		}
		else if (device.length() > MAX_DEVICE) {
			problems.add(new Problem(n, "device", "too-long", null));
		}
		var kind = kind(n, row.get(file, "kind"), problems);
		var valueText = normal(row.get(file, "value"));
		var secondText = normal(row.get(file, "second"));
		if (kind == VitalKind.BLOOD_PRESSURE && secondText.isEmpty() && valueText.matches("[^/]+/[^/]+")) {
			// 「128/82」 in one column, as a blood-pressure monitor shows it
			secondText = valueText.substring(valueText.indexOf('/') + 1).strip();
			valueText = valueText.substring(0, valueText.indexOf('/')).strip();
		}
		var value = number(n, "value", valueText, true, problems);
		var second = number(n, "second", secondText, kind == VitalKind.BLOOD_PRESSURE, problems);
		var unit = normal(row.get(file, "unit"));
		if (kind != null && !unit.isEmpty() && !UNITS.get(kind).contains(unit.toLowerCase(Locale.ROOT))) {
			problems.add(new Problem(n, "unit", "wrong", clip(unit)));
		}
		if (!problems.isEmpty() || takenAt == null || resident == null || kind == null || value == null) {
			return new Read(n, null, problems);
		}
		return new Read(n, new NewMeasurement(resident, kind, takenAt, value, second, "import:" + device,
				Measurement.Source.IMPORT, null, recordedBy), problems);
	}

	private static @Nullable Instant time(int n, String text, List<Problem> problems) {
		if (text.isEmpty()) {
			problems.add(new Problem(n, "measured_at", "missing", null));
			return null;
		}
		var matcher = TIME.matcher(normal(text));
		if (matcher.matches()) {
			try {
				var local = LocalDateTime.of(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)),
						Integer.parseInt(matcher.group(3)), hour(matcher.group(4)), minute(matcher.group(5)),
						minute(matcher.group(6)));
				var zone = matcher.group(7);
				return zone == null ? local.atZone(Tokyo.ZONE).toInstant() : local.atOffset(offset(zone)).toInstant();
			}
			catch (DateTimeException | NumberFormatException impossible) {
				// 2月30日, 25時: not a time
			}
		}
		problems.add(new Problem(n, "measured_at", "malformed", clip(text)));
		return null;
	}

	private static int hour(@Nullable String text) {
		return text == null ? 0 : Integer.parseInt(text);
	}

	private static int minute(@Nullable String text) {
		return text == null ? 0 : Integer.parseInt(text);
	}

	private static ZoneOffset offset(String zone) {
		return "Z".equals(zone) ? ZoneOffset.UTC : ZoneOffset.of(zone.length() == 5
				? zone.substring(0, 3) + ":" + zone.substring(3) : zone);
	}

	private @Nullable AccountId resident(int n, String text, List<Problem> problems) {
		if (text.isEmpty()) {
			problems.add(new Problem(n, "resident", "missing", null));
			return null;
		}
		var found = text.length() > 254 ? Optional.<AccountId>empty() : residents.apply(text);
		if (found.isEmpty()) {
			problems.add(new Problem(n, "resident", "unknown", clip(text)));
			return null;
		}
		return found.get();
	}

	private static @Nullable VitalKind kind(int n, String text, List<Problem> problems) {
		if (text.isEmpty()) {
			problems.add(new Problem(n, "kind", "missing", null));
			return null;
		}
		var typed = normal(text);
		var name = typed.toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
		var kind = Arrays.stream(VitalKind.values())
			.filter(k -> k.name().equals(name))
			.findFirst()
			.or(() -> VitalKind.byLoinc(typed))
			.or(() -> Optional.ofNullable(WORDS.get(typed)));
		if (kind.isEmpty()) {
			problems.add(new Problem(n, "kind", "unknown", clip(text)));
			return null;
		}
		return kind.get();
	}

	private static @Nullable BigDecimal number(int n, String column, String text, boolean required,
			List<Problem> problems) {
		if (text.isEmpty()) {
			if (required) {
				problems.add(new Problem(n, column, "missing", null));
			}
			return null;
		}
		var digits = text.replace(",", "");
		if (!NUMBER.matcher(digits).matches()) {
			problems.add(new Problem(n, column, "malformed", clip(text)));
			return null;
		}
		return new BigDecimal(digits);
	}

	/** Full-width digits and letters as half-width (NFKC), outer spaces gone. */
	static String normal(String text) {
		return Normalizer.normalize(text, Normalizer.Form.NFKC).strip();
	}

	/** What a report may show of a value: one short line. */
	static String clip(String text) {
		var line = text.replaceAll("\\p{Cntrl}", " ").strip();
		return line.length() <= 60 ? line : line.substring(0, 59) + "…";
	}
}
