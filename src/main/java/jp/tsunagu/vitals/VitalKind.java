package jp.tsunagu.vitals;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * The kinds of vital measured, each with the LOINC code and UCUM unit of its FHIR Observation (R4
 * vital-signs profiles) and the range outside which a value cannot be a real reading. Blood pressure
 * is one panel with two components, systolic and diastolic.
 */
public enum VitalKind {

	BLOOD_PRESSURE("85354-9", "Blood pressure panel with all children optional", "mm[Hg]", "mmHg", 0,
			"http://hl7.org/fhir/StructureDefinition/bp", "50", "260",
			new Component("8480-6", "Systolic blood pressure"), new Component("8462-4", "Diastolic blood pressure"),
			"30", "160"),
	PULSE("8867-4", "Heart rate", "/min", "回/分", 0, "http://hl7.org/fhir/StructureDefinition/heartrate", "25", "250",
			null, null, null, null),
	BODY_WEIGHT("29463-7", "Body weight", "kg", "kg", 1, "http://hl7.org/fhir/StructureDefinition/bodyweight", "10",
			"300", null, null, null, null),
	BODY_FAT("41982-0", "Percentage of body fat Measured", "%", "%", 1,
			"http://hl7.org/fhir/StructureDefinition/vitalsigns", "3", "70", null, null, null, null),
	BODY_TEMPERATURE("8310-5", "Body temperature", "Cel", "℃", 1, "http://hl7.org/fhir/StructureDefinition/bodytemp",
			"32", "43", null, null, null, null),
	SPO2("2708-6", "Oxygen saturation in Arterial blood", "%", "%", 0,
			"http://hl7.org/fhir/StructureDefinition/oxygensat", "50", "100", null, null, null, null),
	STEPS("41950-7", "Number of steps in 24 hour Measured", "/d", "歩", 0,
			"http://hl7.org/fhir/StructureDefinition/vitalsigns", "0", "100000", null, null, null, null);

	public static final String LOINC = "http://loinc.org";

	public static final String UCUM = "http://unitsofmeasure.org";

	/** The pulse-oximetry code devices send for SpO2, accepted beside {@code 2708-6} and written as its second coding. */
	public static final String SPO2_PULSE_OXIMETRY = "59408-5";

	/** A component of a panel (blood pressure's systolic and diastolic). */
	public record Component(String loinc, String display) {
	}

	private final String loinc;

	private final String display;

	private final String unit;

	private final String unitLabel;

	private final int scale;

	private final String profile;

	private final BigDecimal min;

	private final BigDecimal max;

	private final @Nullable Component first;

	private final @Nullable Component second;

	private final @Nullable BigDecimal secondMin;

	private final @Nullable BigDecimal secondMax;

	VitalKind(String loinc, String display, String unit, String unitLabel, int scale, String profile, String min,
			String max, @Nullable Component first, @Nullable Component second, @Nullable String secondMin,
			@Nullable String secondMax) {
		this.loinc = loinc;
		this.display = display;
		this.unit = unit;
		this.unitLabel = unitLabel;
		this.scale = scale;
		this.profile = profile;
		this.min = new BigDecimal(min);
		this.max = new BigDecimal(max);
		this.first = first;
		this.second = second;
		this.secondMin = secondMin == null ? null : new BigDecimal(secondMin);
		this.secondMax = secondMax == null ? null : new BigDecimal(secondMax);
	}

	public String loinc() {
		return loinc;
	}

	public String display() {
		return display;
	}

	/** The UCUM code of the unit, as FHIR's valueQuantity.code. */
	public String unit() {
		return unit;
	}

	/** The unit as a resident reads it beside the number. */
	public String unitLabel() {
		return unitLabel;
	}

	/** Decimals shown and kept: 0 for mmHg, 1 for kg. */
	public int scale() {
		return scale;
	}

	/** The FHIR R4 profile the Observation follows. */
	public String profile() {
		return profile;
	}

	/** Whether it is a panel of two components (blood pressure). */
	public boolean paired() {
		return first != null;
	}

	public @Nullable Component first() {
		return first;
	}

	public @Nullable Component second() {
		return second;
	}

	/** Whether a value can be a real reading of this kind (for blood pressure: the systolic). */
	public boolean plausible(BigDecimal value) {
		return value.compareTo(min) >= 0 && value.compareTo(max) <= 0;
	}

	/** Whether a diastolic value can be real. */
	public boolean plausibleSecond(BigDecimal value) {
		return secondMin != null && secondMax != null && value.compareTo(secondMin) >= 0
				&& value.compareTo(secondMax) <= 0;
	}

	public BigDecimal min() {
		return min;
	}

	public BigDecimal max() {
		return max;
	}

	public @Nullable BigDecimal secondMin() {
		return secondMin;
	}

	public @Nullable BigDecimal secondMax() {
		return secondMax;
	}

	/** The kind an Observation's LOINC code names, if any. */
	public static Optional<VitalKind> byLoinc(String code) {
		if (SPO2_PULSE_OXIMETRY.equals(code)) {
			return Optional.of(SPO2);
		}
		return Arrays.stream(values()).filter(k -> k.loinc.equals(code)).findFirst();
	}

	/** Every kind, in the order the resident's page shows them. */
	public static List<VitalKind> shown() {
		return List.of(values());
	}
}
