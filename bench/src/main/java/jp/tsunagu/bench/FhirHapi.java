package jp.tsunagu.bench;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * HAPI FHIR JPA server (the starter project) with its default settings: no authentication, and an
 * Observation's subject must be a Patient that exists (referential integrity), so setup creates one
 * Patient per resident ({@code POST /fhir/Patient}) and the Observations name it as
 * {@code Patient/<id>}.
 */
final class FhirHapi implements FhirTarget {

	private static final PrintStream out = System.out;

	private static final Pattern PATIENT_ID = Pattern.compile("/Patient/([A-Za-z0-9.-]{1,64})");

	private final URI fhir;

	private final HttpClient http;

	private final Duration timeout;

	private final String run;

	private List<String> writers = List.of();

	private List<String> searchers = List.of();

	FhirHapi(URI fhir, HttpClient http, Duration timeout, String run) {
		this.fhir = fhir;
		this.http = http;
		this.timeout = timeout;
		this.run = run;
	}

	@Override
	public String id() {
		return "hapi";
	}

	@Override
	public String title() {
		return "HAPI FHIR JPA server (starter), default settings, no authentication";
	}

	@Override
	public void prepare(int writerCount, int searcherCount) throws Exception {
		long t0 = System.nanoTime();
		writers = patients("w", writerCount);
		searchers = patients("s", searcherCount);
		out.printf(java.util.Locale.ROOT, "   %d Patients created (POST /fhir/Patient, 201 each) in %.1f s: %d writers,"
				+ " %d searchers; Observations name them as Patient/<id>%n", writerCount + searcherCount,
				(System.nanoTime() - t0) / 1e9, writerCount, searcherCount);
	}

	private List<String> patients(String kind, int n) throws Exception {
		var ids = new ArrayList<String>();
		for (int i = 0; i < n; i++) {
			var body = "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"https://tsunagu.jp/sid/check-in\","
					+ "\"value\":\"fhirbench-" + run + "-" + kind + i + "\"}],\"name\":[{\"family\":\"負荷\",\"given\":[\"試験"
					+ kind + i + "\"]}]}";
			var response = http.send(HttpRequest.newBuilder(URI.create(fhir + "/Patient"))
				.timeout(timeout)
				.header("Content-Type", "application/fhir+json")
				.header("Accept", "application/fhir+json")
				.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
				.build(), HttpResponse.BodyHandlers.ofString());
			var location = response.headers().firstValue("Location").orElse("");
			var m = PATIENT_ID.matcher(location);
			if (response.statusCode() != 201 || !m.find()) {
				throw new BenchFailure("POST /fhir/Patient HTTP " + response.statusCode() + ", expected 201 with a Location",
						FhirBench.shorten(response.body()));
			}
			ids.add(m.group(1));
		}
		return List.copyOf(ids);
	}

	@Override
	public String writerSubject(int i) {
		return "{\"reference\":\"Patient/" + writers.get(i) + "\"}";
	}

	@Override
	public String searcherSubject(int i) {
		return "{\"reference\":\"Patient/" + searchers.get(i) + "\"}";
	}

	@Override
	public String patient(int i) {
		return searchers.get(i);
	}

	@Override
	public String writeAuthorization() {
		return null;
	}

	@Override
	public String readAuthorization() {
		return null;
	}
}
