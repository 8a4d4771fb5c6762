package jp.tsunagu.vitals;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.event.EventListener;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;

import ca.uhn.fhir.context.FhirContext;
import jp.tsunagu.Browser;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.identity.Accounts;
import jp.tsunagu.identity.TestResidents;
import jp.tsunagu.residents.Residents;

/**
 * A signed-in resident reads their own vitals on {@code /fhir} with the portal's session, and
 * nobody else's; hostile Observations from a station (random cuts, swaps and junk in a valid one)
 * are answered 2xx or 4xx, never 5xx, and only the 2xx ones are stored; a reading outside its
 * thresholds is announced once.
 */
@TsunaguTest
@Import(FhirResidentAndFuzzTests.OutOfRange.class)
class FhirResidentAndFuzzTests {

	@TestConfiguration
	static class OutOfRange {

		final List<VitalOutOfRange> seen = java.util.Collections.synchronizedList(new ArrayList<>());

		@EventListener
		void on(VitalOutOfRange event) {
			seen.add(event);
		}
	}

	@LocalServerPort
	int port;

	@Autowired
	Residents residents;

	@Autowired
	Accounts accounts;

	@Autowired
	Stations stations;

	@Autowired
	Vitals vitals;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	OutOfRange outOfRange;

	@Test
	void whenResidentReadsFhirWithTheirSessionThenOnlyTheirOwn() {
		var hanako = TestResidents.hanako(residents);
		var taro = TestResidents.hanako(residents);
		var now = Instant.now().minus(1, ChronoUnit.HOURS);
		var mine = desk(hanako, VitalKind.BODY_TEMPERATURE, now, "36.4");
		var theirs = desk(taro, VitalKind.BODY_TEMPERATURE, now, "36.8");
		var browser = new Browser(port);
		browser.signIn(hanako.login(), hanako.password());
		var own = browser.get("/fhir/Observation");
		assertThat(own.statusCode()).isEqualTo(200);
		assertThat(own.body()).contains(mine.measurement().id().toString()).doesNotContain(theirs.measurement().id().toString())
			.contains("\"value\":36.4");
		assertThat(browser.get("/fhir/Observation/" + mine.measurement().id()).statusCode()).isEqualTo(200);
		assertThat(browser.get("/fhir/Observation/" + theirs.measurement().id()).statusCode())
			.as("another's measurement is not even said to exist").isEqualTo(404);
		var taroSubject = accounts.find(taro.resident().account()).orElseThrow().subject();
		var other = browser.get("/fhir/Observation?patient=" + taroSubject);
		assertThat(other.statusCode()).isEqualTo(403);
		assertThat(other.body()).contains("OperationOutcome");
		assertThat(browser.get("/fhir/Observation?subject=Patient/" + taroSubject).statusCode()).isEqualTo(403);
	}

	@Test
	void whenReadingIsOutsideThresholdsThenItIsAnnouncedOnce() {
		var hanako = TestResidents.hanako(residents);
		var at = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
		var high = new NewMeasurement(hanako.resident().account(), VitalKind.BLOOD_PRESSURE, at, new BigDecimal("152"),
				new BigDecimal("96"), "desk", Measurement.Source.DESK, null, "staff@test");
		vitals.record(high);
		vitals.record(high);
		vitals.record(new NewMeasurement(hanako.resident().account(), VitalKind.BLOOD_PRESSURE, at.plusSeconds(60),
				new BigDecimal("118"), new BigDecimal("72"), "desk", Measurement.Source.DESK, null, "staff@test"));
		var mine = outOfRange.seen.stream().filter(e -> e.resident().equals(hanako.resident().account())).toList();
		assertThat(mine).hasSize(1);
		assertThat(mine.getFirst().band()).isEqualTo(Band.HIGH);
		assertThat(mine.getFirst().value()).isEqualByComparingTo("152");
	}

	@Test
	void whenStationPostsHostileObservationsThenNever5xxAndOnlyAcceptedOnesAreStored() throws Exception {
		var hanako = TestResidents.hanako(residents);
		var station = stations.register("血圧計", "もみじ台", "admin@test");
		var token = TokenResponse.parse(new TokenRequest(URI.create("http://localhost:" + port + "/oauth2/token"),
				new ClientSecretBasic(new ClientID(station.station().clientId()), new Secret(station.secret())),
				new ClientCredentialsGrant(), new Scope("vitals.write")).toHTTPRequest().send())
			.toSuccessResponse().getTokens().getAccessToken().getValue();
		var parser = FhirContext.forR4Cached().newJsonParser();
		var random = new Random(17);
		var http = HttpClient.newHttpClient();
		var junk = List.of("", "\"\"", "null", "[]", "{}", "0", "-1", "1e309", "\"x\"", "true", "\"\\u0000\"",
				"\"" + "あ".repeat(5000) + "\"", "{\"reference\":\"Patient/\"}", "\"2026-13-45T99:99:99+09:00\"", "[{}]");
		int created = 0;
		for (int i = 0; i < 150; i++) {
			var at = Instant.now().minus(1 + i, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
			var valid = switch (i % 3) {
				case 0 -> FhirApiTests.bloodPressure(hanako.login(), at, 120, 80);
				case 1 -> FhirApiTests.weight(hanako.login(), at, "58.2");
				default -> FhirApiTests.pulse(hanako.login(), at, 70);
			};
			var json = parser.encodeResourceToString(valid);
			var mutated = HostileFhir.mutate(json, random, junk);
			var answer = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/fhir/Observation"))
				.header("Authorization", "Bearer " + token)
				.header("Content-Type", "application/fhir+json")
				.POST(HttpRequest.BodyPublishers.ofString(mutated))
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(answer.statusCode()).as(mutated).isLessThan(500);
			if (answer.statusCode() == 201) {
				created++;
			}
			else if (answer.statusCode() >= 400) {
				assertThat(answer.body()).as(mutated).contains("OperationOutcome");
			}
		}
		long stored = jdbc.sql("SELECT COUNT(*) FROM vital_measurement WHERE resident_id = ?")
			.param(hanako.resident().account().value()).query(Long.class).single();
		assertThat(stored).as("stored exactly what was answered 201").isEqualTo(created);
	}

	private Recorded desk(TestResidents.Registered resident, VitalKind kind, Instant at, String value) {
		return vitals.record(new NewMeasurement(resident.resident().account(), kind, at, new BigDecimal(value), null, "desk",
				Measurement.Source.DESK, null, "staff@test"));
	}
}
