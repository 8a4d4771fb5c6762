package jp.tsunagu.vitals.fhir;

import java.util.Date;

import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementKind;
import org.hl7.fhir.r4.model.CapabilityStatement.RestfulCapabilityMode;
import org.hl7.fhir.r4.model.CapabilityStatement.SystemRestfulInteraction;
import org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Enumerations.FHIRVersion;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.Enumerations.SearchParamType;

import jp.tsunagu.vitals.VitalKind;

/** What {@code /fhir} does, as FHIR's CapabilityStatement says it (served at {@code /fhir/metadata}). */
final class Capabilities {

	private static final Date PUBLISHED = Date.from(java.time.Instant.parse("2026-12-01T00:00:00Z"));

	private Capabilities() {
	}

	static CapabilityStatement statement(String base) {
		var cs = new CapabilityStatement();
		cs.setStatus(PublicationStatus.ACTIVE)
			.setDate(PUBLISHED)
			.setPublisher("Tsunagu")
			.setKind(CapabilityStatementKind.INSTANCE)
			.setFhirVersion(FHIRVersion._4_0_1)
			.setName("TsunaguVitals")
			.setTitle("Tsunagu vitals (FHIR R4)");
		cs.addFormat("application/fhir+json").addFormat("json");
		cs.getSoftware().setName("Tsunagu");
		cs.getImplementation().setDescription("Tsunagu vitals: measurements from the community exchange area").setUrl(base);
		var rest = cs.addRest().setMode(RestfulCapabilityMode.SERVER);
		rest.getSecurity()
			.addService(new CodeableConcept().addCoding(new Coding(
					"http://terminology.hl7.org/CodeSystem/restful-security-service", "OAuth", "OAuth")))
			.setDescription("Bearer access tokens from Sapporo Smart ID: vitals.write for measuring stations"
					+ " (client credentials), vitals.read for partners, who read only residents who agreed"
					+ " (VITALS_FOR_HEALTH_ADVICE); a signed-in resident reads their own.");
		rest.addInteraction().setCode(SystemRestfulInteraction.TRANSACTION);
		rest.addInteraction().setCode(SystemRestfulInteraction.BATCH);
		var observation = rest.addResource().setType("Observation").setProfile(Observations.VITAL_SIGNS_PROFILE);
		for (var kind : VitalKind.values()) {
			if (!kind.profile().equals(Observations.VITAL_SIGNS_PROFILE)) {
				observation.addSupportedProfile(kind.profile());
			}
		}
		observation.addInteraction().setCode(TypeRestfulInteraction.READ);
		observation.addInteraction().setCode(TypeRestfulInteraction.CREATE);
		observation.addInteraction().setCode(TypeRestfulInteraction.SEARCHTYPE);
		observation.setVersioning(CapabilityStatement.ResourceVersionPolicy.NOVERSION)
			.setReadHistory(false)
			.setUpdateCreate(false)
			.setConditionalCreate(false);
		observation.addSearchParam().setName("patient").setType(SearchParamType.REFERENCE)
			.setDefinition("http://hl7.org/fhir/SearchParameter/clinical-patient");
		observation.addSearchParam().setName("subject").setType(SearchParamType.REFERENCE)
			.setDefinition("http://hl7.org/fhir/SearchParameter/Observation-subject");
		observation.addSearchParam().setName("code").setType(SearchParamType.TOKEN)
			.setDefinition("http://hl7.org/fhir/SearchParameter/clinical-code");
		observation.addSearchParam().setName("date").setType(SearchParamType.DATE)
			.setDefinition("http://hl7.org/fhir/SearchParameter/clinical-date");
		observation.addSearchParam().setName("_count").setType(SearchParamType.NUMBER)
			.setDocumentation("page size, at most " + FhirApi.MAX_COUNT + " (default " + FhirApi.DEFAULT_COUNT + ")");
		observation.addSearchParam().setName("_sort").setType(SearchParamType.STRING)
			.setDocumentation("date or -date (the default)");
		return cs;
	}
}
