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
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.util.JSONArrayUtils;
import com.nimbusds.jose.util.JSONObjectUtils;

/**
 * The data hub's NGSI-LD API under load (issue 18's bench): {@code size} entities of type
 * {@code Sensor} ({@link HubData}) loaded with batch upserts, then {@code VACUUM ANALYZE} of the
 * hub's tables, then one phase per operation, each with its own warm-up, C clients in a closed loop
 * over HTTP/1.1 keep-alive:
 *
 * <ol>
 * <li><b>create</b>: {@code POST /ngsi-ld/v1/entities}, one new Sensor; 201 with its Location (the
 * entities created are deleted again afterwards, in batches, so the next phases see {@code size});
 * <li><b>patch</b>: {@code PATCH /ngsi-ld/v1/entities/{id}/attrs}, {@code numValue} with a new value
 * and {@code observedAt}, a random sensor: the sensor hot path; 204;
 * <li><b>get</b>: {@code GET /ngsi-ld/v1/entities/{id}}, a random sensor; 200, that sensor, where it is;
 * <li><b>batch</b>: {@code POST /ngsi-ld/v1/entityOperations/upsert} of 50 existing sensors (replace);
 * 204; counted in entities/s;
 * <li><b>q</b>: {@code GET /ngsi-ld/v1/entities?type=Sensor&q=numValue>50&limit=100}; 200, 100
 * Sensors, each with numValue &gt; 50;
 * <li><b>geo</b>: {@code GET /ngsi-ld/v1/entities?type=Sensor&georel=near;maxDistance==1000&geometry=Point&coordinates=[lon,lat]},
 * a random point in the area; 200, as many sensors as lie within 1 km (at most the default page of
 * 20), each within 1 km;
 * <li><b>temporal</b>: {@code GET /ngsi-ld/v1/temporal/entities/{id}?lastN=100} of sensors given 100
 * changes first; 200 with 100 instances; reported as "not built" when the hub answers 501;
 * <li><b>notify</b>: one subscription to every Sensor's numValue, its endpoint a receiver in this
 * process ({@link HubReceiver}); the PATCHes of (2); notifications received per second and the time
 * from each PATCH's 204 to its notification.
 * </ol>
 *
 * The partner's token comes from the platform's own token endpoint (client credentials): the demo
 * administrator registers a back end on {@code /admin/clients} with {@code hub.read} and
 * {@code hub.write}, as the other benches register theirs; writes use a {@code hub.write} token, reads a
 * {@code hub.read} one, each renewed every 4 minutes (they live 10) and after any 401.
 *
 * <pre>
 * java -cp tsunagu-bench.jar jp.tsunagu.bench.HubBench run --size=10000 [--option=value ...]
 * java -cp tsunagu-bench.jar jp.tsunagu.bench.HubBench raw --jdbc-url=… --results-file=…
 * java -cp tsunagu-bench.jar jp.tsunagu.bench.HubBench summary --results=a.properties,b.properties --raw=…
 * </pre>
 */
public final class HubBench {

	static final PrintStream out = System.out;

	static final String API = "/ngsi-ld/v1";

	static final List<String> PHASES = List.of("create", "patch", "get", "batch", "q", "geo", "temporal", "notify");

	private static final List<String> NO_STEPS = List.of();

	/** Access tokens live 10 minutes: renewed when older than this. */
	private static final Duration TOKEN_AGE = Duration.ofMinutes(4);

	/** PostGIS measures on the spheroid, the check on a sphere: sensors this close to the edge may go either way. */
	private static final double GEO_TOLERANCE = 0.01;

	private static final List<String> HUB_TABLES = List.of("hub_entity", "hub_entity_type", "hub_entity_geo",
			"hub_subscription", "hub_notification");

	static final Map<String, String[]> DEFAULTS = new LinkedHashMap<>();

	static {
		def("base-url", "http://127.0.0.1:18080", "the running Tsunagu (127.0.0.1 only)");
		def("size", "10000", "run: Sensor entities loaded before the phases");
		def("concurrency", "8", "concurrent clients in each phase (and in the load)");
		def("warmup", "10", "seconds of unmeasured load before each phase (same operation)");
		def("duration", "30", "seconds per measured phase");
		def("max-ops", "100000", "at most this many operations per phase");
		def("timeout", "30", "seconds before one HTTP request counts as failed");
		def("phases", String.join(",", PHASES), "run: the phases, in this order (a subset of the default)");
		def("load-batch", "100", "run: entities per batch upsert while loading (50 to 1000)");
		def("batch-size", "50", "run: entities per batch upsert in the batch phase");
		def("q-limit", "100", "run: limit of the q query (and the number of entities it must return)");
		def("geo-distance", "1000", "run: maxDistance of the geo-query, metres");
		def("last-n", "100", "run: lastN of the temporal reads (and the changes each read sensor is given first)");
		def("temporal-sensors", "100", "run: sensors given last-n changes for the temporal reads");
		def("seed", "18", "run: where the sensors are and their first values follow from this");
		def("quiet-wait", "300", "seconds to wait, at most, for the machine to be idle before each phase");
		def("app-pid", "0", "process id of the server (CPU and RSS)");
		def("clock-ticks", "100", "getconf CLK_TCK");
		def("jdbc-url", "", "the server's database (VACUUM ANALYZE, table figures; raw: the insert table)");
		def("db-user", "postgres", "database user");
		def("raw-seconds", "10", "raw: seconds of the single-row insert loop (8 threads, autocommit)");
		def("results-file", "", "run and raw: write the figures here (properties)");
		def("results", "", "summary: the results files of run, comma-separated");
		def("raw", "", "summary: the results file of raw");
		def("command", "(not given)", "command line to print as the way to reproduce");
		def("server-jvm", "(defaults)", "JVM options of the server, printed");
		def("admin-user", "admin@demo.tsunagu.example", "administrator who registers the hub partner");
		def("admin-password", "tsunagu-demo-2026", "their password (demo data)");
		def("user-password", "bench-password", "(unused here; shared option of the other benches)");
		def("redirect-uri", "http://127.0.0.1:9999/cb", "redirect URI of the partner (never called)");
	}

	private static void def(String name, String value, String help) {
		DEFAULTS.put(name, new String[] { value, help });
	}

	private final Map<String, String> options;

	private final URI base;

	private final Duration timeout;

	private final HttpClient http = Browser.newClient();

	private final CpuMeter cpu;

	private final String run = IdentityFlows.random().replaceAll("[^A-Za-z0-9]", "").substring(0, 6).toLowerCase(Locale.ROOT);

	/** Every observedAt the bench sends is {@code observedBase + n} ms, n from here: each its own instant. */
	private final AtomicLong sequence = new AtomicLong();

	private final AtomicLong createSequence = new AtomicLong();

	private final Instant observedBase = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofDays(1));

	private HubData data;

	private Token writer;

	private Token reader;

	private Connection db;

	private int size;

	/** Wall-clock start and end of each measured phase (for the JFR summary, BENCH_JFR=1). */
	private final Map<String, long[]> times = new LinkedHashMap<>();

	private HubBench(Map<String, String> options) throws BenchFailure {
		this.options = options;
		this.base = URI.create(options.get("base-url").replaceAll("/+$", ""));
		this.timeout = Duration.ofSeconds(integer(options, "timeout"));
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
				case "run" -> new HubBench(options).run();
				case "raw" -> raw(options);
				case "summary" -> HubSummary.run(options);
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
				Data hub benchmark (NGSI-LD): load Sensor entities with batch upserts, then entity creates,
				attribute PATCHes, GET by id, batch upserts, q queries, geo-queries, temporal reads and
				notifications, each phase with a warm-up (bench/run.sh hub runs it per size, then raw and summary).

				usage: java -cp tsunagu-bench.jar jp.tsunagu.bench.HubBench run|raw|summary [--option=value ...]

				options:
				""");
		DEFAULTS.forEach((k, v) -> text.append(String.format(Locale.ROOT, "  --%-17s %s (default: %s)%n", k, v[1], v[0])));
		return text.toString();
	}

	static int integer(Map<String, String> options, String name) throws BenchFailure {
		try {
			return Integer.parseInt(options.get(name).strip());
		}
		catch (NumberFormatException ex) {
			throw new BenchFailure("--" + name + " must be a number");
		}
	}

	private int integer(String name) throws BenchFailure {
		return integer(options, name);
	}

	// ---- tokens ----------------------------------------------------------------------------------

	/** A client-credentials token, renewed when old or refused. */
	static final class Token {

		private final IdentityFlows flows;

		private final String scope;

		private String value;

		private long obtained;

		private int renewals;

		Token(IdentityFlows flows, String scope) {
			this.flows = flows;
			this.scope = scope;
		}

		synchronized String bearer() throws IOException, InterruptedException, BenchFailure {
			if (value == null || System.nanoTime() - obtained > TOKEN_AGE.toNanos()) {
				value = flows.clientCredentials(scope);
				obtained = System.nanoTime();
				renewals++;
			}
			return "Bearer " + value;
		}

		/** The server refused {@code used} (401): the next request gets a new token. */
		synchronized void refused(String used) {
			if (value != null && used.equals("Bearer " + value)) {
				value = null;
			}
		}

		synchronized int obtainedCount() {
			return renewals;
		}
	}

	private void tokens() throws Exception {
		var legacy = FhirBench.legacy(options);
		var tsunagu = new TsunaguProvider(legacy);
		var admin = tsunagu.newBrowser();
		long until = System.nanoTime() + Duration.ofSeconds(120).toNanos();
		while (true) {
			try {
				tsunagu.signIn(admin, options.get("admin-user"), options.get("admin-password"));
				break;
			}
			catch (BenchFailure | IOException ex) {
				if (System.nanoTime() > until) {
					throw new BenchFailure("admin sign-in", ex.getMessage());
				}
				Thread.sleep(2000); // demo data may still be loading
			}
		}
		var stamp = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		var client = tsunagu.registerClient(admin, "tsunagu-bench-hub partner " + stamp,
				URI.create(options.get("redirect-uri")), List.of("openid", "hub.read", "hub.write"), "openid", true);
		var flows = tsunagu.connect(client);
		writer = new Token(flows, "hub.write");
		reader = new Token(flows, "hub.read");
		writer.bearer();
		reader.bearer();
		out.println("   partner " + client.id() + " registered on /admin/clients by " + options.get("admin-user")
				+ " (confidential, back end, scopes openid hub.read hub.write); client_credentials tokens: hub.write"
				+ " for writes, hub.read for reads, renewed every " + TOKEN_AGE.toMinutes() + " min and after a 401");
	}

	// ---- HTTP ------------------------------------------------------------------------------------

	private HttpResponse<String> send(HttpRequest.Builder request, Token token) throws Exception {
		var authorization = token.bearer();
		request.timeout(timeout).header("Authorization", authorization);
		var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		if (response.statusCode() == 401) {
			token.refused(authorization);
		}
		return response;
	}

	private URI uri(String pathAndQuery) {
		return URI.create(base + pathAndQuery);
	}

	private HttpResponse<String> get(String pathAndQuery) throws Exception {
		return send(HttpRequest.newBuilder(uri(pathAndQuery)).header("Accept", "application/json").GET(), reader);
	}

	private HttpResponse<String> write(String method, String pathAndQuery, String json) throws Exception {
		return send(HttpRequest.newBuilder(uri(pathAndQuery))
			.header("Content-Type", "application/json")
			.header("Accept", "application/json")
			.method(method, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)), writer);
	}

	private static BenchFailure unexpected(String what, HttpResponse<String> response, int expected) {
		return new BenchFailure(what + " HTTP " + response.statusCode() + ", expected " + expected,
				FhirBench.shorten(response.body()));
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

	private Instant nextObservedAt() {
		return observedBase.plusMillis(sequence.incrementAndGet());
	}

	private long numberOf(Instant observedAt) {
		return observedAt.toEpochMilli() - observedBase.toEpochMilli();
	}

	// ---- run -------------------------------------------------------------------------------------

	private int run() throws Exception {
		size = integer("size");
		int concurrency = integer("concurrency");
		var warmup = Duration.ofSeconds(integer("warmup"));
		var duration = Duration.ofSeconds(integer("duration"));
		long maxOps = integer("max-ops");
		long quietUntil = System.nanoTime() + Duration.ofSeconds(integer("quiet-wait")).toNanos();
		var phases = new ArrayList<String>();
		for (var p : options.get("phases").split(",")) {
			if (!PHASES.contains(p.strip())) {
				throw new BenchFailure("--phases: " + p + " is none of " + PHASES);
			}
			phases.add(p.strip());
		}
		if (size < 1000) {
			throw new BenchFailure("--size: at least 1000");
		}
		var whole = new RssSampler(cpu.appPid(), 250);
		out.println("== data hub (NGSI-LD) at " + base + API + ": " + size + " Sensor entities, " + concurrency
				+ " clients; server JVM: " + options.get("server-jvm"));
		tokens();
		long t0 = System.nanoTime();
		data = new HubData(size, Long.parseLong(options.get("seed")));
		out.printf(Locale.ROOT, "   %d sensors laid out over Sapporo (lon %.2f–%.2f, lat %.2f–%.2f), first values 0..100"
				+ " (seed %s, %.1f s)%n", size, HubData.MIN_LON, HubData.MAX_LON, HubData.MIN_LAT, HubData.MAX_LAT,
				options.get("seed"), (System.nanoTime() - t0) / 1e9);

		try (var connection = options.get("jdbc-url").isBlank() ? null : HotPathBench.connect(FhirBench.legacy(options))) {
			db = connection;
			var load = load(concurrency);
			checkCount();
			vacuumAnalyze("after loading " + size + " entities");
			tableSizes("after loading");

			out.println();
			out.println("== phases: " + concurrency + " clients each, closed loop, HTTP/1.1 keep-alive (java.net.http);"
					+ " warm-up " + warmup.toSeconds() + " s of the same operation (not measured), VACUUM ANALYZE of the"
					+ " hub tables, then " + duration.toSeconds() + " s (at most " + maxOps + " operations)");
			out.println("   command " + options.get("command"));
			var results = new LinkedHashMap<String, Phase.Result>();
			var writes = new LinkedHashMap<String, String>();
			String temporal = "not run";
			Notifications notifications = null;
			var created = new ConcurrentLinkedQueue<String>();
			var geoSelectivity = new AtomicLong();
			for (var name : phases) {
				switch (name) {
					case "create" -> {
						measure(results, writes, name, concurrency, warmup, duration, maxOps, quietUntil,
								(w, s) -> create(created));
						removeCreated(created);
					}
					case "patch" -> measure(results, writes, name, concurrency, warmup, duration, maxOps, quietUntil,
							(w, s) -> patch(null));
					case "get" -> measure(results, writes, name, concurrency, warmup, duration, maxOps, quietUntil,
							(w, s) -> get());
					case "batch" -> {
						var window = new AtomicLong();
						measure(results, writes, name, concurrency, warmup, duration, maxOps, quietUntil,
								(w, s) -> batch(window));
					}
					case "q" -> measure(results, writes, name, concurrency, warmup, duration, maxOps, quietUntil,
							(w, s) -> q());
					case "geo" -> measure(results, writes, name, concurrency, warmup, duration, maxOps, quietUntil,
							(w, s) -> geo(geoSelectivity));
					case "temporal" -> {
						var sensors = temporalSensors();
						temporal = probeTemporal();
						if (temporal.equals("built")) {
							seedHistory(concurrency, sensors);
							measure(results, writes, name, concurrency, warmup, duration, maxOps, quietUntil,
									(w, s) -> temporal(sensors));
						}
					}
					case "notify" -> notifications = notify(concurrency, warmup, duration, maxOps, quietUntil, writes);
					default -> throw new IllegalStateException(name);
				}
			}
			var rss = whole.stop();
			long rssAfter = RssSampler.rssKib(cpu.appPid());
			report(load, results, writes, temporal, notifications, rss, rssAfter,
					results.containsKey("geo") ? geoSelectivity.get() / (double) Math.max(1,
							results.get("geo").recorder().successes() + results.get("geo").recorder().failures()) : Double.NaN);
			boolean clean = results.values().stream().allMatch(r -> r.recorder().failures() == 0 && !r.aborted())
					&& (notifications == null || notifications.clean()) && load.errors() == 0;
			return clean ? 0 : 3;
		}
	}

	private void measure(Map<String, Phase.Result> results, Map<String, String> writes, String name, int concurrency,
			Duration warmup, Duration duration, long maxOps, long quietUntil, Phase.Operation op) throws Exception {
		out.println();
		if (!warmup.isZero()) {
			var w = Phase.run(name + " warm-up", concurrency, warmup, maxOps, timeout, NO_STEPS, cpu, op);
			out.printf(Locale.ROOT, "   %s warm-up: %d ok, %d errors, %.1f/s (not measured)%n", name,
					w.recorder().successes(), w.recorder().failures(), w.throughput());
			Phase.errors(out, w);
		}
		vacuumAnalyze("before the " + name + " phase");
		Phase.waitForQuiet(out, cpu, quietUntil);
		var before = tableWrites();
		long from = System.currentTimeMillis();
		var r = Phase.run(name, concurrency, duration, maxOps, timeout, NO_STEPS, cpu, op);
		times.put(name, new long[] { from, System.currentTimeMillis() });
		Phase.header(out);
		Phase.row(out, r);
		Phase.cpu(out, r);
		Phase.errors(out, r);
		writes.put(name, writesPerOp(before, r.recorder().successes() + r.recorder().failures()));
		if (!writes.get(name).isEmpty()) {
			out.println("   " + name + ": " + writes.get(name));
		}
		results.put(name, r);
	}

	// ---- load ------------------------------------------------------------------------------------

	record Load(long entities, long requests, double seconds, long errors, String firstError) {

		double entitiesPerSecond() {
			return seconds <= 0 ? 0 : entities / seconds;
		}
	}

	/** The sensors, in batch upserts of --load-batch by C clients: 201 with every id of the batch. */
	private Load load(int concurrency) throws Exception {
		int batch = integer("load-batch");
		if (batch < 50 || batch > 1000) {
			throw new BenchFailure("--load-batch: 50 to 1000");
		}
		int batches = (size + batch - 1) / batch;
		out.println();
		out.printf(Locale.ROOT, "== load: %d Sensor entities in %d batch upserts of %d (POST %s/entityOperations/upsert),"
				+ " %d clients, a fresh database%n", size, batches, batch, API, concurrency);
		var next = new AtomicInteger();
		var done = new AtomicLong();
		var errors = new AtomicLong();
		var firstError = new AtomicReference<String>();
		var threads = new ArrayList<Thread>();
		long t0 = System.nanoTime();
		long deadline = t0 + Duration.ofHours(6).toNanos(); // a million entities at a few hundred a second: over an hour
		long[] progress = { t0 };
		for (int c = 0; c < concurrency; c++) {
			var thread = new Thread(() -> {
				int b;
				while (errors.get() < 50 && System.nanoTime() < deadline && (b = next.getAndIncrement()) < batches) {
					int from = b * batch;
					int to = Math.min(size, from + batch);
					var body = new StringBuilder("[");
					for (int i = from; i < to; i++) {
						if (i > from) {
							body.append(',');
						}
						body.append(data.entity(i, data.initialValue(i), nextObservedAt()));
					}
					body.append(']');
					try {
						var response = write("POST", API + "/entityOperations/upsert", body.toString());
						if (response.statusCode() != 201) {
							throw unexpected("load: POST /entityOperations/upsert", response, 201);
						}
						var ids = JSONArrayUtils.parse(response.body());
						if (ids.size() != to - from || !ids.contains(HubData.id(from)) || !ids.contains(HubData.id(to - 1))) {
							throw new BenchFailure("load: POST /entityOperations/upsert: " + ids.size() + " ids created of "
									+ (to - from), FhirBench.shorten(response.body()));
						}
						long n = done.addAndGet(to - from);
						synchronized (progress) {
							if (System.nanoTime() - progress[0] > 30e9) {
								progress[0] = System.nanoTime();
								out.printf(Locale.ROOT, "   ... %d of %d loaded (%.0f entities/s)%n", n, size,
										n / ((System.nanoTime() - t0) / 1e9));
							}
						}
					}
					catch (Exception ex) {
						errors.incrementAndGet();
						firstError.compareAndSet(null, ex.getMessage());
					}
				}
			}, "load-" + c);
			thread.setDaemon(true);
			threads.add(thread);
			thread.start();
		}
		for (var t : threads) {
			t.join();
		}
		double seconds = (System.nanoTime() - t0) / 1e9;
		var load = new Load(done.get(), batches, seconds, errors.get(), firstError.get());
		out.printf(Locale.ROOT, "   loaded %d entities in %.1f s: %.0f entities/s (%d batches, %d failed)%n", load.entities(),
				seconds, load.entitiesPerSecond(), batches, load.errors());
		if (load.errors() > 0 || load.entities() != size) {
			throw new BenchFailure("load failed: " + load.entities() + " of " + size + " entities, " + load.errors()
					+ " batches failed", load.firstError());
		}
		return load;
	}

	/** The hub and the database agree that there are {@code size} Sensors. */
	private void checkCount() throws Exception {
		var response = get(API + "/entities?type=Sensor&count=true&limit=0");
		if (response.statusCode() != 200) {
			throw unexpected("GET /entities?type=Sensor&count=true&limit=0", response, 200);
		}
		var counted = response.headers().firstValue("NGSILD-Results-Count").orElse("(none)");
		if (!counted.equals(Integer.toString(size))) {
			throw new BenchFailure("GET /entities?type=Sensor&count=true: NGSILD-Results-Count " + counted + ", expected "
					+ size);
		}
		out.println("   GET " + API + "/entities?type=Sensor&count=true&limit=0: NGSILD-Results-Count " + counted
				+ (db == null ? "" : "; hub_entity " + count("SELECT count(*) FROM hub_entity") + " rows (with the demo's "
						+ "city data), hub_entity_geo " + count("SELECT count(*) FROM hub_entity_geo") + " rows"));
	}

	// ---- the operations --------------------------------------------------------------------------

	private void create(ConcurrentLinkedQueue<String> created) throws Exception {
		var random = ThreadLocalRandom.current();
		var id = "urn:ngsi-ld:Sensor:hub-bench-new-" + run + "-" + createSequence.incrementAndGet();
		double lon = HubData.MIN_LON + random.nextDouble() * (HubData.MAX_LON - HubData.MIN_LON);
		double lat = HubData.MIN_LAT + random.nextDouble() * (HubData.MAX_LAT - HubData.MIN_LAT);
		var response = write("POST", API + "/entities",
				HubData.entity(id, lon, lat, random.nextInt(101), nextObservedAt()));
		if (response.statusCode() != 201) {
			throw unexpected("POST /entities", response, 201);
		}
		var location = response.headers().firstValue("Location").orElse("");
		if (!location.endsWith(API + "/entities/" + id)) {
			throw new BenchFailure("POST /entities: Location " + location + ", expected …/entities/" + id);
		}
		created.add(id);
	}

	/** The entities the create phase made go again (batch deletes of 1000), so that the next phases see {@code size}. */
	private void removeCreated(ConcurrentLinkedQueue<String> created) throws Exception {
		long t0 = System.nanoTime();
		var ids = new ArrayList<>(created);
		long failed = 0;
		String first = null;
		for (int from = 0; from < ids.size(); from += 1000) {
			var part = ids.subList(from, Math.min(ids.size(), from + 1000));
			var body = new StringBuilder("[");
			for (int i = 0; i < part.size(); i++) {
				body.append(i == 0 ? "\"" : ",\"").append(part.get(i)).append('"');
			}
			var response = write("POST", API + "/entityOperations/delete", body.append(']').toString());
			if (response.statusCode() != 204) {
				failed += part.size();
				first = first == null ? "HTTP " + response.statusCode() + ": " + FhirBench.shorten(response.body()) : first;
			}
		}
		out.printf(Locale.ROOT, "   the %d entities created (warm-up and phase) deleted again with POST %s/entityOperations/delete"
				+ " in batches of 1000 (not measured): %.1f s%s%n", ids.size(), API, (System.nanoTime() - t0) / 1e9,
				failed == 0 ? "" : "; " + failed + " NOT DELETED: " + first);
		if (failed > 0) {
			throw new BenchFailure("deleting the created entities failed", first);
		}
		created.clear();
	}

	/**
	 * One sensor's numValue, a new value and observedAt; 204. With {@code answered}, the moment the
	 * 204 came is kept under the observedAt's number (the notification phase matches it).
	 */
	private void patch(Map<Long, Long> answered) throws Exception {
		var random = ThreadLocalRandom.current();
		int i = random.nextInt(size);
		var at = nextObservedAt();
		var response = write("PATCH", API + "/entities/" + HubData.id(i) + "/attrs", HubData.patch(random.nextInt(101), at));
		long now = System.nanoTime();
		if (response.statusCode() != 204) {
			throw unexpected("PATCH /entities/{id}/attrs", response, 204);
		}
		if (answered != null) {
			answered.put(numberOf(at), now);
		}
	}

	private void get() throws Exception {
		int i = ThreadLocalRandom.current().nextInt(size);
		var response = get(API + "/entities/" + HubData.id(i));
		if (response.statusCode() != 200) {
			throw unexpected("GET /entities/{id}", response, 200);
		}
		var entity = object(response.body(), "GET /entities/{id}");
		checkSensor(entity, "GET /entities/{id}");
		if (!HubData.id(i).equals(entity.get("id"))) {
			throw new BenchFailure("GET /entities/{id}: another entity", String.valueOf(entity.get("id")));
		}
	}

	/** A Sensor of the bench as the hub gives it back: its numValue, and where the bench put it. */
	@SuppressWarnings("unchecked")
	private double[] checkSensor(Object element, String what) throws BenchFailure {
		if (!(element instanceof Map<?, ?> raw)) {
			throw new BenchFailure(what + ": an answer that is not an entity");
		}
		var entity = (Map<String, Object>) raw;
		long n = HubData.number(String.valueOf(entity.get("id")));
		if (!"Sensor".equals(entity.get("type"))) {
			throw new BenchFailure(what + ": not a Sensor", "type " + entity.get("type"));
		}
		if (!(entity.get("numValue") instanceof Map<?, ?> numValue) || !(numValue.get("value") instanceof Number value)) {
			throw new BenchFailure(what + ": no numValue", FhirBench.shorten(String.valueOf(entity)));
		}
		if (!(entity.get("location") instanceof Map<?, ?> location) || !(location.get("value") instanceof Map<?, ?> point)
				|| !(point.get("coordinates") instanceof List<?> coordinates) || coordinates.size() != 2
				|| !(coordinates.get(0) instanceof Number lon) || !(coordinates.get(1) instanceof Number lat)) {
			throw new BenchFailure(what + ": no location Point", FhirBench.shorten(String.valueOf(entity)));
		}
		if (n >= 0 && n < size && (Math.abs(lon.doubleValue() - data.lon((int) n)) > 1e-6
				|| Math.abs(lat.doubleValue() - data.lat((int) n)) > 1e-6)) {
			throw new BenchFailure(what + ": a sensor is not where it was put", entity.get("id") + " at " + coordinates);
		}
		if (n < 0 || n >= size) {
			throw new BenchFailure(what + ": not one of the loaded sensors", String.valueOf(entity.get("id")));
		}
		return new double[] { value.doubleValue(), lon.doubleValue(), lat.doubleValue() };
	}

	/** Batch upsert of {@code --batch-size} existing sensors (a window each, in turn): 204, none created. */
	private void batch(AtomicLong window) throws Exception {
		int b = integer("batch-size");
		long k = window.getAndIncrement();
		int from = (int) ((k * b) % size);
		var random = ThreadLocalRandom.current();
		var body = new StringBuilder("[");
		for (int j = 0; j < b; j++) {
			int i = (from + j) % size;
			if (j > 0) {
				body.append(',');
			}
			body.append(data.entity(i, random.nextInt(101), nextObservedAt()));
		}
		var response = write("POST", API + "/entityOperations/upsert", body.append(']').toString());
		if (response.statusCode() == 201) {
			throw new BenchFailure("POST /entityOperations/upsert HTTP 201: created entities that existed",
					FhirBench.shorten(response.body()));
		}
		if (response.statusCode() != 204) {
			throw unexpected("POST /entityOperations/upsert", response, 204);
		}
	}

	private void q() throws Exception {
		int limit = integer("q-limit");
		var response = get(API + "/entities?type=Sensor&q=" + encode("numValue>50") + "&limit=" + limit);
		if (response.statusCode() != 200) {
			throw unexpected("GET /entities?type=Sensor&q=numValue>50", response, 200);
		}
		var entities = array(response.body(), "q");
		if (entities.size() != limit) {
			throw new BenchFailure("q: " + entities.size() + " entities, expected " + limit);
		}
		for (var e : entities) {
			if (checkSensor(e, "q")[0] <= 50) {
				throw new BenchFailure("q: an entity with numValue <= 50", FhirBench.shorten(String.valueOf(e)));
			}
		}
	}

	/** near;maxDistance from a random point: every sensor returned within it, nearest first, as many as lie there (at most a page). */
	private void geo(AtomicLong selectivity) throws Exception {
		var random = ThreadLocalRandom.current();
		double lon = HubData.MIN_LON + random.nextDouble() * (HubData.MAX_LON - HubData.MIN_LON);
		double lat = HubData.MIN_LAT + random.nextDouble() * (HubData.MAX_LAT - HubData.MIN_LAT);
		int metres = integer("geo-distance");
		var response = get(API + "/entities?type=Sensor&georel=" + encode("near;maxDistance==" + metres)
				+ "&geometry=Point&coordinates=" + encode("[" + HubData.coordinate(lon) + "," + HubData.coordinate(lat) + "]"));
		if (response.statusCode() != 200) {
			throw unexpected("GET /entities?type=Sensor&georel=near", response, 200);
		}
		var entities = array(response.body(), "geo");
		var expected = data.within(Double.parseDouble(HubData.coordinate(lon)), Double.parseDouble(HubData.coordinate(lat)),
				metres, GEO_TOLERANCE);
		selectivity.addAndGet(expected[0]);
		int page = 20; // the hub's default limit
		if (entities.size() < Math.min(page, expected[0]) || entities.size() > Math.min(page, expected[1])) {
			throw new BenchFailure("geo: " + entities.size() + " entities, expected " + Math.min(page, expected[0])
					+ (expected[0] == expected[1] ? "" : " to " + Math.min(page, expected[1])) + " (" + expected[0]
					+ " sensors lie within " + metres + " m)");
		}
		double previous = 0;
		for (var e : entities) {
			var sensor = checkSensor(e, "geo");
			double d = HubData.distance(lon, lat, sensor[1], sensor[2]);
			if (d > metres * (1 + GEO_TOLERANCE)) {
				throw new BenchFailure("geo: a sensor " + Math.round(d) + " m away (maxDistance " + metres + ")");
			}
			// near answers nearest first (to within how the two sides' spheres differ)
			if (d < previous * (1 - GEO_TOLERANCE) - 0.5) {
				throw new BenchFailure("geo: a sensor " + Math.round(d) + " m away after one " + Math.round(previous) + " m away");
			}
			previous = Math.max(previous, d);
		}
	}

	private int[] temporalSensors() throws BenchFailure {
		int n = Math.min(size, integer("temporal-sensors"));
		var sensors = new int[n];
		for (int i = 0; i < n; i++) {
			sensors[i] = (int) ((long) i * size / n);
		}
		return sensors;
	}

	/** "built", or why not: the hub answers 501 for parts of the API it does not serve yet. */
	private String probeTemporal() throws Exception {
		out.println();
		var response = get(API + "/temporal/entities/" + HubData.id(0) + "?lastN=" + integer("last-n"));
		if (response.statusCode() == 501) {
			out.println("== temporal: NOT BUILT: GET " + API + "/temporal/entities/{id}?lastN=" + options.get("last-n")
					+ " answers 501 (" + FhirBench.shorten(response.body()) + "); phase skipped");
			return "not built";
		}
		out.println("== temporal: GET " + API + "/temporal/entities/{id} answers " + response.statusCode()
				+ " before the history is seeded; measuring");
		return "built";
	}

	/** Each of the temporal phase's sensors gets last-n changes of numValue (PATCH, 204), by C clients. */
	private void seedHistory(int concurrency, int[] sensors) throws Exception {
		int changes = integer("last-n");
		long total = (long) sensors.length * changes;
		var next = new AtomicLong();
		var failure = new AtomicReference<Exception>();
		var threads = new ArrayList<Thread>();
		long t0 = System.nanoTime();
		for (int c = 0; c < concurrency; c++) {
			var thread = new Thread(() -> {
				long k;
				while (failure.get() == null && (k = next.getAndIncrement()) < total) {
					int i = sensors[(int) (k % sensors.length)];
					try {
						var response = write("PATCH", API + "/entities/" + HubData.id(i) + "/attrs",
								HubData.patch(ThreadLocalRandom.current().nextInt(101), nextObservedAt()));
						if (response.statusCode() != 204) {
							throw unexpected("PATCH /entities/{id}/attrs (history)", response, 204);
						}
					}
					catch (Exception ex) {
						failure.compareAndSet(null, ex);
					}
				}
			}, "history-" + c);
			thread.setDaemon(true);
			threads.add(thread);
			thread.start();
		}
		for (var t : threads) {
			t.join();
		}
		if (failure.get() != null) {
			throw new BenchFailure("temporal: seeding the history failed", failure.get().getMessage());
		}
		out.printf(Locale.ROOT, "   history: %d sensors x %d changes of numValue (PATCH, not measured) in %.1f s%n",
				sensors.length, changes, (System.nanoTime() - t0) / 1e9);
	}

	private void temporal(int[] sensors) throws Exception {
		int lastN = integer("last-n");
		int i = sensors[ThreadLocalRandom.current().nextInt(sensors.length)];
		var response = get(API + "/temporal/entities/" + HubData.id(i) + "?lastN=" + lastN);
		if (response.statusCode() != 200) {
			throw unexpected("GET /temporal/entities/{id}?lastN", response, 200);
		}
		var entity = object(response.body(), "temporal");
		if (!HubData.id(i).equals(entity.get("id"))) {
			throw new BenchFailure("temporal: another entity", String.valueOf(entity.get("id")));
		}
		int instances = entity.get("numValue") instanceof List<?> list ? list.size()
				: entity.get("numValue") instanceof Map<?, ?> ? 1 : 0;
		if (instances != lastN) {
			throw new BenchFailure("temporal: " + instances + " instances of numValue, expected " + lastN,
					FhirBench.shorten(response.body()));
		}
	}

	// ---- notifications ---------------------------------------------------------------------------

	record Notifications(Phase.Result phase, long patched, long received, long inPhase, double drainSeconds,
			double sinceStartSeconds, long missing, long early, long duplicates, long unmatched, String problem,
			Recorder latency, String subscription, String figures) {

		double perSecond() {
			return sinceStartSeconds <= 0 ? 0 : received / sinceStartSeconds;
		}

		double inPhasePerSecond() {
			return phase.seconds() <= 0 ? 0 : inPhase / phase.seconds();
		}

		boolean clean() {
			return phase.recorder().failures() == 0 && !phase.aborted() && missing == 0 && unmatched == 0;
		}
	}

	private Notifications notify(int concurrency, Duration warmup, Duration duration, long maxOps, long quietUntil,
			Map<String, String> writes) throws Exception {
		out.println();
		try (var receiver = new HubReceiver(observedBase)) {
			var id = "urn:ngsi-ld:Subscription:hub-bench-" + run;
			var body = "{\"id\":\"" + id + "\",\"type\":\"Subscription\",\"entities\":[{\"type\":\"Sensor\"}],"
					+ "\"watchedAttributes\":[\"numValue\"],\"notification\":{\"endpoint\":{\"uri\":\"" + receiver.endpoint()
					+ "\",\"accept\":\"application/json\"}}}";
			receiver.expect(id);
			var response = write("POST", API + "/subscriptions", body);
			if (response.statusCode() != 201) {
				throw unexpected("POST /subscriptions", response, 201);
			}
			out.println("== notify: subscription " + id + " (every Sensor, watchedAttributes numValue) created (201), its"
					+ " endpoint " + receiver.endpoint() + " (com.sun.net.httpserver in the load generator, answers 204)");
			try {
				var warm = new ConcurrentHashMap<Long, Long>();
				if (!warmup.isZero()) {
					var w = Phase.run("notify warm-up", concurrency, warmup, maxOps, timeout, NO_STEPS, cpu,
							(worker, steps) -> patch(warm));
					var drained = drain(warm, receiver);
					out.printf(Locale.ROOT, "   notify warm-up: %d PATCHes ok, %d errors, %.1f/s; %d of their notifications"
							+ " came, the last %.1f s after the warm-up (not measured)%n", w.recorder().successes(),
							w.recorder().failures(), w.throughput(), arrivedOf(warm, receiver), drained);
					Phase.errors(out, w);
				}
				vacuumAnalyze("before the notify phase");
				Phase.waitForQuiet(out, cpu, quietUntil);
				var answered = new ConcurrentHashMap<Long, Long>();
				var before = tableWrites();
				long start = System.nanoTime();
				long from = System.currentTimeMillis();
				var phase = Phase.run("notify", concurrency, duration, maxOps, timeout, NO_STEPS, cpu,
						(worker, steps) -> patch(answered));
				long end = System.nanoTime();
				times.put("notify", new long[] { from, System.currentTimeMillis() });
				double drained = drain(answered, receiver);
				var latency = new Recorder(List.of());
				long received = 0;
				long inPhase = 0;
				long early = 0;
				long last = start;
				for (var e : answered.entrySet()) {
					var at = receiver.arrival(e.getKey());
					if (at == null) {
						continue;
					}
					received++;
					if (at <= end) {
						inPhase++;
					}
					if (at < e.getValue()) {
						early++;
					}
					last = Math.max(last, at);
					latency.success(Math.max(0, at - e.getValue()));
				}
				long missing = answered.size() - received;
				writes.put("notify", writesPerOp(before, phase.recorder().successes() + phase.recorder().failures()));
				var figures = subscriptionFigures(id);
				var result = new Notifications(phase, answered.size(), received, inPhase, drained, (last - start) / 1e9,
						missing, early, receiver.duplicates(), receiver.unmatched(), receiver.firstProblem(), latency, id,
						figures);
				Phase.header(out);
				Phase.row(out, phase);
				Phase.cpu(out, phase);
				Phase.errors(out, phase);
				out.println("   notify: " + writes.get("notify"));
				var l = latency.stats();
				out.printf(Locale.ROOT, "   notifications: %d of %d PATCHes notified (%d MISSING 15 s after the last one came),"
						+ " %d during the phase (%.1f/s), all of them %.1f/s (phase start to the last, %.1f s after the"
						+ " phase ended); latency from the PATCH's 204 to the notification: p50 %s, p90 %s, p99 %s, max %s ms"
						+ " (%d came before the 204 reached the client: 0); duplicates %d, unmatched %d%s%n", received,
						answered.size(), missing, inPhase, result.inPhasePerSecond(), result.perSecond(), drained,
						Recorder.Stats.ms(l.percentileMs(50)), Recorder.Stats.ms(l.percentileMs(90)),
						Recorder.Stats.ms(l.percentileMs(99)), Recorder.Stats.ms(l.maxMs()), early, receiver.duplicates(),
						receiver.unmatched(), receiver.firstProblem() == null ? "" : " (" + receiver.firstProblem() + ")");
				out.println("   subscription afterwards: " + figures);
				return result;
			}
			finally {
				var deleted = send(HttpRequest.newBuilder(uri(API + "/subscriptions/" + id)).DELETE(), writer);
				out.println("   DELETE " + API + "/subscriptions/{id}: HTTP " + deleted.statusCode()
						+ (deleted.statusCode() == 204 ? "" : " (expected 204: " + FhirBench.shorten(deleted.body()) + ")")
						+ (db == null ? "" : "; hub_notification rows left: " + count("SELECT count(*) FROM hub_notification")));
			}
		}
	}

	/** Waits until every PATCH of {@code answered} has its notification, or none came for 15 s; seconds waited. */
	private static double drain(Map<Long, Long> answered, HubReceiver receiver) throws InterruptedException {
		long t0 = System.nanoTime();
		long deadline = t0 + Duration.ofMinutes(10).toNanos();
		while (System.nanoTime() < deadline) {
			if (arrivedOf(answered, receiver) >= answered.size()) {
				break;
			}
			long quietSince = Math.max(t0, receiver.lastArrival());
			if (System.nanoTime() - quietSince > Duration.ofSeconds(15).toNanos()) {
				break;
			}
			Thread.sleep(50);
		}
		return (Math.max(t0, receiver.lastArrival()) - t0) / 1e9;
	}

	private static long arrivedOf(Map<Long, Long> answered, HubReceiver receiver) {
		long n = 0;
		for (var key : answered.keySet()) {
			if (receiver.arrival(key) != null) {
				n++;
			}
		}
		return n;
	}

	@SuppressWarnings("unchecked")
	private String subscriptionFigures(String id) {
		try {
			var response = get(API + "/subscriptions/" + id);
			if (response.statusCode() != 200) {
				return "GET /subscriptions/{id} HTTP " + response.statusCode();
			}
			var s = JSONObjectUtils.parse(response.body());
			var notification = s.get("notification") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.<String, Object>of();
			return "status " + s.get("status") + ", timesSent " + notification.get("timesSent") + ", timesFailed "
					+ notification.get("timesFailed") + ", notification.status " + notification.get("status");
		}
		catch (Exception ex) {
			return "GET /subscriptions/{id}: " + ex.getMessage();
		}
	}

	// ---- JSON ------------------------------------------------------------------------------------

	private static Map<String, Object> object(String body, String what) throws BenchFailure {
		try {
			return JSONObjectUtils.parse(body);
		}
		catch (ParseException ex) {
			throw new BenchFailure(what + ": not a JSON object", FhirBench.shorten(body));
		}
	}

	private static List<Object> array(String body, String what) throws BenchFailure {
		try {
			return JSONArrayUtils.parse(body);
		}
		catch (ParseException ex) {
			throw new BenchFailure(what + ": not a JSON array", FhirBench.shorten(body));
		}
	}

	// ---- database --------------------------------------------------------------------------------

	private void vacuumAnalyze(String when) throws SQLException {
		if (db == null) {
			out.println("== VACUUM ANALYZE " + when + ": SKIPPED (no --jdbc-url)");
			return;
		}
		long t0 = System.nanoTime();
		try (var st = db.createStatement()) {
			st.execute("VACUUM ANALYZE hub_entity, hub_entity_type, hub_entity_geo");
		}
		out.printf(Locale.ROOT, "== VACUUM ANALYZE hub_entity, hub_entity_type, hub_entity_geo %s (autovacuum is off here):"
				+ " %.1f s%n", when, (System.nanoTime() - t0) / 1e9);
	}

	private long count(String sql) throws SQLException {
		try (var st = db.createStatement(); var rs = st.executeQuery(sql)) {
			rs.next();
			return rs.getLong(1);
		}
	}

	private void tableSizes(String when) throws SQLException {
		if (db == null) {
			return;
		}
		var text = new StringBuilder();
		try (var st = db.createStatement(); var rs = st.executeQuery("SELECT relname, n_live_tup,"
				+ " pg_size_pretty(pg_total_relation_size(relid)) FROM pg_stat_user_tables WHERE relname LIKE 'hub\\_%'"
				+ " ORDER BY pg_total_relation_size(relid) DESC")) {
			while (rs.next()) {
				text.append(text.isEmpty() ? "" : ", ").append(rs.getString(1)).append(' ').append(rs.getLong(2))
					.append(" rows ").append(rs.getString(3));
			}
		}
		out.println("   hub tables " + when + " (with indexes): " + text + "; database "
				+ one("SELECT pg_size_pretty(pg_database_size(current_database()))"));
	}

	private String one(String sql) throws SQLException {
		try (var st = db.createStatement(); var rs = st.executeQuery(sql)) {
			rs.next();
			return rs.getString(1);
		}
	}

	/** Rows inserted, updated and deleted so far per hub table (pg_stat_user_tables), or null. */
	private Map<String, long[]> tableWrites() throws SQLException, InterruptedException {
		if (db == null) {
			return null;
		}
		Thread.sleep(1200); // the servers' backends report their counts when idle, at most once a second
		var writes = new LinkedHashMap<String, long[]>();
		try (var st = db.createStatement(); var rs = st.executeQuery(
				"SELECT relname, n_tup_ins, n_tup_upd, n_tup_del FROM pg_stat_user_tables"
						+ " WHERE relname IN ('" + String.join("','", HUB_TABLES) + "')")) {
			while (rs.next()) {
				writes.put(rs.getString(1), new long[] { rs.getLong(2), rs.getLong(3), rs.getLong(4) });
			}
		}
		return writes;
	}

	/** "rows per operation: hub_entity upd 1.00, hub_entity_geo ins 1.00 del 1.00, ..." since {@code before}. */
	private String writesPerOp(Map<String, long[]> before, long ops) throws SQLException, InterruptedException {
		if (before == null || ops == 0) {
			return "";
		}
		var after = tableWrites();
		var text = new StringBuilder();
		for (var table : HUB_TABLES) {
			var a = after.get(table);
			var b = before.getOrDefault(table, new long[3]);
			if (a == null) {
				continue;
			}
			var part = new StringBuilder();
			String[] kinds = { "ins", "upd", "del" };
			for (int k = 0; k < 3; k++) {
				long d = a[k] - b[k];
				if (d > 0) {
					part.append(' ').append(kinds[k]).append(' ').append(String.format(Locale.ROOT, "%.2f", d / (double) ops));
				}
			}
			if (!part.isEmpty()) {
				text.append(text.isEmpty() ? "" : ", ").append(table).append(part);
			}
		}
		return text.isEmpty() ? "" : "rows written per operation (pg_stat_user_tables): " + text;
	}

	// ---- report ----------------------------------------------------------------------------------

	private void report(Load load, Map<String, Phase.Result> results, Map<String, String> writes, String temporal,
			Notifications notifications, RssSampler.Rss rss, long rssAfterKib, double geoMatches)
			throws IOException, SQLException, BenchFailure {
		int batch = integer("batch-size");
		out.println();
		out.println("== results (" + size + " entities): ops/s = successful operations / wall time of the phase; latency from"
				+ " request to the whole answer read, exact percentiles");
		Phase.header(out);
		results.values().forEach(r -> Phase.row(out, r));
		if (notifications != null) {
			Phase.row(out, notifications.phase());
		}
		out.printf(Locale.ROOT, "   load: %.0f entities/s (batch upserts of %s, new entities)%n", load.entitiesPerSecond(),
				options.get("load-batch"));
		if (results.containsKey("batch")) {
			out.printf(Locale.ROOT, "   batch: %.0f entities/s (%d upserts of %d existing entities)%n",
					results.get("batch").throughput() * batch, results.get("batch").recorder().successes(), batch);
		}
		if (!Double.isNaN(geoMatches)) {
			out.printf(Locale.ROOT, "   geo: on average %.1f sensors lay within %s m of the query's point (page of 20)%n",
					geoMatches, options.get("geo-distance"));
		}
		out.println("   temporal: " + temporal);
		results.values().forEach(r -> out.printf(Locale.ROOT, "   %-9s server RSS peak %.0f MiB, mean %.0f MiB%n", r.name(),
				r.rss().peakMib(), r.rss().meanMib()));
		out.printf(Locale.ROOT, "   server RSS: peak %.0f MiB over the whole run (load and phases, sampled every 250 ms),"
				+ " %s after it%n", rss.peakMib(),
				rssAfterKib > 0 ? String.format(Locale.ROOT, "%.0f MiB", rssAfterKib / 1024.0) : "n/a");
		out.println("   tokens obtained: hub.write " + writer.obtainedCount() + ", hub.read " + reader.obtainedCount());
		tableSizes("after the run");

		var file = options.get("results-file");
		if (file.isBlank()) {
			return;
		}
		var p = new StringBuilder();
		p.append("size=").append(size).append('\n');
		p.append("concurrency=").append(options.get("concurrency")).append('\n');
		p.append("server.jvm=").append(options.get("server-jvm")).append('\n');
		p.append("batch.size=").append(batch).append('\n');
		p.append("load.entities_s=").append(fmt(load.entitiesPerSecond())).append('\n');
		p.append("load.seconds=").append(fmt(load.seconds())).append('\n');
		p.append("rss.peak.kib=").append(rss.peakKib()).append('\n');
		p.append("rss.after.kib=").append(rssAfterKib).append('\n');
		p.append("temporal=").append(temporal).append('\n');
		p.append("geo.matches=").append(fmt(geoMatches)).append('\n');
		var all = new LinkedHashMap<>(results);
		if (notifications != null) {
			all.put("notify", notifications.phase());
		}
		for (var e : all.entrySet()) {
			var r = e.getValue();
			var s = r.recorder().stats();
			var k = "phase." + e.getKey() + ".";
			long ops = Math.max(1, r.recorder().successes());
			p.append(k).append("ops=").append(r.recorder().successes()).append('\n');
			p.append(k).append("errors=").append(r.recorder().failures()).append('\n');
			p.append(k).append("aborted=").append(r.aborted()).append('\n');
			p.append(k).append("seconds=").append(fmt(r.seconds())).append('\n');
			p.append(k).append("ops_s=").append(fmt(r.throughput())).append('\n');
			p.append(k).append("p50_ms=").append(fmt(s.percentileMs(50))).append('\n');
			p.append(k).append("p99_ms=").append(fmt(s.percentileMs(99))).append('\n');
			p.append(k).append("max_ms=").append(fmt(s.maxMs())).append('\n');
			p.append(k).append("rss_peak_kib=").append(r.rss().peakKib()).append('\n');
			p.append(k).append("cpu_server_ms=").append(fmt(r.cpu().app() < 0 ? Double.NaN : r.cpu().app() * 1000 / ops)).append('\n');
			p.append(k).append("cpu_postgres_ms=").append(fmt(r.cpu().postgres() < 0 ? Double.NaN : r.cpu().postgres() * 1000 / ops)).append('\n');
			double others = r.cpu().others();
			p.append(k).append("disturbed=")
				.append(others > 0.1 * r.seconds() * Runtime.getRuntime().availableProcessors())
				.append('\n');
			if (r.recorder().failures() > 0) {
				p.append(k).append("first_error=")
					.append(r.recorder().errorSamples().values().iterator().next().replaceAll("[\\r\\n]+", " "))
					.append('\n');
			}
			if (writes.containsKey(e.getKey())) {
				p.append(k).append("writes=").append(writes.get(e.getKey())).append('\n');
			}
		}
		p.append("phases=").append(String.join(",", times.keySet())).append('\n');
		times.forEach((name, t) -> p.append("phase.").append(name).append(".from.epoch.ms=").append(t[0])
			.append("\nphase.").append(name).append(".to.epoch.ms=").append(t[1]).append('\n'));
		if (results.containsKey("batch")) {
			p.append("batch.entities_s=").append(fmt(results.get("batch").throughput() * batch)).append('\n');
		}
		if (notifications != null) {
			var l = notifications.latency().stats();
			p.append("notify.patched=").append(notifications.patched()).append('\n');
			p.append("notify.received=").append(notifications.received()).append('\n');
			p.append("notify.missing=").append(notifications.missing()).append('\n');
			p.append("notify.duplicates=").append(notifications.duplicates()).append('\n');
			p.append("notify.unmatched=").append(notifications.unmatched()).append('\n');
			p.append("notify.early=").append(notifications.early()).append('\n');
			p.append("notify.notifications_s=").append(fmt(notifications.perSecond())).append('\n');
			p.append("notify.in_phase_s=").append(fmt(notifications.inPhasePerSecond())).append('\n');
			p.append("notify.drain_s=").append(fmt(notifications.drainSeconds())).append('\n');
			p.append("notify.latency_p50_ms=").append(fmt(l.percentileMs(50))).append('\n');
			p.append("notify.latency_p99_ms=").append(fmt(l.percentileMs(99))).append('\n');
			p.append("notify.latency_max_ms=").append(fmt(l.maxMs())).append('\n');
			p.append("notify.subscription=").append(notifications.figures()).append('\n');
		}
		Files.writeString(Path.of(file), p, StandardCharsets.UTF_8);
	}

	static String fmt(double value) {
		return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.2f", value);
	}

	private static int raw(Map<String, String> options) throws Exception {
		if (options.get("jdbc-url").isBlank()) {
			throw new BenchFailure("raw needs --jdbc-url");
		}
		var legacy = FhirBench.legacy(options);
		try (var db = HotPathBench.connect(legacy)) {
			int seconds = integer(options, "raw-seconds");
			double rate = HotPathBench.rawCommits(legacy, db, Duration.ofSeconds(seconds), "hub");
			out.printf(Locale.ROOT, "== raw PostgreSQL insert rate: %.0f single-row INSERT commits/s (8 threads, JDBC,"
					+ " autocommit, table bench_commit, %d s, %s)%n", rate, seconds, options.get("jdbc-url"));
			var file = options.get("results-file");
			if (!file.isBlank()) {
				Files.writeString(Path.of(file), "raw.commits_s=" + fmt(rate) + "\nraw.seconds=" + seconds + "\n",
						StandardCharsets.UTF_8);
			}
		}
		return 0;
	}
}
