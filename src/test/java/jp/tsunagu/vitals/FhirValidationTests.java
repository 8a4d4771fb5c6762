package jp.tsunagu.vitals;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Quantity;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import jp.tsunagu.identity.AccountId;
import jp.tsunagu.vitals.fhir.Fhir;
import jp.tsunagu.vitals.fhir.Observations;

/**
 * The validator vitals runs (a pool of instance validators shared by the threads, knowing the part
 * of the specification Observations reach) says what HAPI FHIR's own {@link FhirValidator} with
 * {@link FhirInstanceValidator} and the whole R4 specification says, for resources that pass and
 * ones that do not, however often it is asked; and every kind of Observation vitals writes passes
 * both, against the vital-signs profiles it names.
 */
class FhirValidationTests {

	static Fhir fhir;

	static FhirValidator hapi;

	@BeforeAll
	static void setUp() {
		fhir = new Fhir();
		// HAPI's own, as its documentation sets it up: the whole specification, UCUM and the common code systems
		var context = fhir.context();
		var whole = new org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain(
				new ca.uhn.fhir.context.support.DefaultProfileValidationSupport(context),
				new org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService(context),
				new org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport(context));
		var instance = new FhirInstanceValidator(whole);
		instance.setAnyExtensionsAllowed(true);
		hapi = fhir.context().newValidator().registerValidatorModule(instance);
	}

	@Test
	void whenVitalsWritesAnObservationOfAnyKindThenBothValidatorsPassItAgainstItsProfiles() {
		for (var kind : VitalKind.values()) {
			var m = new Measurement(UUID.randomUUID(), AccountId.random(), kind, Instant.parse("2026-11-30T01:15:00Z"),
					kind.paired() ? new BigDecimal("128") : kind.min().add(BigDecimal.ONE),
					kind.paired() ? new BigDecimal("82") : null, "station:s-1", Measurement.Source.STATION, "もみじ台",
					Instant.parse("2026-11-30T01:15:02Z"), "station:s-1");
			var o = Observations.toFhir(m, "subject-1", "血圧計");
			assertThat(o.getMeta().getProfile()).extracting(p -> p.getValue()).contains(kind.profile());
			assertThat(fhir.errors(o)).as(kind.name()).isEmpty();
			assertThat(hapiErrors(o)).as(kind.name()).isEmpty();
		}
	}

	@Test
	void whenResourcesBreakTheRulesThenBothValidatorsSaySoTheSameWayEveryTime() {
		var good = FhirApiTests.weight("hanako", Instant.parse("2026-11-30T01:15:00Z"), "58.2");
		var noStatus = good.copy().setStatus(null);
		var noCode = good.copy().setCode(null);
		var heartRateProfileInKg = FhirApiTests.pulse("hanako", Instant.parse("2026-11-30T01:15:00Z"), 70);
		heartRateProfileInKg.getMeta().addProfile("http://hl7.org/fhir/StructureDefinition/heartrate");
		((Quantity) heartRateProfileInKg.getValue()).setCode("kg").setUnit("kg");
		// codes of the specification's own code systems, checked against them: a category, an interpretation
		var unknownCategory = good.copy();
		unknownCategory.addCategory().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/observation-category").setCode("junk");
		var unknownInterpretation = good.copy();
		unknownInterpretation.addInterpretation().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation").setCode("junk");
		var cases = List.<IBaseResource>of(good, noStatus, noCode, heartRateProfileInKg, unknownCategory, unknownInterpretation);
		for (int round = 0; round < 3; round++) {
			for (var resource : cases) {
				var ours = fhir.errors(resource).stream().map(Fhir.Issue::message).sorted().toList();
				assertThat(ours).as("round " + round).isEqualTo(hapiErrors(resource));
			}
		}
		assertThat(fhir.errors(good)).isEmpty();
		assertThat(fhir.errors(noStatus)).extracting(Fhir.Issue::location).anyMatch(l -> l.startsWith("Observation"));
		assertThat(fhir.errors(noCode)).isNotEmpty();
		assertThat(fhir.errors(heartRateProfileInKg)).as("the heart-rate profile wants /min").isNotEmpty();
		assertThat(fhir.errors(unknownCategory)).as("no such category").isNotEmpty();
		assertThat(fhir.errors(unknownInterpretation)).as("no such interpretation").isNotEmpty();
	}

	/**
	 * The verdict kept by shape is the verdict the validator gives: for hundreds of hostile variations
	 * of valid Observations (cut fields, junk values, renamed elements), every one the strict parser
	 * reads gets the same issues from the cache as from a fresh validation, and the same errors as
	 * HAPI's validator with the whole specification gives.
	 */
	@Test
	void whenVerdictsAreKeptByShapeThenTheyAreTheValidatorsOwn() {
		var parser = fhir.context().newJsonParser();
		var random = new java.util.Random(42);
		int compared = 0;
		for (int i = 0; i < 400; i++) {
			var at = Instant.parse("2026-11-30T01:15:00Z").plusSeconds(i * 61L);
			var valid = switch (i % 4) {
				case 0 -> FhirApiTests.bloodPressure("hanako", at, 110 + i % 40, 70 + i % 15);
				case 1 -> FhirApiTests.weight("taro-" + i, at, (40 + i % 50) + "." + i % 10);
				case 2 -> FhirApiTests.pulse("hanako", at, 50 + i % 60);
				default -> {
					var o = FhirApiTests.pulse("hanako", at, 60);
					o.getMeta().addProfile("http://hl7.org/fhir/StructureDefinition/heartrate");
					yield o;
				}
			};
			var json = i % 5 == 0 ? parser.encodeResourceToString(valid)
					: HostileFhir.mutate(parser.encodeResourceToString(valid), random, HostileFhir.JUNK);
			IBaseResource resource;
			try {
				resource = fhir.strictParser().parseResource(json);
			}
			catch (RuntimeException unreadable) {
				continue;
			}
			var cached = fhir.issues(resource).stream().filter(Fhir.Issue::error).map(e -> e.location() + " " + e.message()).sorted().toList();
			var fresh = fhir.issuesUncached(resource).stream().filter(Fhir.Issue::error).map(e -> e.location() + " " + e.message()).sorted().toList();
			assertThat(cached).as(json).isEqualTo(fresh);
			// as /fhir validates a request: the JSON as sent, verdicts kept by its shape
			var sentCached = fhir.issues(resource, json).stream().filter(Fhir.Issue::error).map(e -> e.location() + " " + e.message()).sorted().toList();
			var sentFresh = fhir.issuesUncached(resource, json).stream().filter(Fhir.Issue::error).map(e -> e.location() + " " + e.message()).sorted().toList();
			assertThat(sentCached).as("as sent: " + json).isEqualTo(sentFresh);
			assertThat(sentCached.stream().map(e -> e.substring(e.indexOf(' ') + 1)).sorted().toList()).as("as sent, HAPI: " + json)
				.isEqualTo(hapiErrors(json));
			assertThat(fhir.errors(resource).stream().map(Fhir.Issue::message).sorted().toList()).as("HAPI with the whole specification: " + json)
				.isEqualTo(hapiErrors(resource));
			compared++;
		}
		assertThat(compared).as("enough variations were readable to compare").isGreaterThan(150);
	}

	private static List<String> hapiErrors(String json) {
		return errorsOf(hapi.validateWithResult(json));
	}

	private static List<String> hapiErrors(IBaseResource resource) {
		return errorsOf(hapi.validateWithResult(resource));
	}

	private static List<String> errorsOf(ca.uhn.fhir.validation.ValidationResult result) {
		return result.getMessages().stream()
			.filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
			.map(m -> m.getMessage())
			.sorted()
			.toList();
	}
}
