package jp.tsunagu.vitals.fhir;

import java.util.List;

import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.stereotype.Component;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;

/**
 * HAPI FHIR's R4 context, a strict JSON parser (an unknown element, a repeated field or a wrong
 * type is an error, not a warning) and its instance validator with the core profiles and UCUM.
 * The context and the validator are made once and shared; parsers are made per use.
 */
@Component
public class Fhir {

	private final FhirContext context = FhirContext.forR4Cached();

	private final FhirValidator validator;

	Fhir() {
		var support = new ValidationSupportChain(new DefaultProfileValidationSupport(context),
				new CommonCodeSystemsTerminologyService(context), new InMemoryTerminologyServerValidationSupport(context),
				new SnapshotGeneratingValidationSupport(context));
		var instance = new FhirInstanceValidator(support);
		// LOINC is not loaded here: vitals checks its codes itself (VitalKind), the validator everything else
		instance.setNoTerminologyChecks(false);
		instance.setAnyExtensionsAllowed(true);
		validator = context.newValidator().registerValidatorModule(instance);
		validator.setConcurrentBundleValidation(false);
		// the first validation loads and snapshots the core profiles (seconds): do it once, in the
		// background, so that start-up does not wait and the first station's post hardly does
		var warmUp = new Thread(this::warmUp, "fhir-validator-warm-up");
		warmUp.setDaemon(true);
		warmUp.setPriority(Thread.MIN_PRIORITY);
		warmUp.start();
	}

	private void warmUp() {
		try {
			var sample = new org.hl7.fhir.r4.model.Observation();
			sample.getMeta().addProfile("http://hl7.org/fhir/StructureDefinition/bp");
			validator.validateWithResult(sample);
			for (var kind : jp.tsunagu.vitals.VitalKind.values()) {
				var each = new org.hl7.fhir.r4.model.Observation();
				each.getMeta().addProfile(kind.profile());
				validator.validateWithResult(each);
			}
		}
		catch (RuntimeException ex) {
			org.slf4j.LoggerFactory.getLogger(Fhir.class).warn("FHIR validator warm-up failed; the first request will load it", ex);
		}
	}

	public FhirContext context() {
		return context;
	}

	/** A parser that refuses what the specification does not allow, instead of skipping it. */
	public IParser strictParser() {
		return context.newJsonParser().setParserErrorHandler(new StrictErrorHandler());
	}

	public IParser writer() {
		return context.newJsonParser();
	}

	/** The validator's errors for a resource (warnings and information left out). */
	public List<SingleValidationMessage> errors(IBaseResource resource) {
		return validator.validateWithResult(resource)
			.getMessages()
			.stream()
			.filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
			.toList();
	}

	/** Every message of the validator, for tests that show what it said. */
	public List<SingleValidationMessage> messages(IBaseResource resource) {
		return validator.validateWithResult(resource).getMessages();
	}
}
