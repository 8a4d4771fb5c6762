package jp.tsunagu.vitals.fhir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.common.hapi.validation.validator.WorkerContextValidationSupportAdapter;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r5.elementmodel.Manager;
import org.hl7.fhir.r5.utils.validation.ValidatorSession;
import org.hl7.fhir.r5.utils.validation.constants.BestPracticeWarningLevel;
import org.hl7.fhir.r5.utils.validation.constants.IdStatus;
import org.hl7.fhir.r5.utils.xver.XVerExtensionManagerOld;
import org.hl7.fhir.utilities.validation.ValidationMessage;
import org.hl7.fhir.validation.ValidatorSettings;
import org.hl7.fhir.validation.instance.InstanceValidator;
import org.springframework.stereotype.Component;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;

/**
 * HAPI FHIR's R4 context, a strict JSON parser (an unknown element, a wrong type is an error, not a
 * warning) and the HL7 instance validator (the one HAPI's {@code FhirInstanceValidator} runs) with
 * the core R4 profiles and UCUM.
 * <p>
 * HAPI's bridge builds a new instance validator for every resource, and each new one reads a table
 * of OIDs from a CSV file: some 30 ms a resource, 95 % of it that table. Here each thread keeps its
 * validator and renews it every {@value #RENEW_AFTER} resources, set up as the bridge sets it up;
 * {@code FhirValidationTests} checks that it says what HAPI's own {@code FhirValidator} says.
 */
@Component
public class Fhir {

	/** A validator keeps a little of each resource it saw; a fresh one now and then keeps that bounded. */
	static final int RENEW_AFTER = 2000;

	private final FhirContext context = FhirContext.forR4Cached();

	private final ValidationSupportChain support;

	private final WorkerContextValidationSupportAdapter worker;

	private final ThreadLocal<Reused> validators = new ThreadLocal<>();

	/** Verdicts by shape; a few hundred shapes at most in practice, emptied should it ever pass this. */
	static final int MAX_SHAPES = 10_000;

	private final java.util.concurrent.ConcurrentHashMap<String, List<Issue>> verdicts = new java.util.concurrent.ConcurrentHashMap<>();

	private record Reused(InstanceValidator validator, int[] uses) {
	}

	/** What the validator found, with where (a FHIRPath) and how bad. */
	public record Issue(String location, String message, ValidationMessage.IssueSeverity level) {

		public boolean error() {
			return level == ValidationMessage.IssueSeverity.ERROR || level == ValidationMessage.IssueSeverity.FATAL;
		}
	}

	public Fhir() {
		support = new ValidationSupportChain(new DefaultProfileValidationSupport(context),
				new CommonCodeSystemsTerminologyService(context), new InMemoryTerminologyServerValidationSupport(context));
		worker = WorkerContextValidationSupportAdapter.newVersionSpecificWorkerContextWrapper(support);
		// the first validation loads and snapshots the core profiles (seconds): do it once, in the
		// background, so that start-up does not wait and the first station's post hardly does
		var warmUp = new Thread(this::warmUp, "fhir-validator-warm-up");
		warmUp.setDaemon(true);
		warmUp.setPriority(Thread.MIN_PRIORITY);
		warmUp.start();
	}

	private void warmUp() {
		try {
			for (var kind : jp.tsunagu.vitals.VitalKind.values()) {
				var each = new org.hl7.fhir.r4.model.Observation();
				each.getMeta().addProfile(kind.profile());
				issues(each);
			}
		}
		catch (RuntimeException ex) {
			org.slf4j.LoggerFactory.getLogger(Fhir.class).warn("FHIR validator warm-up failed; the first request will load it", ex);
		}
		finally {
			validators.remove();
		}
	}

	public FhirContext context() {
		return context;
	}

	/** The validation support the validator uses: HAPI's own FhirValidator can be given the same. */
	public ValidationSupportChain support() {
		return support;
	}

	/** A parser that refuses what the specification does not allow, instead of skipping it. */
	public IParser strictParser() {
		return context.newJsonParser().setParserErrorHandler(new StrictErrorHandler());
	}

	public IParser writer() {
		return context.newJsonParser();
	}

	/** The validator's errors for a resource (warnings and information left out). */
	public List<Issue> errors(IBaseResource resource) {
		return issues(resource).stream().filter(Issue::error).toList();
	}

	/**
	 * Everything the validator says of a resource, against the base specification and its
	 * meta.profile. Resources of one shape (the same elements, codes, systems, units, profiles and
	 * reference types; any numbers, dates and free text of the same lexical kind) get the same
	 * verdict, so the verdict is kept by shape ({@link Shapes}): a station sends one shape all day.
	 */
	public List<Issue> issues(IBaseResource resource) {
		var json = writer().encodeResourceToString(resource);
		var shape = Shapes.of(json);
		if (shape == null) {
			return validate(resource, json);
		}
		var known = verdicts.get(shape);
		if (known != null) {
			return known;
		}
		var verdict = validate(resource, json);
		if (verdicts.size() >= MAX_SHAPES) {
			verdicts.clear();
		}
		verdicts.put(shape, verdict);
		return verdict;
	}

	/** Validates without the shape cache: what {@link #issues} must agree with. */
	public List<Issue> issuesUncached(IBaseResource resource) {
		return validate(resource, writer().encodeResourceToString(resource));
	}

	private List<Issue> validate(IBaseResource resource, String json) {
		var profiles = new ArrayList<org.hl7.fhir.r5.model.StructureDefinition>();
		var messages = new ArrayList<ValidationMessage>();
		if (resource instanceof Resource r) {
			for (var profile : r.getMeta().getProfile()) {
				var definition = worker.fetchResource(org.hl7.fhir.r5.model.StructureDefinition.class, profile.getValue());
				if (definition == null) {
					messages.add(new ValidationMessage(ValidationMessage.Source.InstanceValidator,
							ValidationMessage.IssueType.NOTFOUND, "meta.profile", "Unknown profile " + profile.getValue(),
							ValidationMessage.IssueSeverity.ERROR));
				}
				else {
					profiles.add(definition);
				}
			}
		}
		var validator = validator();
		validator.validate(null, messages, new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
				Manager.FhirFormat.JSON, profiles);
		return messages.stream()
			.map(m -> new Issue(m.getLocation() == null ? "" : m.getLocation(), m.getMessage(), m.getLevel()))
			.toList();
	}

	private InstanceValidator validator() {
		var reused = validators.get();
		if (reused == null || reused.uses()[0] >= RENEW_AFTER) {
			reused = new Reused(newValidator(), new int[1]);
			validators.set(reused);
		}
		reused.uses()[0]++;
		return reused.validator();
	}

	/** Set up as HAPI's ValidatorWrapper sets up each of its validators. */
	private InstanceValidator newValidator() {
		try {
			var v = new InstanceValidator(worker, new FhirInstanceValidator.NullEvaluationContext(),
					new XVerExtensionManagerOld(worker), new ValidatorSession(), new ValidatorSettings());
			v.setAssumeValidRestReferences(false);
			v.setBestPracticeWarningLevel(BestPracticeWarningLevel.Ignore);
			v.setAnyExtensionsAllowed(true);
			v.setResourceIdRule(IdStatus.OPTIONAL);
			v.setNoTerminologyChecks(false);
			v.setErrorForUnknownProfiles(true);
			v.setUnknownCodeSystemsCauseErrors(true);
			v.setNoExtensibleWarnings(false);
			v.setNoBindingMsgSuppressed(false);
			v.setAllowExamples(false);
			v.setAllowXsiLocation(true);
			v.setPolicyAdvisor(new org.hl7.fhir.common.hapi.validation.validator.FhirDefaultPolicyAdvisor());
			return v;
		}
		catch (Exception ex) {
			throw new IllegalStateException("cannot set up the FHIR validator", ex);
		}
	}
}
