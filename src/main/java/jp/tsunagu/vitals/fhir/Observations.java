package jp.tsunagu.vitals.fhir;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;
import java.util.Set;
import java.util.TimeZone;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Observation.ObservationStatus;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import jp.tsunagu.platform.Tokyo;
import jp.tsunagu.vitals.Measurement;
import jp.tsunagu.vitals.VitalKind;

/**
 * Measurements as FHIR R4 Observations following the vital-signs profiles, and Observations read
 * back into what to store, with every fault named by its FHIRPath.
 */
public final class Observations {

	/** The identifier system of the check-in QR code a station reads (the resident's login id). */
	public static final String CHECK_IN = "https://tsunagu.jp/sid/check-in";

	/** The identifier system of the devices that measured. */
	public static final String DEVICE = "https://tsunagu.jp/sid/device";

	public static final String VITAL_SIGNS_PROFILE = "http://hl7.org/fhir/StructureDefinition/vitalsigns";

	static final String CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/observation-category";

	private static final TimeZone TOKYO = TimeZone.getTimeZone(Tokyo.ZONE);

	private static final Set<ObservationStatus> STORED_STATUSES = Set.of(ObservationStatus.FINAL,
			ObservationStatus.AMENDED, ObservationStatus.CORRECTED);

	private Observations() {
	}

	/** Who an incoming Observation is about: a Patient id, or the check-in code a station read. */
	public record Subject(@Nullable String patient, @Nullable String checkIn) {
	}

	/** An incoming Observation, read and checked against what its kind must look like. */
	public record Incoming(VitalKind kind, Instant takenAt, BigDecimal value, @Nullable BigDecimal second,
			Subject subject, @Nullable String device) {
	}

	public static Observation toFhir(Measurement m, String patientId, @Nullable String deviceName) {
		var kind = m.kind();
		var o = new Observation();
		o.setId(m.id().toString());
		o.getMeta().setVersionId("1").setLastUpdated(Date.from(m.recordedAt())).addProfile(VITAL_SIGNS_PROFILE);
		if (!VITAL_SIGNS_PROFILE.equals(kind.profile())) {
			o.getMeta().addProfile(kind.profile());
		}
		o.setStatus(ObservationStatus.FINAL);
		o.addCategory().addCoding().setSystem(CATEGORY_SYSTEM).setCode("vital-signs").setDisplay("Vital Signs");
		var code = o.getCode();
		code.addCoding().setSystem(VitalKind.LOINC).setCode(kind.loinc()).setDisplay(kind.display());
		if (kind == VitalKind.SPO2) {
			code.addCoding().setSystem(VitalKind.LOINC).setCode(VitalKind.SPO2_PULSE_OXIMETRY)
				.setDisplay("Oxygen saturation in Arterial blood by Pulse oximetry");
		}
		code.setText(kind.display());
		o.setSubject(new Reference("Patient/" + patientId));
		o.setEffective(new DateTimeType(Date.from(m.takenAt()), TemporalPrecisionEnum.SECOND, TOKYO));
		o.setIssued(Date.from(m.recordedAt()));
		if (kind.paired()) {
			var first = java.util.Objects.requireNonNull(kind.first());
			var second = java.util.Objects.requireNonNull(kind.second());
			o.addComponent()
				.setCode(new CodeableConcept().addCoding(new org.hl7.fhir.r4.model.Coding(VitalKind.LOINC, first.loinc(),
						first.display())))
				.setValue(quantity(kind, m.value()));
			o.addComponent()
				.setCode(new CodeableConcept().addCoding(new org.hl7.fhir.r4.model.Coding(VitalKind.LOINC, second.loinc(),
						second.display())))
				.setValue(quantity(kind, java.util.Objects.requireNonNull(m.second())));
		}
		else {
			o.setValue(quantity(kind, m.value()));
		}
		var device = new Reference();
		device.getIdentifier().setSystem(DEVICE).setValue(m.device());
		if (deviceName != null) {
			device.setDisplay(deviceName);
		}
		o.setDevice(device);
		return o;
	}

	private static Quantity quantity(VitalKind kind, BigDecimal value) {
		var shown = value.stripTrailingZeros();
		if (shown.scale() < kind.scale()) {
			shown = shown.setScale(kind.scale(), RoundingMode.UNNECESSARY);
		}
		if (shown.scale() < 0) {
			shown = shown.setScale(0, RoundingMode.UNNECESSARY);
		}
		return new Quantity().setValue(shown)
			.setUnit(kind == VitalKind.BLOOD_PRESSURE ? "mmHg" : kind.unit())
			.setSystem(VitalKind.UCUM)
			.setCode(kind.unit());
	}

	/** Reads what to store from an Observation; refuses, naming the element, what cannot be a vital sign here. */
	public static Incoming read(Observation o) {
		if (!o.hasStatus()) {
			throw refused(HttpStatus.BAD_REQUEST, IssueType.REQUIRED, "status-missing", "Observation.status");
		}
		if (!STORED_STATUSES.contains(o.getStatus())) {
			throw refused(HttpStatus.UNPROCESSABLE_CONTENT, IssueType.VALUE, "status-not-final", "Observation.status");
		}
		var kind = kind(o);
		var takenAt = effective(o, kind);
		BigDecimal value;
		BigDecimal second = null;
		if (kind.paired()) {
			if (o.hasValue()) {
				throw refused(HttpStatus.UNPROCESSABLE_CONTENT, IssueType.STRUCTURE, "panel-value", "Observation.value");
			}
			var first = java.util.Objects.requireNonNull(kind.first());
			var other = java.util.Objects.requireNonNull(kind.second());
			value = component(o, kind, first.loinc(), "systolic-missing");
			second = component(o, kind, other.loinc(), "diastolic-missing");
		}
		else {
			if (!o.hasValue()) {
				throw refused(HttpStatus.BAD_REQUEST, IssueType.REQUIRED, "value-missing", "Observation.value");
			}
			if (!(o.getValue() instanceof Quantity q)) {
				throw refused(HttpStatus.UNPROCESSABLE_CONTENT, IssueType.VALUE, "value-not-quantity", "Observation.value");
			}
			value = quantity(q, kind, "Observation.valueQuantity");
			if (o.hasComponent()) {
				throw refused(HttpStatus.UNPROCESSABLE_CONTENT, IssueType.STRUCTURE, "component-not-allowed",
						"Observation.component");
			}
		}
		return new Incoming(kind, takenAt, value, second, subject(o), device(o));
	}

	private static VitalKind kind(Observation o) {
		if (!o.hasCode() || !o.getCode().hasCoding()) {
			throw refused(HttpStatus.BAD_REQUEST, IssueType.REQUIRED, "code-missing", "Observation.code");
		}
		boolean loinc = false;
		for (var coding : o.getCode().getCoding()) {
			if (VitalKind.LOINC.equals(coding.getSystem())) {
				loinc = true;
				var kind = VitalKind.byLoinc(coding.getCode());
				if (kind.isPresent()) {
					return kind.get();
				}
			}
		}
		throw loinc ? refused(HttpStatus.UNPROCESSABLE_CONTENT, IssueType.CODEINVALID, "code-unknown", "Observation.code")
				: refused(HttpStatus.UNPROCESSABLE_CONTENT, IssueType.CODEINVALID, "code-system-unknown",
						"Observation.code.coding");
	}

	private static Instant effective(Observation o, VitalKind kind) {
		if (!o.hasEffective()) {
			throw refused(HttpStatus.BAD_REQUEST, IssueType.REQUIRED, "effective-missing", "Observation.effective");
		}
		if (!(o.getEffective() instanceof DateTimeType when) || when.getValue() == null) {
			throw refused(HttpStatus.UNPROCESSABLE_CONTENT, IssueType.VALUE, "effective-not-datetime",
					"Observation.effective");
		}
		if (when.getPrecision().ordinal() >= TemporalPrecisionEnum.MINUTE.ordinal()) {
			if (when.getTimeZone() == null || when.getValueAsString().length() < 17) {
				throw refused(HttpStatus.BAD_REQUEST, IssueType.VALUE, "effective-no-zone", "Observation.effectiveDateTime");
			}
			return when.getValue().toInstant();
		}
		// a day's steps may be stamped with the day alone: that day in Japan
		if (kind == VitalKind.STEPS && when.getPrecision() == TemporalPrecisionEnum.DAY) {
			return LocalDate.of(when.getYear(), when.getMonth() + 1, when.getDay()).atStartOfDay(Tokyo.ZONE).toInstant();
		}
		throw refused(HttpStatus.UNPROCESSABLE_CONTENT, IssueType.VALUE, "effective-imprecise",
				"Observation.effectiveDateTime");
	}

	private static BigDecimal component(Observation o, VitalKind kind, String loinc, String missing) {
		for (int i = 0; i < o.getComponent().size(); i++) {
			var c = o.getComponent().get(i);
			boolean matches = c.getCode().getCoding().stream()
				.anyMatch(coding -> VitalKind.LOINC.equals(coding.getSystem()) && loinc.equals(coding.getCode()));
			if (matches) {
				if (!(c.getValue() instanceof Quantity q)) {
					throw refused(HttpStatus.BAD_REQUEST, IssueType.REQUIRED, missing,
							"Observation.component[" + i + "].value");
				}
				return quantity(q, kind, "Observation.component[" + i + "].valueQuantity");
			}
		}
		throw refused(HttpStatus.BAD_REQUEST, IssueType.REQUIRED, missing, "Observation.component");
	}

	private static BigDecimal quantity(Quantity q, VitalKind kind, String path) {
		if (!q.hasValue()) {
			throw refused(HttpStatus.BAD_REQUEST, IssueType.REQUIRED, "value-missing", path + ".value");
		}
		if (!VitalKind.UCUM.equals(q.getSystem()) || !kind.unit().equals(q.getCode())) {
			throw refused(HttpStatus.UNPROCESSABLE_CONTENT, IssueType.CODEINVALID, "unit-wrong", path + ".code",
					"expected " + kind.unit() + " (" + VitalKind.UCUM + ")");
		}
		if (q.hasComparator()) {
			throw refused(HttpStatus.UNPROCESSABLE_CONTENT, IssueType.VALUE, "value-comparator", path + ".comparator");
		}
		return q.getValue();
	}

	private static Subject subject(Observation o) {
		var subject = o.getSubject();
		if (subject.hasReference()) {
			var reference = subject.getReferenceElement();
			if (!"Patient".equals(reference.getResourceType()) || !reference.hasIdPart()) {
				throw refused(HttpStatus.UNPROCESSABLE_CONTENT, IssueType.VALUE, "subject-not-patient",
						"Observation.subject");
			}
			return new Subject(reference.getIdPart(), null);
		}
		if (subject.hasIdentifier() && CHECK_IN.equals(subject.getIdentifier().getSystem())
				&& subject.getIdentifier().hasValue()) {
			return new Subject(null, subject.getIdentifier().getValue());
		}
		throw refused(HttpStatus.BAD_REQUEST, IssueType.REQUIRED, "subject-missing", "Observation.subject");
	}

	private static @Nullable String device(Observation o) {
		if (!o.hasDevice()) {
			return null;
		}
		var device = o.getDevice();
		if (device.hasReference()) {
			var reference = device.getReferenceElement();
			if (!"Device".equals(reference.getResourceType())) {
				throw refused(HttpStatus.UNPROCESSABLE_CONTENT, IssueType.VALUE, "device-not-device", "Observation.device");
			}
			return reference.getIdPart();
		}
		if (device.hasIdentifier()) {
			var value = device.getIdentifier().getValue();
			return value != null && value.startsWith("station:") ? value.substring("station:".length()) : value;
		}
		return null;
	}

	private static FhirRefused refused(HttpStatus status, IssueType type, String problem, String path) {
		return new FhirRefused(status, type, problem, path);
	}

	private static FhirRefused refused(HttpStatus status, IssueType type, String problem, String path, String detail) {
		return new FhirRefused(status, type, problem, path, detail);
	}
}
