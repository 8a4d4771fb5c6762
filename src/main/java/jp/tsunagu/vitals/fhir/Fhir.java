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
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;

/**
 * HAPI FHIR's R4 context, a strict JSON parser (an unknown element, a wrong type is an error, not a
 * warning) and the HL7 instance validator (the one HAPI's {@code FhirInstanceValidator} runs) with
 * the core R4 profiles and UCUM.
 * <p>
 * <b>What the validator knows</b> ({@link CuratedProfiles}): HAPI's default support holds the whole
 * R4 specification (every StructureDefinition, ValueSet and CodeSystem, then each again as R5 for
 * the validator): some 180 MB of heap for a module that validates Observations. Kept here is what
 * validating the resources vitals reads and writes can reach: their definitions, the vital-signs
 * profiles, every data type they use, and the value sets and code systems bound in them.
 * {@code FhirValidationTests} holds the verdicts to those of HAPI's {@code FhirValidator} with the
 * whole specification.
 * <p>
 * <b>Validators</b>: HAPI's bridge builds a new instance validator for every resource, and each new
 * one reads a table of OIDs from a CSV file (some 30 ms, and 9 MB of heap while it lives). Here a
 * pool of {@value #VALIDATORS} validators, set up as the bridge sets them up, is shared by all
 * request threads, each renewed after {@value #RENEW_AFTER} resources; verdicts are kept by shape
 * (below), so a validator is needed only for a shape not seen before.
 */
@Component
public class Fhir {

	/** A validator keeps a little of each resource it saw; a fresh one now and then keeps that bounded. */
	static final int RENEW_AFTER = 2000;

	/** As many validators as the machines have cores; a thread that finds none free waits for one. */
	static final int VALIDATORS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

	private final FhirContext context = contextOfVitals();

	/**
	 * HAPI's R4 context, its parsers told not to look for referred resources without an id to contain
	 * them: vitals' resources refer by id only, and that search walks every element of every
	 * resource written (a third of the time of writing a Bundle of Observations).
	 */
	private static FhirContext contextOfVitals() {
		var context = FhirContext.forR4Cached();
		context.getParserOptions().setAutoContainReferenceTargetsWithNoId(false);
		return context;
	}

	private final java.util.concurrent.CompletableFuture<Knowledge> knowledge = new java.util.concurrent.CompletableFuture<>();

	private final java.util.concurrent.ArrayBlockingQueue<Reused> pool = new java.util.concurrent.ArrayBlockingQueue<>(VALIDATORS);

	private final java.util.concurrent.atomic.AtomicInteger made = new java.util.concurrent.atomic.AtomicInteger();

	/** Verdicts by shape; a few hundred shapes at most in practice, emptied should it ever pass this. */
	static final int MAX_SHAPES = 10_000;

	private final java.util.concurrent.ConcurrentHashMap<String, List<Issue>> verdicts = new java.util.concurrent.ConcurrentHashMap<>();

	private record Reused(InstanceValidator validator, int[] uses) {
	}

	/** The validation support and the validator's view of it, ready once the profiles are curated. */
	private record Knowledge(ValidationSupportChain support, WorkerContextValidationSupportAdapter worker) {
	}

	/** What the validator found, with where (a FHIRPath) and how bad. */
	public record Issue(String location, String message, ValidationMessage.IssueSeverity level) {

		public boolean error() {
			return level == ValidationMessage.IssueSeverity.ERROR || level == ValidationMessage.IssueSeverity.FATAL;
		}
	}

	public Fhir() {
		// reading the specification and curating it takes seconds: do it once, in the background, so
		// that start-up does not wait; a validation asked for before then waits for it
		var warmUp = new Thread(this::warmUp, "fhir-validator-warm-up");
		warmUp.setDaemon(true);
		warmUp.setPriority(Thread.MIN_PRIORITY);
		warmUp.start();
	}

	private void warmUp() {
		try {
			var support = new ValidationSupportChain(CuratedProfiles.of(context),
					new CommonCodeSystemsTerminologyService(context), new InMemoryTerminologyServerValidationSupport(context));
			knowledge.complete(new Knowledge(support,
					WorkerContextValidationSupportAdapter.newVersionSpecificWorkerContextWrapper(support)));
		}
		catch (RuntimeException | Error ex) {
			knowledge.completeExceptionally(ex);
			org.slf4j.LoggerFactory.getLogger(Fhir.class).error("FHIR validation support could not be set up", ex);
			return;
		}
		try {
			for (var kind : jp.tsunagu.vitals.VitalKind.values()) {
				var each = new org.hl7.fhir.r4.model.Observation();
				each.getMeta().addProfile(kind.profile());
				issuesUncached(each);
			}
		}
		catch (RuntimeException ex) {
			org.slf4j.LoggerFactory.getLogger(Fhir.class).warn("FHIR validator warm-up failed; the first request will load it", ex);
		}
	}

	private Knowledge knowledge() {
		return knowledge.join();
	}

	public FhirContext context() {
		return context;
	}

	/** The validation support the validator uses: HAPI's own FhirValidator can be given the same. */
	public ValidationSupportChain support() {
		return knowledge().support();
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
	 * The validator's errors for a resource as its sender wrote it: {@code json} is the JSON the
	 * resource was parsed from (a request's body, or the resource of a Bundle's entry), validated as
	 * sent (as HAPI's validating interceptor validates a request), not as HAPI would write it again.
	 */
	public List<Issue> errors(IBaseResource resource, tools.jackson.databind.JsonNode json) {
		return verdict(resource, Shapes.of(json), json::toString).stream().filter(Issue::error).toList();
	}

	/**
	 * Everything the validator says of a resource, against the base specification and its
	 * meta.profile. Resources of one shape (the same elements, codes, systems, units, profiles and
	 * reference types; any numbers, dates and free text of the same lexical kind) get the same
	 * verdict, so the verdict is kept by shape ({@link Shapes}): a station sends one shape all day.
	 */
	public List<Issue> issues(IBaseResource resource) {
		return issues(resource, writer().encodeResourceToString(resource));
	}

	/** Everything the validator says of JSON a resource was parsed from, verdicts kept by shape as {@link #issues(IBaseResource)}. */
	public List<Issue> issues(IBaseResource resource, String json) {
		return verdict(resource, Shapes.of(json), () -> json);
	}

	private List<Issue> verdict(IBaseResource resource, @org.jspecify.annotations.Nullable String shape,
			java.util.function.Supplier<String> json) {
		if (shape == null) {
			return validate(resource, json.get());
		}
		var known = verdicts.get(shape);
		if (known != null) {
			return known;
		}
		var verdict = validate(resource, json.get());
		if (verdicts.size() >= MAX_SHAPES) {
			verdicts.clear();
		}
		verdicts.put(shape, verdict);
		return verdict;
	}

	/** Validates without the shape cache: what {@link #issues} must agree with. */
	public List<Issue> issuesUncached(IBaseResource resource) {
		return issuesUncached(resource, writer().encodeResourceToString(resource));
	}

	/** Validates JSON a resource was parsed from without the shape cache. */
	public List<Issue> issuesUncached(IBaseResource resource, String json) {
		return validate(resource, json);
	}

	private List<Issue> validate(IBaseResource resource, String json) {
		var profiles = new ArrayList<org.hl7.fhir.r5.model.StructureDefinition>();
		var messages = new ArrayList<ValidationMessage>();
		if (resource instanceof Resource r) {
			for (var profile : r.getMeta().getProfile()) {
				var definition = knowledge().worker().fetchResource(org.hl7.fhir.r5.model.StructureDefinition.class, profile.getValue());
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
		var reused = borrow();
		try {
			reused.validator().validate(null, messages, new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
					Manager.FhirFormat.JSON, profiles);
		}
		finally {
			giveBack(reused);
		}
		return messages.stream()
			.map(m -> new Issue(m.getLocation() == null ? "" : m.getLocation(), m.getMessage(), m.getLevel()))
			.toList();
	}

	/** A validator of the pool: a free one, a new one while fewer than the pool's size exist, or the next one given back. */
	private Reused borrow() {
		var free = pool.poll();
		if (free != null) {
			return free;
		}
		if (made.incrementAndGet() <= VALIDATORS) {
			return new Reused(newValidator(), new int[1]);
		}
		made.decrementAndGet();
		try {
			return pool.take();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while waiting for a FHIR validator", ex);
		}
	}

	private void giveBack(Reused reused) {
		if (++reused.uses()[0] >= RENEW_AFTER) {
			reused = new Reused(newValidator(), new int[1]);
		}
		pool.add(reused);
	}

	/** Set up as HAPI's ValidatorWrapper sets up each of its validators. */
	private InstanceValidator newValidator() {
		try {
			var worker = knowledge().worker();
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
