package jp.tsunagu.bench;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The FHIR R4 JSON the load generator sends, as templates: vital-signs Observations (LOINC code, UCUM
 * unit, category {@code vital-signs}) for blood pressure (panel 85354-9 with systolic 8480-6 and
 * diastolic 8462-4 in mm[Hg]), body weight (29463-7, kg) and heart rate (8867-4, /min); transaction
 * Bundles of them; and the bad inputs of the check. The subject is a JSON fragment given by the
 * target: a literal reference {@code Patient/<id>} on HAPI, the check-in identifier on Tsunagu.
 */
final class FhirBodies {

	static final String LOINC = "http://loinc.org";

	static final String UCUM = "http://unitsofmeasure.org";

	static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX", Locale.ROOT);

	/** The three kinds the measured operations send (and search for). */
	enum Kind {

		BLOOD_PRESSURE("85354-9", "blood pressure panel"), BODY_WEIGHT("29463-7", "body weight"),
		HEART_RATE("8867-4", "heart rate");

		final String code;

		final String title;

		Kind(String code, String title) {
			this.code = code;
			this.title = title;
		}
	}

	private static final String CATEGORY = "\"category\":[{\"coding\":[{\"system\":"
			+ "\"http://terminology.hl7.org/CodeSystem/observation-category\",\"code\":\"vital-signs\","
			+ "\"display\":\"Vital Signs\"}]}]";

	private FhirBodies() {
	}

	static String time(OffsetDateTime at) {
		return DATE_TIME.format(at);
	}

	/** A plausible measurement of {@code kind}; {@code variant} varies the values. */
	static String observation(Kind kind, String subject, OffsetDateTime at, long variant) {
		int v = (int) Math.floorMod(variant, 997L);
		return switch (kind) {
			case BLOOD_PRESSURE -> bloodPressure(subject, at, 108 + v % 40, 64 + v % 22);
			case BODY_WEIGHT -> quantity("29463-7", "Body weight", subject, at,
					String.format(Locale.ROOT, "%.1f", 48.0 + (v % 400) / 10.0), "kg", "kg");
			case HEART_RATE -> quantity("8867-4", "Heart rate", subject, at, Integer.toString(56 + v % 40),
					"beats/minute", "/min");
		};
	}

	static String bloodPressure(String subject, OffsetDateTime at, int systolic, int diastolic) {
		return "{\"resourceType\":\"Observation\",\"status\":\"final\"," + CATEGORY
				+ ",\"code\":{\"coding\":[{\"system\":\"" + LOINC + "\",\"code\":\"85354-9\","
				+ "\"display\":\"Blood pressure panel with all children optional\"}]},\"subject\":" + subject
				+ ",\"effectiveDateTime\":\"" + time(at) + "\",\"component\":["
				+ component("8480-6", "Systolic blood pressure", systolic) + ","
				+ component("8462-4", "Diastolic blood pressure", diastolic) + "]}";
	}

	private static String component(String code, String display, int mmHg) {
		return "{\"code\":{\"coding\":[{\"system\":\"" + LOINC + "\",\"code\":\"" + code + "\",\"display\":\"" + display
				+ "\"}]},\"valueQuantity\":{\"value\":" + mmHg + ",\"unit\":\"mmHg\",\"system\":\"" + UCUM
				+ "\",\"code\":\"mm[Hg]\"}}";
	}

	static String quantity(String code, String display, String subject, OffsetDateTime at, String value, String unit,
			String ucum) {
		return quantity(true, coding(LOINC, code, display), subject, at, value, unit, ucum);
	}

	static String coding(String system, String code, String display) {
		return "{\"coding\":[{\"system\":\"" + system + "\",\"code\":\"" + code + "\",\"display\":\"" + display
				+ "\"}]}";
	}

	/** {@code status} final or absent; {@code code} a CodeableConcept or null (absent). */
	static String quantity(boolean status, String code, String subject, OffsetDateTime at, String value, String unit,
			String ucum) {
		return "{\"resourceType\":\"Observation\"," + (status ? "\"status\":\"final\"," : "") + CATEGORY
				+ (code == null ? "" : ",\"code\":" + code) + ",\"subject\":" + subject + ",\"effectiveDateTime\":\""
				+ time(at) + "\",\"valueQuantity\":{\"value\":" + value + ",\"unit\":\"" + unit + "\",\"system\":\""
				+ UCUM + "\",\"code\":\"" + ucum + "\"}}";
	}

	/** A transaction Bundle: each Observation a POST entry with its own urn:uuid fullUrl. */
	static String transaction(List<String> observations) {
		var text = new StringBuilder(observations.size() * 900 + 64);
		text.append("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[");
		for (int i = 0; i < observations.size(); i++) {
			if (i > 0) {
				text.append(',');
			}
			text.append("{\"fullUrl\":\"urn:uuid:").append(UUID.randomUUID()).append("\",\"resource\":")
				.append(observations.get(i))
				.append(",\"request\":{\"method\":\"POST\",\"url\":\"Observation\"}}");
		}
		return text.append("]}").toString();
	}

	/** A bad input: what it is, its body, and whether only Tsunagu is expected to refuse it. */
	record BadInput(String name, String description, String body, boolean tsunaguOnly) {
	}

	/**
	 * The bad inputs of the check, each with its own time (so none is the repeat of another): the four
	 * the issue says HAPI stores, then three impossible values.
	 */
	static List<BadInput> badInputs(String subject, OffsetDateTime at) {
		var heartRate = coding(LOINC, "8867-4", "Heart rate");
		return List.of(
				new BadInput("missing-status", "heart rate without status",
						quantity(false, heartRate, subject, at, "72", "beats/minute", "/min"), false),
				new BadInput("missing-code", "Observation without code",
						quantity(true, null, subject, at.minusMinutes(1), "72", "beats/minute", "/min"), false),
				new BadInput("unknown-code-system", "code HR-1 of an unknown code system (http://example.org/no-such-codes)",
						quantity(true, coding("http://example.org/no-such-codes", "HR-1", "Heart rate"), subject,
								at.minusMinutes(2), "72", "beats/minute", "/min"),
						false),
				new BadInput("heart-rate-in-kg", "heart rate (8867-4) with unit kg",
						quantity(true, heartRate, subject, at.minusMinutes(3), "72", "kg", "kg"), false),
				new BadInput("systolic-900", "blood pressure with systolic 900 mm[Hg]",
						bloodPressure(subject, at.minusMinutes(4), 900, 80), true),
				new BadInput("negative-weight", "body weight -5 kg",
						quantity("29463-7", "Body weight", subject, at.minusMinutes(5), "-5", "kg", "kg"), true),
				new BadInput("spo2-120", "SpO2 (59408-5) 120 %",
						quantity("59408-5", "Oxygen saturation in Arterial blood by Pulse oximetry", subject,
								at.minusMinutes(6), "120", "%", "%"),
						true));
	}
}
