package jp.tsunagu.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jp.tsunagu.bench.FhirBodies.Kind;

/**
 * FHIR load generator (issue 17's bench): the same four operations against Tsunagu's {@code /fhir} and
 * against HAPI FHIR JPA server, one server at a time, over HTTP/1.1 keep-alive with C clients in a
 * closed loop.
 *
 * <ol>
 * <li><b>create</b>: {@code POST /fhir/Observation}, one vital-signs Observation (blood pressure,
 * body weight, heart rate in turn), each its own time; 201 expected;
 * <li><b>bundle</b>: {@code POST /fhir}, a transaction Bundle of 100 such Observations; 200 with 100
 * entries {@code 201} expected; Observations/s = Bundles/s × 100;
 * <li><b>search</b>: {@code GET /fhir/Observation?patient=…&code=http://loinc.org|…&_count=50&_sort=-date}
 * for residents with 3 years of daily measurements (seeded with transaction Bundles, then
 * {@code VACUUM ANALYZE}); 200, 50 entries, newest first, the newest the one seeded last;
 * <li><b>read</b>: {@code GET /fhir/Observation/{id}} of a seeded Observation; 200, that Observation.
 * </ol>
 * Before them the bad-input check: Observations missing status or code, with an unknown code system,
 * a heart rate in kg, systolic 900, negative weight, SpO2 120: what each server answers.
 *
 * <pre>
 * java -cp tsunagu-bench.jar jp.tsunagu.bench.FhirBench run --target=hapi|tsunagu [--option=value ...]
 * java -cp tsunagu-bench.jar jp.tsunagu.bench.FhirBench raw --jdbc-url=… --results-file=…
 * java -cp tsunagu-bench.jar jp.tsunagu.bench.FhirBench compare --hapi=… --tsunagu=… --raw=…
 * </pre>
 *
 * Every loop stops by itself: on time and on an operation count.
 */
public final class FhirBench {

	static final PrintStream out = System.out;

	static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

	static final ZoneOffset JST = ZoneOffset.ofHours(9);

	private static final Pattern ENTRY_STATUS_201 = Pattern.compile("\"status\"\\s*:\\s*\"201");

	private static final Pattern LOCATION = Pattern.compile("\"location\"\\s*:\\s*\"([^\"]+)\"");

	private static final Pattern OBSERVATION_ID = Pattern.compile("Observation/([A-Za-z0-9.-]{1,64})");

	private static final Pattern OBSERVATION = Pattern.compile("\"resourceType\"\\s*:\\s*\"Observation\"");

	private static final Pattern EFFECTIVE = Pattern.compile("\"effectiveDateTime\"\\s*:\\s*\"([^\"]+)\"");

	private static final Pattern OUTCOME = Pattern.compile("\"resourceType\"\\s*:\\s*\"OperationOutcome\"");

	private static final Pattern DIAGNOSTICS = Pattern.compile("\"(?:diagnostics|text)\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.){0,160})");

	private static final List<String> NO_STEPS = List.of();

	static final Map<String, String[]> DEFAULTS = new LinkedHashMap<>();

	static {
		def("target", "hapi", "run: the server at --base-url: hapi or tsunagu");
		def("base-url", "http://127.0.0.1:18280", "the server (127.0.0.1 only); its FHIR base is <base-url>/fhir");
		def("concurrency", "8", "concurrent clients in each phase");
		def("warmup", "20", "seconds of unmeasured load before each phase (same operation)");
		def("duration", "30", "seconds per measured phase");
		def("max-ops", "100000", "at most this many operations per phase");
		def("timeout", "60", "seconds before one HTTP request counts as failed");
		def("writers", "40", "residents the creates and Bundles are for");
		def("searchers", "20", "residents with seeded measurements (searched and read)");
		def("years", "3", "years of daily measurements (blood pressure, weight, heart rate) seeded per searcher");
		def("bundle-size", "100", "Observations per transaction Bundle (phase bundle and seeding)");
		def("quiet-wait", "300", "seconds to wait, at most, for the machine to be idle before each phase");
		def("app-pid", "0", "process id of the server (CPU and RSS)");
		def("clock-ticks", "100", "getconf CLK_TCK");
		def("startup-seconds", "", "run: the server's time to start (process start to the first 200 of /fhir/metadata), printed");
		def("startup-note", "", "run: how the start was timed, printed");
		def("server-jvm", "(defaults)", "run: JVM options of the server, printed");
		def("title", "", "run: a title for the report and the comparison");
		def("jdbc-url", "", "the server's database (VACUUM ANALYZE after setup and seeding; raw: the insert table)");
		def("db-user", "postgres", "database user");
		def("raw-seconds", "10", "raw: seconds of the single-row insert loop (8 threads, autocommit)");
		def("results-file", "", "run and raw: write the figures here (properties)");
		def("hapi", "", "compare: results of run --target=hapi");
		def("tsunagu", "", "compare: results of run --target=tsunagu");
		def("raw", "", "compare: results of raw");
		def("command", "(not given)", "command line to print as the way to reproduce");
		def("admin-user", "admin@demo.tsunagu.example", "tsunagu: administrator who registers station and partner");
		def("admin-password", "tsunagu-demo-2026", "tsunagu: their password (demo data)");
		def("user-password", "bench-password", "tsunagu: residents' passwords start with this");
		def("redirect-uri", "http://127.0.0.1:9999/cb", "tsunagu: redirect URI of the partner (never called)");
	}

	private static void def(String name, String value, String help) {
		DEFAULTS.put(name, new String[] { value, help });
	}

	private final Map<String, String> options;

	private final URI base;

	private final URI fhir;

	private final Duration timeout;

	private final HttpClient http = Browser.newClient();

	private final String run = IdentityFlows.random().replaceAll("[^A-Za-z0-9]", "").substring(0, 6);

	private final AtomicLong sequence = new AtomicLong();

	/** Measured creates and Bundles count back from here, one second each: every measurement its own time. */
	private final OffsetDateTime writeBase = OffsetDateTime.now(JST).truncatedTo(ChronoUnit.SECONDS).minusMinutes(1);

	private final CpuMeter cpu;

	private FhirTarget target;

	/** The server's database (null without --jdbc-url): VACUUM ANALYZE, and ANALYZE while seeding. */
	private Connection db;

	private int writers;

	private int searchers;

	private int bundleSize;

	private String[] readIds = new String[0];

	/** The newest seeded measurement per searcher (what a search must return first). */
	private Instant[] newest;

	private FhirBench(Map<String, String> options) throws BenchFailure {
		this.options = options;
		this.base = URI.create(options.get("base-url"));
		this.fhir = URI.create(options.get("base-url").replaceAll("/+$", "") + "/fhir");
		this.timeout = Duration.ofSeconds(integer("timeout"));
		this.cpu = new CpuMeter(Long.parseLong(options.get("app-pid")), Integer.parseInt(options.get("clock-ticks")));
	}

	public static void main(String[] args) throws Exception {
		if (args.length == 0 || Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
			out.println(usage());
			return;
		}
		int status;
		try {
			var options = parse(Arrays.copyOfRange(args, 1, args.length));
			var host = URI.create(options.get("base-url")).getHost();
			if (!("127.0.0.1".equals(host) || "localhost".equals(host))) {
				throw new BenchFailure("refusing to load " + options.get("base-url") + ": only 127.0.0.1 is allowed");
			}
			status = switch (args[0]) {
				case "run" -> new FhirBench(options).run();
				case "raw" -> raw(options);
				case "compare" -> FhirComparison.run(options);
				default -> {
					out.println("Unknown mode " + args[0] + "\n\n" + usage());
					yield 2;
				}
			};
		}
		catch (BenchFailure ex) {
			out.println("FAILED: " + ex.getMessage());
			status = 1;
		}
		out.flush();
		System.exit(status);
	}

	static Map<String, String> parse(String[] args) throws BenchFailure {
		var values = new LinkedHashMap<String, String>();
		DEFAULTS.forEach((k, v) -> values.put(k, v[0]));
		for (var arg : args) {
			if (!arg.startsWith("--") || !arg.contains("=")) {
				throw new BenchFailure("expected --name=value, got " + arg);
			}
			var name = arg.substring(2, arg.indexOf('='));
			if (!DEFAULTS.containsKey(name)) {
				throw new BenchFailure("unknown option --" + name);
			}
			values.put(name, arg.substring(arg.indexOf('=') + 1));
		}
		return values;
	}

	static String usage() {
		var text = new StringBuilder("""
				FHIR benchmark: Observation create, transaction Bundles, patient+code search, read by id, and the
				bad-input check, against Tsunagu's /fhir or HAPI FHIR JPA server (bench/run.sh fhir runs both).

				usage: java -cp tsunagu-bench.jar jp.tsunagu.bench.FhirBench run|raw|compare [--option=value ...]

				options:
				""");
		DEFAULTS.forEach((k, v) -> text.append(String.format(Locale.ROOT, "  --%-16s %s (default: %s)%n", k, v[1], v[0])));
		return text.toString();
	}

	private int integer(String name) throws BenchFailure {
		try {
			return Integer.parseInt(options.get(name).strip());
		}
		catch (NumberFormatException ex) {
			throw new BenchFailure("--" + name + " must be a number");
		}
	}

	/** The existing benches' options, for the code shared with them (TsunaguProvider, the raw commit loop). */
	static Options legacy(Map<String, String> options) throws BenchFailure {
		var list = new ArrayList<String>();
		for (var name : List.of("base-url", "admin-user", "admin-password", "user-password", "redirect-uri",
				"jdbc-url", "db-user")) {
			list.add("--" + name + "=" + options.get(name));
		}
		list.add("--timeout=" + options.get("timeout"));
		return Options.parse(list.toArray(String[]::new));
	}

	// ---- run: one server -------------------------------------------------------------------------

	private int run() throws Exception {
		int concurrency = integer("concurrency");
		var warmup = Duration.ofSeconds(integer("warmup"));
		var duration = Duration.ofSeconds(integer("duration"));
		long maxOps = integer("max-ops");
		writers = integer("writers");
		searchers = integer("searchers");
		bundleSize = integer("bundle-size");
		int years = integer("years");
		long quietUntil = System.nanoTime() + Duration.ofSeconds(integer("quiet-wait")).toNanos();
		target = switch (options.get("target")) {
			case "hapi" -> new FhirHapi(fhir, http, timeout, run);
			case "tsunagu" -> new FhirTsunagu(legacy(options), http, run);
			default -> throw new BenchFailure("--target: hapi or tsunagu");
		};
		var title = options.get("title").isBlank() ? target.title() : options.get("title");
		out.println("== FHIR against " + fhir + ": " + title);
		out.println("   " + metadata());
		out.println("   startup: " + (options.get("startup-seconds").isBlank() ? "?" : options.get("startup-seconds") + " s")
				+ " " + options.get("startup-note") + "; server JVM: " + options.get("server-jvm"));
		target.prepare(writers, searchers);

		try (var connection = options.get("jdbc-url").isBlank() ? null : HotPathBench.connect(legacy(options))) {
			db = connection;
			vacuumAnalyze(db, "after setup");
			var bad = badInputs();

			out.println();
			out.println("== phases: " + concurrency + " clients each, closed loop, HTTP/1.1 keep-alive (java.net.http);"
					+ " warm-up " + warmup.toSeconds() + " s of the same operation (not measured), then "
					+ duration.toSeconds() + " s (at most " + maxOps + " operations)");
			out.println("   command " + options.get("command"));
			var results = new LinkedHashMap<String, Phase.Result>();
			results.put("create", phase("create", concurrency, warmup, duration, maxOps, quietUntil, this::create));
			results.put("bundle", phase("bundle", concurrency, warmup, duration, maxOps, quietUntil, this::bundle));
			var seeded = seed(concurrency, years);
			vacuumAnalyze(db, "after seeding, before the search and read phases");
			results.put("search", phase("search", concurrency, warmup, duration, maxOps, quietUntil, this::search));
			results.put("read", phase("read", concurrency, warmup, duration, maxOps, quietUntil, this::read));
			long rssAfter = RssSampler.rssKib(cpu.appPid());
			report(title, results, rssAfter, bad, seeded, db);
			boolean clean = results.values().stream().allMatch(r -> r.recorder().failures() == 0 && !r.aborted());
			return clean ? 0 : 3;
		}
	}

	private String metadata() throws IOException, InterruptedException, BenchFailure {
		var response = http.send(HttpRequest.newBuilder(URI.create(fhir + "/metadata"))
			.timeout(timeout)
			.header("Accept", "application/fhir+json")
			.GET()
			.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200 || !response.body().contains("CapabilityStatement")) {
			throw new BenchFailure("GET /fhir/metadata HTTP " + response.statusCode() + ", expected a CapabilityStatement");
		}
		var software = Pattern.compile("\"software\"\\s*:\\s*\\{[^}]*?\"name\"\\s*:\\s*\"([^\"]*)\"(?:[^}]*?\"version\"\\s*:\\s*\"([^\"]*)\")?")
			.matcher(response.body());
		var version = Pattern.compile("\"fhirVersion\"\\s*:\\s*\"([^\"]*)\"").matcher(response.body());
		return "GET /fhir/metadata: 200 CapabilityStatement"
				+ (software.find() ? ", software " + software.group(1) + (software.group(2) == null ? "" : " " + software.group(2)) : "")
				+ (version.find() ? ", fhirVersion " + version.group(1) : "");
	}

	private Phase.Result phase(String name, int concurrency, Duration warmup, Duration duration, long maxOps,
			long quietUntil, Phase.Operation op) throws Exception {
		out.println();
		if (!warmup.isZero()) {
			var w = Phase.run(name + " warm-up", concurrency, warmup, maxOps, timeout, NO_STEPS, cpu, op);
			out.printf(Locale.ROOT, "   %s warm-up: %d ok, %d errors, %.1f/s (not measured)%n", name,
					w.recorder().successes(), w.recorder().failures(), w.throughput());
			Phase.errors(out, w);
		}
		// the tables grew in the warm-up and the phases before: statistics of what is there now, as
		// autovacuum would have gathered them (it is off here). Without, the plans a server's pooled
		// connections made while its tables were nearly empty stay (HAPI's lookup of a Patient by id
		// read the whole of hfj_resource, 600,000 times in one run); ANALYZE invalidates them.
		vacuumAnalyze(db, "before the " + name + " phase");
		Phase.waitForQuiet(out, cpu, quietUntil);
		var r = Phase.run(name, concurrency, duration, maxOps, timeout, NO_STEPS, cpu, op);
		Phase.header(out);
		Phase.row(out, r);
		Phase.cpu(out, r);
		Phase.errors(out, r);
		return r;
	}

	// ---- the operations --------------------------------------------------------------------------

	private HttpResponse<String> send(HttpRequest.Builder request, String authorization)
			throws IOException, InterruptedException {
		request.timeout(timeout).header("Accept", "application/fhir+json");
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
	}

	private HttpResponse<String> post(URI uri, String body) throws Exception {
		return send(HttpRequest.newBuilder(uri)
			.header("Content-Type", "application/fhir+json")
			.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)), target.writeAuthorization());
	}

	private HttpResponse<String> get(URI uri) throws Exception {
		return send(HttpRequest.newBuilder(uri).GET(), target.readAuthorization());
	}

	/** The next measurement of a writer: writer n mod W, kind in turn, its own time (a second earlier each). */
	private String nextWrite() {
		long n = sequence.incrementAndGet();
		int w = (int) (n % writers);
		var kind = Kind.values()[(int) ((n / writers) % Kind.values().length)];
		return FhirBodies.observation(kind, target.writerSubject(w), writeBase.minusSeconds(n), n);
	}

	private void create(int worker, long[] steps) throws Exception {
		var response = post(URI.create(fhir + "/Observation"), nextWrite());
		if (response.statusCode() != 201) {
			throw new BenchFailure("POST /fhir/Observation HTTP " + response.statusCode() + ", expected 201",
					shorten(response.body()));
		}
	}

	private void bundle(int worker, long[] steps) throws Exception {
		var observations = new ArrayList<String>(bundleSize);
		for (int i = 0; i < bundleSize; i++) {
			observations.add(nextWrite());
		}
		transaction(FhirBodies.transaction(observations), bundleSize, null);
	}

	/** POST /fhir with a transaction Bundle: 200 and one 201 per entry; the ids created go to {@code ids}. */
	private void transaction(String body, int entries, ConcurrentLinkedQueue<String> ids) throws Exception {
		var response = post(fhir, body);
		if (response.statusCode() != 200) {
			throw new BenchFailure("POST /fhir (transaction) HTTP " + response.statusCode() + ", expected 200",
					shorten(response.body()));
		}
		var text = response.body();
		if (!text.contains("transaction-response")) {
			throw new BenchFailure("POST /fhir (transaction): not a transaction-response", shorten(text));
		}
		int created = count(ENTRY_STATUS_201.matcher(text));
		if (created != entries) {
			throw new BenchFailure("POST /fhir (transaction): " + created + " entries 201 of " + entries, shorten(text));
		}
		if (ids != null) {
			var locations = LOCATION.matcher(text);
			int found = 0;
			while (locations.find()) {
				var id = OBSERVATION_ID.matcher(locations.group(1));
				if (id.find()) {
					ids.add(id.group(1));
					found++;
				}
			}
			if (found != entries) {
				throw new BenchFailure("POST /fhir (transaction): " + found + " Observation locations of " + entries,
						shorten(text));
			}
		}
	}

	private void search(int worker, long[] steps) throws Exception {
		var random = ThreadLocalRandom.current();
		int s = random.nextInt(searchers);
		var kind = Kind.values()[random.nextInt(Kind.values().length)];
		var uri = URI.create(fhir + "/Observation?patient=" + URLEncoder.encode(target.patient(s), StandardCharsets.UTF_8)
				+ "&code=" + URLEncoder.encode(FhirBodies.LOINC + "|" + kind.code, StandardCharsets.UTF_8)
				+ "&_count=50&_sort=-date");
		var response = get(uri);
		if (response.statusCode() != 200) {
			throw new BenchFailure("GET /fhir/Observation?patient&code HTTP " + response.statusCode() + ", expected 200",
					shorten(response.body()));
		}
		var text = response.body();
		int found = count(OBSERVATION.matcher(text));
		if (found != 50) {
			throw new BenchFailure("search: " + found + " Observations, expected 50 (_count=50 of "
					+ 365 * integer("years") + ")", shorten(text));
		}
		var dates = EFFECTIVE.matcher(text);
		Instant previous = null;
		int n = 0;
		while (dates.find()) {
			var at = OffsetDateTime.parse(dates.group(1)).toInstant();
			if (previous == null && !at.equals(newest[s])) {
				throw new BenchFailure("search: the first entry is not the newest measurement",
						dates.group(1) + " instead of " + newest[s]);
			}
			if (previous != null && at.isAfter(previous)) {
				throw new BenchFailure("search: entries not newest first (_sort=-date)");
			}
			previous = at;
			n++;
		}
		if (n != 50) {
			throw new BenchFailure("search: " + n + " effectiveDateTime, expected 50");
		}
	}

	private void read(int worker, long[] steps) throws Exception {
		var id = readIds[ThreadLocalRandom.current().nextInt(readIds.length)];
		var response = get(URI.create(fhir + "/Observation/" + id));
		if (response.statusCode() != 200) {
			throw new BenchFailure("GET /fhir/Observation/{id} HTTP " + response.statusCode() + ", expected 200",
					shorten(response.body()));
		}
		var text = response.body();
		if (!OBSERVATION.matcher(text).find() || !text.contains("\"" + id + "\"")) {
			throw new BenchFailure("GET /fhir/Observation/{id}: not that Observation", shorten(text));
		}
	}

	// ---- seeding: three years of daily measurements per searcher ---------------------------------

	private record Seeded(long observations, long bundles, double seconds) {
	}

	/**
	 * Searcher s measured every day for {@code years} years up to yesterday (Tokyo), at 07:00 + s
	 * minutes: blood pressure, weight and heart rate. Sent as transaction Bundles (one searcher's
	 * measurements in order) by C threads; the ids created are kept for the read phase.
	 */
	private Seeded seed(int concurrency, int years) throws Exception {
		int days = 365 * years;
		int kinds = Kind.values().length;
		int perSearcher = days * kinds;
		int bundlesPerSearcher = (perSearcher + bundleSize - 1) / bundleSize;
		int total = bundlesPerSearcher * searchers;
		var yesterday = LocalDate.now(TOKYO).minusDays(1);
		newest = new Instant[searchers];
		for (int s = 0; s < searchers; s++) {
			newest[s] = at(yesterday, s).toInstant();
		}
		out.println();
		out.printf(Locale.ROOT, "== seeding (not measured): %d searchers x %d days (%s to %s) x %d kinds = %d Observations,"
				+ " in %d transaction Bundles of up to %d, %d clients%n", searchers, days, yesterday.minusDays(days - 1),
				yesterday, kinds, (long) perSearcher * searchers, total, bundleSize, concurrency);
		var next = new AtomicInteger();
		var ids = new ConcurrentLinkedQueue<String>();
		var failure = new AtomicReference<Exception>();
		var threads = new ArrayList<Thread>();
		long t0 = System.nanoTime();
		long deadline = t0 + Duration.ofMinutes(30).toNanos();
		for (int c = 0; c < concurrency; c++) {
			var thread = new Thread(() -> {
				int b;
				while (failure.get() == null && System.nanoTime() < deadline && (b = next.getAndIncrement()) < total) {
					int s = b / bundlesPerSearcher;
					int from = (b % bundlesPerSearcher) * bundleSize;
					int to = Math.min(perSearcher, from + bundleSize);
					var observations = new ArrayList<String>(to - from);
					for (int j = from; j < to; j++) {
						var day = yesterday.minusDays(j / kinds);
						observations.add(FhirBodies.observation(Kind.values()[j % kinds], target.searcherSubject(s),
								at(day, s), j + s * 7919L));
					}
					try {
						transaction(FhirBodies.transaction(observations), to - from, ids);
					}
					catch (Exception ex) {
						failure.compareAndSet(null, ex);
					}
				}
			}, "seed-" + c);
			thread.setDaemon(true);
			threads.add(thread);
			thread.start();
		}
		// autovacuum's part while the tables grow (it is off here): ANALYZE every 10 s
		var analyzes = new AtomicInteger();
		var analyzer = new Thread(() -> {
			while (threads.stream().anyMatch(Thread::isAlive)) {
				try {
					Thread.sleep(10_000);
					if (db != null && threads.stream().anyMatch(Thread::isAlive)) {
						try (var st = db.createStatement()) {
							st.execute("ANALYZE");
						}
						analyzes.incrementAndGet();
					}
				}
				catch (InterruptedException ex) {
					return;
				}
				catch (SQLException ex) {
					out.println("   ANALYZE while seeding failed: " + ex.getMessage());
					return;
				}
			}
		}, "seed-analyze");
		analyzer.setDaemon(true);
		analyzer.start();
		for (var t : threads) {
			t.join();
		}
		double seconds = (System.nanoTime() - t0) / 1e9;
		analyzer.join(Duration.ofSeconds(60));
		if (failure.get() != null) {
			throw new BenchFailure("seeding failed", failure.get().getMessage());
		}
		long expected = (long) perSearcher * searchers;
		if (ids.size() != expected) {
			throw new BenchFailure("seeding: " + ids.size() + " Observations created of " + expected
					+ " (stopped after 30 minutes?)");
		}
		readIds = ids.toArray(String[]::new);
		out.printf(Locale.ROOT, "   seeded %d Observations in %.1f s (%.0f Observations/s, %d Bundles; ANALYZE %d times"
				+ " meanwhile, every 10 s, as autovacuum would); %d ids kept for the read phase%n", expected, seconds,
				expected / seconds, total, analyzes.get(), readIds.length);
		return new Seeded(expected, total, seconds);
	}

	private static OffsetDateTime at(LocalDate day, int searcher) {
		return day.atTime(LocalTime.of(7, 0).plusMinutes(searcher % 120)).atOffset(JST);
	}

	// ---- bad input -------------------------------------------------------------------------------

	record Verdict(int status, boolean outcome, String says) {

		boolean stored() {
			return status >= 200 && status < 300;
		}
	}

	private Map<String, Verdict> badInputs() throws Exception {
		out.println();
		out.println("== bad input: POST /fhir/Observation for writer 0 (status; OperationOutcome in the answer?)");
		var verdicts = new LinkedHashMap<String, Verdict>();
		var at = writeBase.minusYears(1);
		for (var input : FhirBodies.badInputs(target.writerSubject(0), at)) {
			var response = post(URI.create(fhir + "/Observation"), input.body());
			var text = response.body();
			boolean outcome = OUTCOME.matcher(text).find();
			String says = "";
			if (outcome) {
				var d = DIAGNOSTICS.matcher(text);
				says = d.find() ? d.group(1) : "";
			}
			var v = new Verdict(response.statusCode(), outcome, says);
			verdicts.put(input.name(), v);
			out.printf(Locale.ROOT, "   %-20s %-70s HTTP %d %s%s%s%n", input.name(), input.description(), v.status(),
					v.stored() ? "STORED" : v.status() >= 400 && v.status() < 500 ? "refused" : "?",
					outcome ? ", OperationOutcome" : "", says.isEmpty() ? "" : ": " + says);
		}
		return verdicts;
	}

	// ---- report ----------------------------------------------------------------------------------

	private void report(String title, Map<String, Phase.Result> results, long rssAfterKib, Map<String, Verdict> bad,
			Seeded seeded, Connection db) throws IOException, SQLException {
		out.println();
		out.println("== results (" + target.id() + "): ops/s = successful operations / wall time of the phase; latency"
				+ " from request to the whole answer read, exact percentiles");
		Phase.header(out);
		results.values().forEach(r -> Phase.row(out, r));
		var bundle = results.get("bundle");
		out.printf(Locale.ROOT, "   bundle: %.0f Observations/s (%d Bundles of %d)%n", bundle.throughput() * bundleSize,
				bundle.recorder().successes(), bundleSize);
		results.values().forEach(r -> out.printf(Locale.ROOT, "   %-8s server RSS peak %.0f MiB, mean %.0f MiB%n",
				r.name(), r.rss().peakMib(), r.rss().meanMib()));
		out.printf(Locale.ROOT, "   server RSS after the run: %s%n",
				rssAfterKib > 0 ? String.format(Locale.ROOT, "%.0f MiB", rssAfterKib / 1024.0) : "n/a");
		if (db != null) {
			try (var st = db.createStatement();
					var rs = st.executeQuery("SELECT pg_size_pretty(pg_database_size(current_database()))")) {
				rs.next();
				out.println("   database size after the run: " + rs.getString(1));
			}
		}

		var file = options.get("results-file");
		if (file.isBlank()) {
			return;
		}
		var p = new StringBuilder();
		p.append("target=").append(target.id()).append('\n');
		p.append("title=").append(title.replace("\n", " ")).append('\n');
		p.append("startup.s=").append(options.get("startup-seconds")).append('\n');
		p.append("startup.note=").append(options.get("startup-note")).append('\n');
		p.append("server.jvm=").append(options.get("server-jvm")).append('\n');
		p.append("rss.after.kib=").append(rssAfterKib).append('\n');
		p.append("bundle.size=").append(bundleSize).append('\n');
		p.append("concurrency=").append(options.get("concurrency")).append('\n');
		p.append("seed.observations=").append(seeded.observations()).append('\n');
		p.append("seed.seconds=").append(String.format(Locale.ROOT, "%.1f", seeded.seconds())).append('\n');
		p.append("seed.searchers=").append(searchers).append('\n');
		for (var e : results.entrySet()) {
			var r = e.getValue();
			var s = r.recorder().stats();
			var k = "phase." + e.getKey() + ".";
			p.append(k).append("ops=").append(r.recorder().successes()).append('\n');
			p.append(k).append("errors=").append(r.recorder().failures()).append('\n');
			p.append(k).append("aborted=").append(r.aborted()).append('\n');
			p.append(k).append("seconds=").append(fmt(r.seconds())).append('\n');
			p.append(k).append("ops_s=").append(fmt(r.throughput())).append('\n');
			p.append(k).append("p50_ms=").append(fmt(s.percentileMs(50))).append('\n');
			p.append(k).append("p99_ms=").append(fmt(s.percentileMs(99))).append('\n');
			p.append(k).append("max_ms=").append(fmt(s.maxMs())).append('\n');
			p.append(k).append("rss_peak_kib=").append(r.rss().peakKib()).append('\n');
			double others = r.cpu().others();
			p.append(k).append("disturbed=")
				.append(others > 0.1 * r.seconds() * Runtime.getRuntime().availableProcessors())
				.append('\n');
		}
		for (var e : bad.entrySet()) {
			p.append("bad.").append(e.getKey()).append(".status=").append(e.getValue().status()).append('\n');
			p.append("bad.").append(e.getKey()).append(".outcome=").append(e.getValue().outcome()).append('\n');
		}
		Files.writeString(Path.of(file), p, StandardCharsets.UTF_8);
	}

	static String fmt(double value) {
		return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.2f", value);
	}

	// ---- helpers ---------------------------------------------------------------------------------

	private static void vacuumAnalyze(Connection db, String when) throws SQLException {
		if (db == null) {
			out.println("== VACUUM ANALYZE " + when + ": SKIPPED (no --jdbc-url)");
			return;
		}
		long t0 = System.nanoTime();
		try (var st = db.createStatement()) {
			st.execute("VACUUM ANALYZE");
		}
		out.printf(Locale.ROOT, "== VACUUM ANALYZE %s (autovacuum is off here): %.1f s%n", when,
				(System.nanoTime() - t0) / 1e9);
	}

	private static int raw(Map<String, String> options) throws Exception {
		if (options.get("jdbc-url").isBlank()) {
			throw new BenchFailure("raw needs --jdbc-url");
		}
		var legacy = legacy(options);
		try (var db = HotPathBench.connect(legacy)) {
			int seconds = Integer.parseInt(options.get("raw-seconds"));
			double rate = HotPathBench.rawCommits(legacy, db, Duration.ofSeconds(seconds), "fhir");
			out.printf(Locale.ROOT, "== raw PostgreSQL commit rate: %.0f single-row INSERTs/s (8 threads, JDBC, autocommit,"
					+ " table bench_commit, %d s, %s)%n", rate, seconds, options.get("jdbc-url"));
			var file = options.get("results-file");
			if (!file.isBlank()) {
				Files.writeString(Path.of(file), "raw.commits_s=" + fmt(rate) + "\nraw.seconds=" + seconds + "\n",
						StandardCharsets.UTF_8);
			}
		}
		return 0;
	}

	private static int count(Matcher m) {
		int n = 0;
		while (m.find()) {
			n++;
		}
		return n;
	}

	static String shorten(String body) {
		if (body == null) {
			return "";
		}
		var flat = body.replaceAll("\\s+", " ");
		return flat.length() > 300 ? flat.substring(0, 300) + "…" : flat;
	}
}
