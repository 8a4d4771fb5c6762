package jp.tsunagu.vitals.fhir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleType;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Resource;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import ca.uhn.fhir.parser.DataFormatException;
import jp.tsunagu.audit.AuditLog;
import jp.tsunagu.identity.AccountId;
import jp.tsunagu.identity.AccountSummary;
import jp.tsunagu.identity.Accounts;
import jp.tsunagu.identity.ApiCaller;
import jp.tsunagu.identity.PartnerSubjects;
import jp.tsunagu.platform.ApiLocale;
import jp.tsunagu.residents.DataSharing;
import jp.tsunagu.residents.Residents;
import jp.tsunagu.residents.SharingPurpose;
import jp.tsunagu.vitals.Measurement;
import jp.tsunagu.vitals.MeasurementRefused;
import jp.tsunagu.vitals.NewMeasurement;
import jp.tsunagu.vitals.Recorded;
import jp.tsunagu.vitals.Station;
import jp.tsunagu.vitals.Stations;
import jp.tsunagu.vitals.VitalKind;
import jp.tsunagu.vitals.Vitals;

/**
 * The FHIR R4 REST API of vitals on {@code /fhir} (JSON): create an Observation, post a transaction
 * or batch Bundle of them, read one, search a patient's. The Patient id is the {@code sub} the
 * caller knows the resident by: a partner's pairwise one, a station's and a resident's own the
 * account's. A station writes only as itself; a partner reads only residents who agreed to
 * {@link SharingPurpose#VITALS_FOR_HEALTH_ADVICE} for it, and each read is audited; a resident
 * reads their own. Refusals are OperationOutcomes; a refused write stores nothing.
 */
@RestController
@RequestMapping("/fhir")
class FhirApi {

	static final MediaType FHIR_JSON = MediaType.parseMediaType("application/fhir+json;charset=UTF-8");

	static final int DEFAULT_COUNT = 20;

	static final int MAX_COUNT = 100;

	static final int MAX_ENTRIES = 1000;

	/** A Bundle of a thousand Observations is some 1.2 MB of JSON. */
	static final int MAX_BUNDLE_BYTES = 4 * 1024 * 1024;

	private static final Set<String> SEARCH_PARAMETERS = Set.of("patient", "subject", "code", "date", "_count",
			"_sort", "_offset", "_format");

	private final Fhir fhir;

	private final Vitals vitals;

	private final Stations stations;

	private final Accounts accounts;

	private final Residents residents;

	private final PartnerSubjects subjects;

	private final DataSharing sharing;

	private final AuditLog audit;

	private final OperationOutcomes outcomes;

	private final TransactionTemplate tx;

	/** For the look-ups before a write: one read-only transaction instead of one per look-up. */
	private final TransactionTemplate readOnly;

	private final tools.jackson.databind.json.JsonMapper json;

	FhirApi(tools.jackson.databind.json.JsonMapper json, Fhir fhir, Vitals vitals, Stations stations, Accounts accounts, Residents residents,
			PartnerSubjects subjects, DataSharing sharing, AuditLog audit, OperationOutcomes outcomes,
			TransactionTemplate tx) {
		this.fhir = fhir;
		this.vitals = vitals;
		this.stations = stations;
		this.accounts = accounts;
		this.residents = residents;
		this.subjects = subjects;
		this.sharing = sharing;
		this.audit = audit;
		this.outcomes = outcomes;
		this.tx = tx;
		this.readOnly = new TransactionTemplate(java.util.Objects.requireNonNull(tx.getTransactionManager()), tx);
		this.readOnly.setReadOnly(true);
		this.json = json;
	}

	// ---- who calls

	/** A caller of /fhir: a station (writes), a partner (reads with consent) or a signed-in resident (own reads). */
	sealed interface Caller permits StationCaller, PartnerCaller, ResidentCaller {
	}

	record StationCaller(Station station) implements Caller {
	}

	record PartnerCaller(ApiCaller api) implements Caller {
	}

	record ResidentCaller(AccountSummary account) implements Caller {
	}

	private Caller reader() {
		var api = ApiCaller.current();
		if (api.isPresent()) {
			return new PartnerCaller(api.get());
		}
		var authentication = SecurityContextHolder.getContext().getAuthentication();
		var account = authentication == null ? null : accounts.findBySubject(authentication.getName()).orElse(null);
		if (account == null) {
			throw new FhirRefused(HttpStatus.UNAUTHORIZED, IssueType.LOGIN, "unauthenticated", null);
		}
		return new ResidentCaller(account);
	}

	/** The API client calling, if one is (a station or a partner); refuses, as unauthenticated, if none. */
	private static ApiCaller apiCaller() {
		return ApiCaller.current()
			.orElseThrow(() -> new FhirRefused(HttpStatus.UNAUTHORIZED, IssueType.LOGIN, "unauthenticated", null));
	}

	private StationCaller writer() {
		var api = apiCaller();
		var station = stations.find(api.clientId())
			.orElseThrow(() -> new FhirRefused(HttpStatus.FORBIDDEN, IssueType.FORBIDDEN, "not-a-station", null));
		return new StationCaller(station);
	}

	/** The account a caller means by a Patient id. */
	private Optional<AccountSummary> patient(Caller caller, String id) {
		if (id.isBlank() || id.length() > 64) {
			return Optional.empty();
		}
		Optional<String> subject = caller instanceof PartnerCaller p ? subjects.accountSubjectOf(p.api().clientId(), id)
				: Optional.of(id);
		return subject.flatMap(accounts::findBySubject).filter(a -> residents.find(a.id()).isPresent());
	}

	/** The Patient id a caller knows this account by. */
	private String patientId(Caller caller, AccountId resident) {
		return patientId(caller, accounts.find(resident).orElseThrow());
	}

	private String patientId(Caller caller, AccountSummary account) {
		if (caller instanceof PartnerCaller p) {
			return subjects.subjectFor(p.api().clientId(), account.subject()).orElse(account.subject());
		}
		return account.subject();
	}

	/** Whether the caller may read this resident's vitals; refuses, saying why, if not. */
	private void mayRead(Caller caller, AccountSummary resident) {
		switch (caller) {
			case ResidentCaller r -> {
				if (!r.account().id().equals(resident.id())) {
					throw new FhirRefused(HttpStatus.FORBIDDEN, IssueType.FORBIDDEN, "other-resident", "patient");
				}
			}
			case PartnerCaller p -> {
				if (p.api().actsForResident() && !resident.subject().equals(p.api().residentSubject())) {
					throw new FhirRefused(HttpStatus.FORBIDDEN, IssueType.FORBIDDEN, "other-resident", "patient");
				}
				if (!sharing.permits(resident.id(), p.api().clientId(), SharingPurpose.VITALS_FOR_HEALTH_ADVICE)) {
					throw new FhirRefused(HttpStatus.FORBIDDEN, IssueType.FORBIDDEN, "no-consent", "patient");
				}
			}
			case StationCaller s -> throw new FhirRefused(HttpStatus.FORBIDDEN, IssueType.FORBIDDEN, "not-a-reader", null);
		}
	}

	private void audited(Caller caller, AccountId resident, String what) {
		if (caller instanceof PartnerCaller p) {
			audit.record("partner:" + p.api().clientId(), "vitals.read", resident.toString(), what);
		}
	}

	// ---- the CapabilityStatement

	@GetMapping("/metadata")
	ResponseEntity<byte[]> metadata(HttpServletRequest request) {
		return answer(HttpStatus.OK, Capabilities.statement(base()), null);
	}

	// ---- create

	@PostMapping("/Observation")
	ResponseEntity<byte[]> create(HttpServletRequest request,
			@RequestHeader(name = HttpHeaders.CONTENT_TYPE, required = false) @Nullable String contentType,
			@RequestHeader(name = "Prefer", required = false) @Nullable String prefer) {
		apiCaller();
		var body = body(request, 64 * 1024);
		// the station, the resident and the storing in one transaction (each look-up its own cost a
		// database round trip to begin and one to end it): tried again as a whole if the database
		// chose it to break a deadlock
		var created = java.util.Objects.requireNonNull(retried(() -> tx.execute(s -> {
			var station = writer();
			var parsed = parse(body, contentType, Observation.class);
			var incoming = toMeasurement(station, parsed.resource(), parsed.json());
			var recorded = storeOnce(List.of(incoming.measurement())).getFirst();
			if (recorded.outcome() == Recorded.Outcome.CONFLICT) {
				throw new FhirRefused(HttpStatus.CONFLICT, IssueType.CONFLICT, "conflict", "Observation.effective");
			}
			var m = recorded.measurement();
			return new Created(recorded, Observations.toFhir(m, patientId(station, incoming.resident()),
					station.station().name()));
		})));
		var m = created.recorded().measurement();
		return answer(created.recorded().created() ? HttpStatus.CREATED : HttpStatus.OK,
				prefer != null && prefer.contains("return=minimal") ? null : created.observation(), m);
	}

	private record Created(Recorded recorded, Observation observation) {
	}

	/** Stores, trying again (at most twice more) when the database chose this transaction to break a deadlock. */
	private <T> T retried(java.util.function.Supplier<T> work) {
		for (int attempt = 1;; attempt++) {
			try {
				return work.get();
			}
			catch (org.springframework.dao.PessimisticLockingFailureException lost) {
				if (attempt == 3) {
					throw lost;
				}
			}
		}
	}

	private List<Recorded> storeOnce(List<NewMeasurement> batch) {
		try {
			return vitals.recordAll(batch);
		}
		catch (MeasurementRefused refused) {
			throw plausibility(refused);
		}
	}

	private static FhirRefused plausibility(MeasurementRefused refused) {
		var path = switch (refused.field()) {
			case "systolic" -> "Observation.component[0].valueQuantity.value";
			case "diastolic" -> "Observation.component[1].valueQuantity.value";
			case "value" -> "Observation.valueQuantity.value";
			case "effective" -> "Observation.effectiveDateTime";
			case "component" -> "Observation.component";
			default -> "Observation";
		};
		return new FhirRefused(HttpStatus.UNPROCESSABLE_CONTENT, IssueType.VALUE, "measurement-" + refused.problem(),
				path);
	}

	/** A Bundle's entries as they were sent, if they are the entries HAPI read (as many, in order). */
	private static tools.jackson.databind.@Nullable JsonNode entriesAsSent(tools.jackson.databind.JsonNode bundle,
			int parsedEntries) {
		var entries = bundle.get("entry");
		return entries != null && entries.isArray() && entries.size() == parsedEntries ? entries : null;
	}

	/** The JSON of the resource of a Bundle's i-th entry as it was sent, if known. */
	private static tools.jackson.databind.@Nullable JsonNode sentResource(tools.jackson.databind.@Nullable JsonNode entries,
			int i) {
		if (entries == null) {
			return null;
		}
		var resource = entries.get(i).get("resource");
		return resource != null && resource.isObject() ? resource : null;
	}

	/** A measurement a station sent, and the resident it is of. */
	private record Incoming(NewMeasurement measurement, AccountSummary resident) {
	}

	/** Checks an Observation a station posts (as sent: {@code sent}, if known) and reads the measurement it holds. */
	private Incoming toMeasurement(StationCaller caller, Observation observation,
			tools.jackson.databind.@Nullable JsonNode sent) {
		if (observation.hasIdElement() && observation.getIdElement().hasIdPart()) {
			// a create names no id (FHIR's create): the server gives it
			observation.setIdElement(null);
		}
		var incoming = Observations.read(observation);
		var station = caller.station();
		if (incoming.device() != null && !incoming.device().equals(station.clientId())) {
			throw new FhirRefused(HttpStatus.FORBIDDEN, IssueType.FORBIDDEN, "other-station", "Observation.device");
		}
		var errors = sent != null ? fhir.errors(observation, sent) : fhir.errors(observation);
		if (!errors.isEmpty()) {
			var first = errors.getFirst();
			throw new FhirRefused(HttpStatus.BAD_REQUEST, IssueType.INVALID, "invalid", first.location(),
					first.message());
		}
		var subject = incoming.subject();
		Optional<AccountSummary> resident = subject.checkIn() != null
				? accounts.findByLoginName(subject.checkIn()).filter(a -> residents.find(a.id()).isPresent())
				: patient(caller, java.util.Objects.requireNonNull(subject.patient()));
		var account = resident.orElseThrow(
				() -> new FhirRefused(HttpStatus.UNPROCESSABLE_CONTENT, IssueType.NOTFOUND, "patient-unknown",
						"Observation.subject"));
		return new Incoming(new NewMeasurement(account.id(), incoming.kind(), incoming.takenAt(), incoming.value(),
				incoming.second(), station.device(), Measurement.Source.STATION, station.place(),
				"station:" + station.clientId()), account);
	}

	// ---- Bundles

	@PostMapping
	ResponseEntity<byte[]> bundle(HttpServletRequest request,
			@RequestHeader(name = HttpHeaders.CONTENT_TYPE, required = false) @Nullable String contentType) {
		apiCaller();
		var parsed = parse(body(request, MAX_BUNDLE_BYTES), contentType, Bundle.class);
		var bundle = parsed.resource();
		var sent = entriesAsSent(parsed.json(), bundle.getEntry().size());
		if (bundle.getType() != BundleType.TRANSACTION && bundle.getType() != BundleType.BATCH) {
			throw new FhirRefused(HttpStatus.BAD_REQUEST, IssueType.INVALID, "bundle-type", "Bundle.type");
		}
		if (bundle.getEntry().size() > MAX_ENTRIES) {
			throw new FhirRefused(HttpStatus.CONTENT_TOO_LARGE, IssueType.TOOCOSTLY, "bundle-too-large", "Bundle.entry");
		}
		boolean transaction = bundle.getType() == BundleType.TRANSACTION;
		var checked = java.util.Objects.requireNonNull(readOnly.execute(s -> {
			var station = writer();
			var measurements = new ArrayList<@Nullable NewMeasurement>();
			var refusals = new ArrayList<@Nullable FhirRefused>();
			for (int i = 0; i < bundle.getEntry().size(); i++) {
				var entry = bundle.getEntry().get(i);
				try {
					if (!entry.hasRequest() || entry.getRequest().getMethod() != HTTPVerb.POST
							|| !"Observation".equals(entry.getRequest().getUrl())) {
						throw new FhirRefused(HttpStatus.BAD_REQUEST, IssueType.NOTSUPPORTED, "entry-not-create",
								"Bundle.entry[" + i + "].request");
					}
					if (!(entry.getResource() instanceof Observation observation)) {
						throw new FhirRefused(HttpStatus.BAD_REQUEST, IssueType.NOTSUPPORTED, "entry-not-observation",
								"Bundle.entry[" + i + "].resource");
					}
					var m = toMeasurement(station, observation, sentResource(sent, i)).measurement();
					vitals.check(i, m);
					measurements.add(m);
					refusals.add(null);
				}
				catch (FhirRefused refused) {
					var located = refused.expression() != null && refused.expression().startsWith("Bundle") ? refused
							: refused.inEntry(i);
					if (transaction) {
						throw located;
					}
					measurements.add(null);
					refusals.add(located);
				}
				catch (MeasurementRefused refused) {
					var located = plausibility(refused).inEntry(i);
					if (transaction) {
						throw located;
					}
					measurements.add(null);
					refusals.add(located);
				}
			}
			return new Entries(measurements, refusals, List.of());
		}));
		var measurements = checked.measurements();
		var refusals = checked.refusals();
		var valid = measurements.stream().filter(java.util.Objects::nonNull).map(m -> (NewMeasurement) m).toList();
		var recorded = valid.isEmpty() ? List.<Recorded>of() : java.util.Objects.requireNonNull(retried(() -> tx.execute(s -> {
			var stored = storeOnce(valid);
			for (int i = 0; transaction && i < stored.size(); i++) {
				if (stored.get(i).outcome() == Recorded.Outcome.CONFLICT) {
					// the whole transaction is refused: throwing here rolls back what was stored with it
					throw new FhirRefused(HttpStatus.CONFLICT, IssueType.CONFLICT, "conflict",
							"Bundle.entry[" + i + "].resource.effective");
				}
			}
			return stored;
		})));
		var response = new Bundle().setType(transaction ? BundleType.TRANSACTIONRESPONSE : BundleType.BATCHRESPONSE);
		response.setId(UUID.randomUUID().toString());
		int next = 0;
		var locale = locale();
		for (int i = 0; i < measurements.size(); i++) {
			var entry = response.addEntry();
			var refused = refusals.get(i);
			if (refused != null) {
				entry.getResponse().setStatus(status(refused.status())).setOutcome(outcomes.of(refused, locale));
				continue;
			}
			var r = recorded.get(next++);
			if (r.outcome() == Recorded.Outcome.CONFLICT) {
				var conflict = new FhirRefused(HttpStatus.CONFLICT, IssueType.CONFLICT, "conflict",
						"Bundle.entry[" + i + "].resource.effective");
				entry.getResponse().setStatus(status(HttpStatus.CONFLICT)).setOutcome(outcomes.of(conflict, locale));
				continue;
			}
			var m = r.measurement();
			entry.setFullUrl(base() + "/Observation/" + m.id());
			entry.getResponse()
				.setStatus(status(r.created() ? HttpStatus.CREATED : HttpStatus.OK))
				.setLocation("Observation/" + m.id() + "/_history/1")
				.setEtag("W/\"1\"")
				.setLastModified(java.util.Date.from(m.recordedAt()));
		}
		return answer(HttpStatus.OK, response, null);
	}

	/** A Bundle's entries: the measurement or the refusal of each, and what storing the measurements did. */
	private record Entries(List<@Nullable NewMeasurement> measurements, List<@Nullable FhirRefused> refusals,
			List<Recorded> recorded) {
	}

	private static String status(HttpStatus status) {
		return status.value() + " " + status.getReasonPhrase();
	}

	// ---- read

	@GetMapping("/Observation/{id}")
	ResponseEntity<byte[]> read(@PathVariable String id) {
		// who asks, the measurement, its resident, the consent and the audit: one transaction
		var read = java.util.Objects.requireNonNull(tx.execute(s -> {
			var caller = reader();
			var measurement = parseId(id).flatMap(vitals::find)
				.orElseThrow(() -> new FhirRefused(HttpStatus.NOT_FOUND, IssueType.NOTFOUND, "not-found", null));
			var resident = accounts.find(measurement.resident()).orElseThrow();
			if (caller instanceof ResidentCaller r && !r.account().id().equals(resident.id())) {
				// a resident is not told that someone else's measurement exists
				throw new FhirRefused(HttpStatus.NOT_FOUND, IssueType.NOTFOUND, "not-found", null);
			}
			mayRead(caller, resident);
			audited(caller, resident.id(), "Observation/" + measurement.id());
			return new Read(measurement, Observations.toFhir(measurement, patientId(caller, resident),
					stationName(measurement)));
		}));
		return answer(HttpStatus.OK, read.observation(), read.measurement());
	}

	private record Read(Measurement measurement, Observation observation) {
	}

	private @Nullable String stationName(Measurement m) {
		return m.device().startsWith("station:")
				? stations.find(m.device().substring("station:".length())).map(Station::name).orElse(null) : null;
	}

	private static Optional<UUID> parseId(String id) {
		try {
			return id.length() == 36 ? Optional.of(UUID.fromString(id)) : Optional.empty();
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	// ---- search

	@GetMapping("/Observation")
	ResponseEntity<byte[]> search(@RequestParam MultiValueMap<String, String> parameters) {
		// who asks, the patient, the consent, the page and the audit: one transaction
		var bundle = java.util.Objects.requireNonNull(tx.execute(s -> searched(parameters)));
		return answer(HttpStatus.OK, bundle, null);
	}

	private Bundle searched(MultiValueMap<String, String> parameters) {
		var caller = reader();
		for (var name : parameters.keySet()) {
			if (!SEARCH_PARAMETERS.contains(name)) {
				throw new FhirRefused(HttpStatus.BAD_REQUEST, IssueType.NOTSUPPORTED, "parameter-unknown", name);
			}
		}
		var patientParameter = single(parameters, "patient");
		if (patientParameter == null) {
			var subject = single(parameters, "subject");
			patientParameter = subject == null ? null
					: subject.startsWith("Patient/") ? subject.substring("Patient/".length()) : subject;
		}
		else if (patientParameter.startsWith("Patient/")) {
			patientParameter = patientParameter.substring("Patient/".length());
		}
		AccountSummary resident;
		if (patientParameter == null) {
			if (!(caller instanceof ResidentCaller r)) {
				throw new FhirRefused(HttpStatus.BAD_REQUEST, IssueType.REQUIRED, "patient-required", "patient");
			}
			resident = r.account();
		}
		else {
			resident = patient(caller, patientParameter).orElseThrow(
					() -> new FhirRefused(HttpStatus.NOT_FOUND, IssueType.NOTFOUND, "patient-unknown", "patient"));
		}
		var kinds = codes(parameters.get("code"));
		Instant from = null;
		Instant before = null;
		for (var date : parameters.getOrDefault("date", List.of())) {
			var range = DateRanges.parse(date);
			if (range.from() != null && (from == null || range.from().isAfter(from))) {
				from = range.from();
			}
			if (range.before() != null && (before == null || range.before().isBefore(before))) {
				before = range.before();
			}
		}
		int count = number(parameters, "_count", DEFAULT_COUNT, 0, MAX_COUNT);
		int offset = number(parameters, "_offset", 0, 0, 1_000_000);
		var sort = single(parameters, "_sort");
		if (sort != null && !sort.equals("date") && !sort.equals("-date")) {
			throw new FhirRefused(HttpStatus.BAD_REQUEST, IssueType.NOTSUPPORTED, "sort-unknown", "_sort");
		}
		boolean newestFirst = sort == null || sort.equals("-date");
		mayRead(caller, resident);
		var found = vitals.search(resident.id(), kinds, from, before, newestFirst, offset, count + 1);
		long total = vitals.count(resident.id(), kinds, from, before);
		audited(caller, resident.id(), "Observation?" + query(parameters));
		var patientId = patientId(caller, resident);
		var result = new Bundle().setType(BundleType.SEARCHSET).setTotal((int) total);
		result.setId(UUID.randomUUID().toString());
		result.getMeta().setLastUpdated(new java.util.Date());
		var canonical = new LinkedHashMap<String, List<String>>();
		canonical.put("patient", List.of(patientId));
		if (parameters.containsKey("code")) {
			canonical.put("code", parameters.get("code"));
		}
		if (parameters.containsKey("date")) {
			canonical.put("date", parameters.get("date"));
		}
		canonical.put("_sort", List.of(newestFirst ? "-date" : "date"));
		canonical.put("_count", List.of(String.valueOf(count)));
		result.addLink().setRelation("self").setUrl(page(canonical, offset));
		if (found.size() > count) {
			result.addLink().setRelation("next").setUrl(page(canonical, offset + count));
		}
		if (offset > 0) {
			result.addLink().setRelation("previous").setUrl(page(canonical, Math.max(0, offset - count)));
		}
		var base = base();
		// a page holds the measurements of a station or two: each station's name is looked up once
		var stationNames = new java.util.HashMap<String, Optional<String>>();
		for (var m : found.subList(0, Math.min(count, found.size()))) {
			var station = stationNames.computeIfAbsent(m.device(), device -> Optional.ofNullable(stationName(m)));
			result.addEntry()
				.setFullUrl(base + "/Observation/" + m.id())
				.setResource(Observations.toFhir(m, patientId, station.orElse(null)))
				.getSearch()
				.setMode(Bundle.SearchEntryMode.MATCH);
		}
		return result;
	}

	private String page(Map<String, List<String>> canonical, int offset) {
		var url = new StringBuilder(base()).append("/Observation?");
		boolean first = true;
		for (var e : canonical.entrySet()) {
			for (var v : e.getValue()) {
				url.append(first ? "" : "&").append(e.getKey()).append('=')
					.append(java.net.URLEncoder.encode(v, StandardCharsets.UTF_8));
				first = false;
			}
		}
		if (offset > 0) {
			url.append("&_offset=").append(offset);
		}
		return url.toString();
	}

	private static String query(MultiValueMap<String, String> parameters) {
		var text = new StringBuilder();
		parameters.forEach((k, vs) -> vs.forEach(v -> text.append(text.isEmpty() ? "" : "&").append(k).append('=').append(v)));
		return text.toString();
	}

	private static @Nullable String single(MultiValueMap<String, String> parameters, String name) {
		var values = parameters.get(name);
		if (values == null || values.isEmpty()) {
			return null;
		}
		if (values.size() > 1) {
			throw new FhirRefused(HttpStatus.BAD_REQUEST, IssueType.INVALID, "parameter-repeated", name);
		}
		var value = values.getFirst();
		if (value.isBlank()) {
			throw new FhirRefused(HttpStatus.BAD_REQUEST, IssueType.INVALID, "parameter-empty", name);
		}
		return value;
	}

	private static int number(MultiValueMap<String, String> parameters, String name, int otherwise, int min, int max) {
		var value = single(parameters, name);
		if (value == null) {
			return otherwise;
		}
		try {
			int n = Integer.parseInt(value);
			if (n < min) {
				throw new NumberFormatException();
			}
			return Math.min(n, max);
		}
		catch (NumberFormatException ex) {
			throw new FhirRefused(HttpStatus.BAD_REQUEST, IssueType.INVALID, "parameter-not-number", name);
		}
	}

	/** The kinds a {@code code} parameter names ({@code system|code} or {@code code}, comma for "or"); all if none. */
	private static Set<VitalKind> codes(@Nullable List<String> values) {
		var kinds = EnumSet.noneOf(VitalKind.class);
		if (values == null) {
			return kinds;
		}
		for (var value : values) {
			var and = EnumSet.noneOf(VitalKind.class);
			for (var token : value.split(",", -1)) {
				int bar = token.indexOf('|');
				var system = bar < 0 ? null : token.substring(0, bar);
				var code = bar < 0 ? token : token.substring(bar + 1);
				if (system != null && !system.isEmpty() && !VitalKind.LOINC.equals(system)) {
					throw new FhirRefused(HttpStatus.BAD_REQUEST, IssueType.CODEINVALID, "code-system-unknown", "code");
				}
				and.add(VitalKind.byLoinc(code)
					.orElseThrow(() -> new FhirRefused(HttpStatus.BAD_REQUEST, IssueType.CODEINVALID, "code-unknown",
							"code")));
			}
			if (!kinds.isEmpty()) {
				and.retainAll(kinds);
				if (and.isEmpty()) {
					// two code parameters that no kind satisfies both: nothing can match
					throw new FhirRefused(HttpStatus.BAD_REQUEST, IssueType.INVALID, "code-contradictory", "code");
				}
			}
			kinds = and;
		}
		return kinds;
	}

	// ---- anything else on /fhir

	@RequestMapping("/{type}/**")
	ResponseEntity<byte[]> elsewhere(@PathVariable String type) {
		throw new FhirRefused(HttpStatus.NOT_FOUND, IssueType.NOTSUPPORTED, "resource-not-supported", null);
	}

	// ---- reading and writing FHIR JSON

	/** The request body, read no further than {@code limit} bytes: a larger one is refused unread. */
	private static byte[] body(HttpServletRequest request, int limit) {
		if (request.getContentLengthLong() > limit) {
			throw new FhirRefused(HttpStatus.CONTENT_TOO_LARGE, IssueType.TOOCOSTLY, "too-large", null);
		}
		try (var in = request.getInputStream()) {
			var bytes = in.readNBytes(limit + 1);
			if (bytes.length > limit) {
				throw new FhirRefused(HttpStatus.CONTENT_TOO_LARGE, IssueType.TOOCOSTLY, "too-large", null);
			}
			return bytes;
		}
		catch (java.io.IOException ex) {
			throw new FhirRefused(HttpStatus.BAD_REQUEST, IssueType.INCOMPLETE, "body-unreadable", null);
		}
	}

	/** A resource and the JSON it was read from. */
	record Parsed<T extends IBaseResource>(T resource, tools.jackson.databind.JsonNode json) {
	}

	private <T extends IBaseResource> Parsed<T> parse(byte @Nullable [] body, @Nullable String contentType, Class<T> type) {
		if (contentType == null || !(contentType.startsWith("application/fhir+json")
				|| contentType.startsWith("application/json"))) {
			throw new FhirRefused(HttpStatus.UNSUPPORTED_MEDIA_TYPE, IssueType.NOTSUPPORTED, "content-type", null);
		}
		if (body == null || body.length == 0) {
			throw new FhirRefused(HttpStatus.BAD_REQUEST, IssueType.REQUIRED, "body-missing", null);
		}
		var text = new String(body, StandardCharsets.UTF_8);
		if (text.indexOf('\u0000') >= 0 || text.contains("\\u0000")) {
			throw new FhirRefused(HttpStatus.BAD_REQUEST, IssueType.INVALID, "nul", null);
		}
		IBaseResource parsed;
		tools.jackson.databind.JsonNode tree;
		try {
			// a field given twice is refused, as on every JSON API here (HAPI's parser would keep one)
			tree = json.readTree(text);
			parsed = fhir.strictParser().parseResource(text);
		}
		catch (tools.jackson.core.JacksonException ex) {
			throw new FhirRefused(HttpStatus.BAD_REQUEST, IssueType.STRUCTURE, "malformed", null,
					clip(ex.getOriginalMessage()));
		}
		catch (DataFormatException | IllegalArgumentException | IllegalStateException | ClassCastException ex) {
			throw new FhirRefused(HttpStatus.BAD_REQUEST, IssueType.STRUCTURE, "malformed", null,
					clip(ex.getMessage()));
		}
		if (!type.isInstance(parsed)) {
			throw new FhirRefused(HttpStatus.BAD_REQUEST, IssueType.INVALID, "resource-type", "resourceType",
					"expected " + type.getSimpleName());
		}
		return new Parsed<>(type.cast(parsed), tree);
	}

	private static @Nullable String clip(@Nullable String text) {
		if (text == null) {
			return null;
		}
		return text.length() > 300 ? text.substring(0, 300) + "…" : text;
	}

	private ResponseEntity<byte[]> answer(HttpStatus status, @Nullable Resource resource, @Nullable Measurement m) {
		var answer = ResponseEntity.status(status).contentType(FHIR_JSON);
		if (m != null) {
			answer.location(URI.create(base() + "/Observation/" + m.id() + "/_history/1"))
				.eTag("W/\"1\"")
				.lastModified(m.recordedAt());
		}
		if (resource == null) {
			return answer.body(new byte[0]);
		}
		return answer.body(fhir.writer().encodeResourceToString(resource).getBytes(StandardCharsets.UTF_8));
	}

	private static java.util.Locale locale() {
		var attributes = org.springframework.web.context.request.RequestContextHolder.getRequestAttributes();
		if (attributes instanceof org.springframework.web.context.request.ServletRequestAttributes servlet) {
			return ApiLocale.of(servlet.getRequest());
		}
		return java.util.Locale.JAPANESE;
	}

	/** The base URL of this server as the caller sees it (behind a proxy: its https host). */
	static String base() {
		return ServletUriComponentsBuilder.fromCurrentContextPath().path("/fhir").build().toUriString();
	}
}
