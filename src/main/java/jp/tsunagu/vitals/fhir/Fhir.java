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
