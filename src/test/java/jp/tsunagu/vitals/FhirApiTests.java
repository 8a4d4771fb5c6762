package jp.tsunagu.vitals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.identity.Accounts;
import jp.tsunagu.identity.PartnerClients;
import jp.tsunagu.identity.PartnerSubjects;
import jp.tsunagu.identity.TestClients;
import jp.tsunagu.identity.TestResidents;
import jp.tsunagu.residents.DataSharing;
import jp.tsunagu.residents.Residents;
import jp.tsunagu.residents.SharingPurpose;
import jp.tsunagu.vitals.fhir.Fhir;

/**
 * The FHIR API as a FHIR client uses it: HAPI FHIR's generic client over HTTP, with tokens from
 * Sapporo Smart ID. A station creates and sends Bundles; a partner with the resident's consent
 * searches, pages and reads, and every Observation it gets passes HAPI's instance validator against
 * the vital-signs profiles; without consent it is refused, saying so; bad input stores nothing.
 */
@TsunaguTest
class FhirApiTests {

	static final String LOINC = "http://loinc.org";

	static final String UCUM = "http://unitsofmeasure.org";

	@LocalServerPort
	int port;

	@Autowired
	Residents residents;

	@Autowired
	Accounts accounts;

	@Autowired
	PartnerClients clients;

	@Autowired
	PartnerSubjects subjects;

	@Autowired
	DataSharing sharing;

	@Autowired
	Stations stations;

	@Autowired
	Fhir fhir;

	@Autowired
	JdbcClient jdbc;

	final FhirContext context = FhirContext.forR4Cached();

	TestResidents.Registered hanako;

	TestResidents.Registered taro;

	Stations.Registered station;

	IGenericClient stationClient;

	String partnerId;

	String partnerSecret;

	@BeforeEach
	void setUp() throws Exception {
		hanako = TestResidents.hanako(residents);
		taro = TestResidents.hanako(residents);
		station = stations.register("血圧計 1号機", "もみじ台 地域交流エリア", "admin@test");
		stationClient = client(token(station.station().clientId(), station.secret(), "vitals.write"));
		var partner = TestClients.confidential(clients, Set.of("openid", "vitals.read"));
		partnerId = partner.client().clientId();
		partnerSecret = partner.secret();
	}

	@Test
	void whenStationCreatesThenPartnerWithConsentSearchesPagesAndReadsValidObservations() throws Exception {
		var start = Instant.now().minus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
		var ids = new ArrayList<String>();
		for (int day = 0; day < 5; day++) {
			var outcome = stationClient.create().resource(bloodPressure(hanako.login(), start.plus(day, ChronoUnit.DAYS), 120 + day, 80)).execute();
			assertThat(outcome.getCreated()).as("a new measurement is created").isTrue();
			ids.add(outcome.getId().getIdPart());
		}
		var repeat = stationClient.create().resource(bloodPressure(hanako.login(), start, 120, 80)).execute();
		assertThat(repeat.getCreated()).as("the same device, kind and time again is the same measurement").isNotEqualTo(Boolean.TRUE);
		assertThat(repeat.getId().getIdPart()).isEqualTo(ids.getFirst());
		assertThat(count(hanako)).isEqualTo(5);
		assertThat(timeline(hanako)).as("each new measurement is on the timeline once").isEqualTo(5);

		sharing.give(hanako.resident().account(), partnerId, SharingPurpose.VITALS_FOR_HEALTH_ADVICE);
		var partner = client(token(partnerId, partnerSecret, "vitals.read"));
		var patient = subjects.subjectFor(partnerId, accounts.find(hanako.resident().account()).orElseThrow().subject())
			.orElseThrow();
		var page = partner.search()
			.forResource(Observation.class)
			.where(Observation.PATIENT.hasId(patient))
			.and(Observation.CODE.exactly().systemAndCode(LOINC, "85354-9"))
			.and(Observation.DATE.afterOrEquals().day(Date.from(start.minus(1, ChronoUnit.DAYS))))
			.sort().descending(Observation.DATE)
			.count(2)
			.returnBundle(Bundle.class)
			.execute();
		var systolics = new ArrayList<Integer>();
		int pages = 0;
		while (true) {
			pages++;
			assertThat(page.getTotal()).isEqualTo(5);
			for (var entry : page.getEntry()) {
				var observation = (Observation) entry.getResource();
				assertThat(fhir.errors(observation)).as("every Observation returned passes the validator").isEmpty();
				assertThat(observation.getSubject().getReference()).isEqualTo("Patient/" + patient);
				systolics.add(observation.getComponentFirstRep().getValueQuantity().getValue().intValue());
			}
			if (page.getLink(Bundle.LINK_NEXT) == null) {
				break;
			}
			page = partner.loadPage().next(page).execute();
		}
		assertThat(pages).isEqualTo(3);
		assertThat(systolics).as("newest first, each once, over the pages").containsExactly(124, 123, 122, 121, 120);

		var read = partner.read().resource(Observation.class).withId(ids.get(2)).execute();
		assertThat(read.getComponent().get(0).getValueQuantity().getValue()).isEqualByComparingTo("122");
		assertThat(read.getComponent().get(1).getValueQuantity().getCode()).isEqualTo("mm[Hg]");
		assertThat(read.getMeta().getProfile()).extracting(p -> p.getValue())
			.contains("http://hl7.org/fhir/StructureDefinition/vitalsigns", "http://hl7.org/fhir/StructureDefinition/bp");
		assertThat(fhir.errors(read)).isEmpty();
		assertThat(audited(partnerId)).as("every partner read is audited").isEqualTo(pages + 1);
	}

	@Test
	void whenPartnerHasNoConsentThenItIsRefusedSayingSoAndWithdrawingEndsIt() throws Exception {
		var created = stationClient.create().resource(weight(hanako.login(), Instant.now().minusSeconds(60), "58.4")).execute();
		var partner = client(token(partnerId, partnerSecret, "vitals.read"));
		var patient = subjects.subjectFor(partnerId, accounts.find(hanako.resident().account()).orElseThrow().subject())
			.orElseThrow();
		assertThatThrownBy(() -> partner.search().forResource(Observation.class)
			.where(Observation.PATIENT.hasId(patient)).returnBundle(Bundle.class).execute())
			.isInstanceOf(ForbiddenOperationException.class)
			.satisfies(e -> assertThat(diagnostics(e)).contains("同意していません"));
		assertThatThrownBy(() -> partner.read().resource(Observation.class).withId(created.getId().getIdPart()).execute())
			.isInstanceOf(ForbiddenOperationException.class);

		var consent = sharing.give(hanako.resident().account(), partnerId, SharingPurpose.VITALS_FOR_HEALTH_ADVICE);
		assertThat(partner.read().resource(Observation.class).withId(created.getId().getIdPart()).execute()
			.getValueQuantity().getValue()).isEqualByComparingTo("58.4");
		sharing.withdraw(hanako.resident().account(), consent.id());
		assertThatThrownBy(() -> partner.read().resource(Observation.class).withId(created.getId().getIdPart()).execute())
			.as("withdrawn: refused again").isInstanceOf(ForbiddenOperationException.class);
		// consent to another resident does not open this one
		sharing.give(taro.resident().account(), partnerId, SharingPurpose.VITALS_FOR_HEALTH_ADVICE);
		assertThatThrownBy(() -> partner.read().resource(Observation.class).withId(created.getId().getIdPart()).execute())
			.isInstanceOf(ForbiddenOperationException.class);
	}

	@Test
	void whenStationSendsTransactionThenAllOrNothingAndBatchStoresTheGoodOnes() throws Exception {
		var at = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
		var transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		for (int i = 0; i < 3; i++) {
			transaction.addEntry().setResource(pulse(hanako.login(), at.plusSeconds(i * 60), 70 + i))
				.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
		}
		var response = stationClient.transaction().withBundle(transaction).execute();
		assertThat(response.getType()).isEqualTo(Bundle.BundleType.TRANSACTIONRESPONSE);
		assertThat(response.getEntry()).extracting(e -> e.getResponse().getStatus()).containsOnly("201 Created");
		assertThat(count(hanako)).isEqualTo(3);

		var bad = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		bad.addEntry().setResource(pulse(hanako.login(), at.plusSeconds(600), 72)).getRequest()
			.setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
		bad.addEntry().setResource(pulse(hanako.login(), at.plusSeconds(660), 400)).getRequest()
			.setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
		assertThatThrownBy(() -> stationClient.transaction().withBundle(bad).execute())
			.isInstanceOf(BaseServerResponseException.class)
			.satisfies(e -> assertThat(((BaseServerResponseException) e).getStatusCode()).isEqualTo(422));
		assertThat(count(hanako)).as("a transaction with one bad entry stores none").isEqualTo(3);

		bad.setType(Bundle.BundleType.BATCH);
		var batch = stationClient.transaction().withBundle(bad).execute();
		assertThat(batch.getEntry().get(0).getResponse().getStatus()).isEqualTo("201 Created");
		assertThat(batch.getEntry().get(1).getResponse().getStatus()).startsWith("422");
		assertThat(((OperationOutcome) batch.getEntry().get(1).getResponse().getOutcome()).getIssueFirstRep()
			.getExpression().getFirst().getValue()).startsWith("Bundle.entry[1]");
		assertThat(count(hanako)).as("a batch stores its good entries").isEqualTo(4);
	}

	@Test
	void whenStationsSendBundlesForTheSameResidentsAtOnceThenEveryOneIsStoredAndNoneFails() throws Exception {
		var people = List.of(hanako, taro, TestResidents.hanako(residents), TestResidents.hanako(residents));
		var base = Instant.now().minus(40, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
		var counter = new java.util.concurrent.atomic.AtomicInteger();
		var statuses = java.util.Collections.synchronizedList(new ArrayList<String>());
		try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
			for (int b = 0; b < 16; b++) {
				int seed = b;
				pool.submit(() -> {
					var bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
					var order = new ArrayList<>(people);
					java.util.Collections.shuffle(order, new java.util.Random(seed));
					for (int k = 0; k < 20; k++) {
						var who = order.get(k % order.size());
						bundle.addEntry().setResource(pulse(who.login(), base.plusSeconds(counter.incrementAndGet()), 64))
							.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
					}
					try {
						var answer = stationClient.transaction().withBundle(bundle).execute();
						answer.getEntry().forEach(e -> statuses.add(e.getResponse().getStatus()));
					}
					catch (BaseServerResponseException e) {
						statuses.add("HTTP " + e.getStatusCode());
					}
				});
			}
		}
		assertThat(statuses).as("concurrent Bundles over the same residents: no deadlock reaches the station")
			.hasSize(16 * 20).containsOnly("201 Created");
		long stored = people.stream().mapToLong(this::count).sum();
		assertThat(stored).isEqualTo(16 * 20);
	}

	@Test
	void whenInputIsBadThenOperationOutcomeNamesItAndNothingIsStored() throws Exception {
		var now = Instant.now().minusSeconds(300).truncatedTo(ChronoUnit.SECONDS);
		var other = stations.register("体重計", "青葉 地域交流エリア", "admin@test");
		var noStatus = weight(hanako.login(), now, "60");
		noStatus.setStatus(null);
		var noCode = weight(hanako.login(), now, "60");
		noCode.setCode(null);
		var unknownSystem = weight(hanako.login(), now, "60");
		unknownSystem.setCode(new CodeableConcept().addCoding(new Coding("http://example.org/codes", "weight", null)));
		var unknownCode = weight(hanako.login(), now, "60");
		unknownCode.getCode().getCodingFirstRep().setCode("1234-5");
		var heartRateInKg = pulse(hanako.login(), now, 70);
		heartRateInKg.getValueQuantity().setCode("kg").setUnit("kg");
		var negativeWeight = weight(hanako.login(), now, "-3");
		var spo2 = new Observation().setStatus(Observation.ObservationStatus.FINAL)
			.setCode(new CodeableConcept().addCoding(new Coding(LOINC, "59408-5", null)))
			.setSubject(checkIn(hanako.login()))
			.setEffective(dateTime(now))
			.setValue(new Quantity().setValue(120).setSystem(UCUM).setCode("%").setUnit("%"));
		var notAResident = weight("nobody-" + java.util.UUID.randomUUID(), now, "60");
		var otherStation = weight(hanako.login(), now, "60");
		otherStation.setDevice(new Reference("Device/" + other.station().clientId()));
		var refusals = new java.util.LinkedHashMap<String, Observation>();
		refusals.put("systolic 900", bloodPressure(hanako.login(), now, 900, 80));
		refusals.put("negative weight", negativeWeight);
		refusals.put("SpO2 120", spo2);
		refusals.put("no status", noStatus);
		refusals.put("no code", noCode);
		refusals.put("unknown code system", unknownSystem);
		refusals.put("unknown LOINC code", unknownCode);
		refusals.put("heart rate in kg", heartRateInKg);
		refusals.put("a Patient that is not a resident", notAResident);
		refusals.put("another station's device", otherStation);
		for (var refusal : refusals.entrySet()) {
			assertThatThrownBy(() -> stationClient.create().resource(refusal.getValue()).execute())
				.as(refusal.getKey())
				.isInstanceOf(BaseServerResponseException.class)
				.satisfies(e -> {
					var refused = (BaseServerResponseException) e;
					assertThat(refused.getStatusCode()).as(refusal.getKey()).isBetween(400, 499);
					assertThat(refused.getOperationOutcome()).as(refusal.getKey() + ": an OperationOutcome").isNotNull();
					var issue = ((OperationOutcome) refused.getOperationOutcome()).getIssueFirstRep();
					assertThat(issue.getDiagnostics()).as(refusal.getKey()).isNotBlank();
				});
		}
		assertThat(count(hanako)).as("nothing stored").isZero();

		var http = HttpClient.newHttpClient();
		var token = token(station.station().clientId(), station.secret(), "vitals.write");
		var valid = context.newJsonParser().encodeResourceToString(weight(hanako.login(), now, "60"));
		var bodies = List.of("{", "not json", "{\"resourceType\":\"Observation\",\"status\":\"final\",\"status\":\"final\"}",
				valid.replace("\"final\"", "\"fi\\u0000nal\""), valid.replace("\"status\"", "\"statusx\""),
				"{\"resourceType\":\"Patient\"}", "[]", "",
				valid.replace("\"status\"", "\"note\":[{\"text\":\"" + "x".repeat(100_000) + "\"}],\"status\""));
		for (var body : bodies) {
			var answer = http.send(HttpRequest.newBuilder(URI.create(base() + "/Observation"))
				.header("Authorization", "Bearer " + token)
				.header("Content-Type", "application/fhir+json")
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(answer.statusCode()).as(body).isBetween(400, 499);
			assertThat(answer.body()).as(body).contains("\"resourceType\":\"OperationOutcome\"");
		}
		var xml = http.send(HttpRequest.newBuilder(URI.create(base() + "/Observation"))
			.header("Authorization", "Bearer " + token).header("Content-Type", "application/fhir+xml")
			.POST(HttpRequest.BodyPublishers.ofString("<Observation/>")).build(), HttpResponse.BodyHandlers.ofString());
		assertThat(xml.statusCode()).isEqualTo(415);
		var anonymous = http.send(HttpRequest.newBuilder(URI.create(base() + "/Observation?patient=x")).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(anonymous.statusCode()).isEqualTo(401);
		assertThat(anonymous.body()).contains("OperationOutcome");
		assertThat(count(hanako)).as("nothing stored").isZero();
	}

	@Test
	void whenSomeoneReadsTheCapabilityStatementThenItSaysWhatIsServed() {
		var anonymous = context.newRestfulGenericClient(base());
		context.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
		var statement = anonymous.capabilities().ofType(CapabilityStatement.class).execute();
		assertThat(statement.getFhirVersion().toCode()).isEqualTo("4.0.1");
		var observation = statement.getRestFirstRep().getResource().stream()
			.filter(r -> r.getType().equals("Observation")).findFirst().orElseThrow();
		assertThat(observation.getSearchParam()).extracting(p -> p.getName()).contains("patient", "code", "date");
		assertThat(fhir.errors(statement)).isEmpty();
	}

	// ---- helpers

	private IGenericClient client(String token) {
		context.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
		// the server's validator may still be loading the core profiles when the first test posts
		context.getRestfulClientFactory().setSocketTimeout(60_000);
		var client = context.newRestfulGenericClient(base());
		client.setEncoding(EncodingEnum.JSON);
		client.registerInterceptor(new BearerTokenAuthInterceptor(token));
		return client;
	}

	private String base() {
		return "http://localhost:" + port + "/fhir";
	}

	private String token(String clientId, String secret, String scope) throws Exception {
		TokenResponse response = TokenResponse.parse(new TokenRequest(URI.create("http://localhost:" + port + "/oauth2/token"),
				new ClientSecretBasic(new ClientID(clientId), new Secret(secret)), new ClientCredentialsGrant(),
				new Scope(scope)).toHTTPRequest().send());
		return response.toSuccessResponse().getTokens().getAccessToken().getValue();
	}

	static Reference checkIn(String login) {
		var reference = new Reference();
		reference.getIdentifier().setSystem("https://tsunagu.jp/sid/check-in").setValue(login);
		return reference;
	}

	static DateTimeType dateTime(Instant at) {
		return new DateTimeType(Date.from(at), TemporalPrecisionEnum.SECOND, java.util.TimeZone.getTimeZone("Asia/Tokyo"));
	}

	static Observation vital(String login, Instant at, String loinc) {
		var o = new Observation().setStatus(Observation.ObservationStatus.FINAL);
		o.addCategory().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/observation-category").setCode("vital-signs");
		o.setCode(new CodeableConcept().addCoding(new Coding(LOINC, loinc, null)));
		o.setSubject(checkIn(login));
		o.setEffective(dateTime(at));
		return o;
	}

	public static Observation bloodPressure(String login, Instant at, int systolic, int diastolic) {
		var o = vital(login, at, "85354-9");
		o.addComponent().setCode(new CodeableConcept().addCoding(new Coding(LOINC, "8480-6", null)))
			.setValue(new Quantity().setValue(systolic).setSystem(UCUM).setCode("mm[Hg]").setUnit("mmHg"));
		o.addComponent().setCode(new CodeableConcept().addCoding(new Coding(LOINC, "8462-4", null)))
			.setValue(new Quantity().setValue(diastolic).setSystem(UCUM).setCode("mm[Hg]").setUnit("mmHg"));
		return o;
	}

	public static Observation weight(String login, Instant at, String kg) {
		return vital(login, at, "29463-7").setValue(new Quantity().setValue(new BigDecimal(kg)).setSystem(UCUM).setCode("kg").setUnit("kg"));
	}

	public static Observation pulse(String login, Instant at, int perMinute) {
		return vital(login, at, "8867-4").setValue(new Quantity().setValue(perMinute).setSystem(UCUM).setCode("/min").setUnit("/min"));
	}

	private long count(TestResidents.Registered resident) {
		return jdbc.sql("SELECT COUNT(*) FROM vital_measurement WHERE resident_id = ?")
			.param(resident.resident().account().value()).query(Long.class).single();
	}

	private long timeline(TestResidents.Registered resident) {
		return jdbc.sql("SELECT COUNT(*) FROM activity WHERE resident = ? AND type = 'VITALS_TAKEN'")
			.param(resident.resident().account().value()).query(Long.class).single();
	}

	private long audited(String partner) {
		return jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE actor = ? AND action = 'vitals.read'")
			.param("partner:" + partner).query(Long.class).single();
	}

	private String diagnostics(Throwable e) {
		var outcome = (OperationOutcome) ((BaseServerResponseException) e).getOperationOutcome();
		return outcome == null ? String.valueOf(e.getMessage()) : outcome.getIssueFirstRep().getDiagnostics();
	}
}
