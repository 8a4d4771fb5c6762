package jp.tsunagu.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;

import jp.tsunagu.bench.IdentityFlows.BenchUser;

/**
 * Activity events ingested per second: a partner back end posts {@code POST /api/v1/activities} with a
 * client-credentials access token (scope {@code activity.write}). Setup registers that partner as
 * the demo admin, and residents who register themselves and sign in once through it (their ID
 * token's {@code sub} names them in the events). Phases: warm-up, "new keys" (every key unique),
 * "10% repeats" (about one request in ten repeats a key acknowledged earlier: 200, no new row).
 * Every key sent is counted, so run.sh can compare with the rows in table {@code activity}.
 */
final class ActivityBench {

	static final List<String> STEPS = List.of("new key -> 201", "repeated key -> 200");

	private static final PrintStream out = System.out;

	private static final String[] PLACES = { "もみじ台 地域交流エリア", "青葉 集会所", "新さっぽろ 地域交流エリア" };

	private final Options options;

	private final URI base;

	private final Duration timeout;

	private final HttpClient http = Browser.newClient();

	private final CpuMeter cpu;

	private final String run = IdentityFlows.random().substring(0, 8);

	/** Every idempotency key sent (whatever the answer: a timed-out request may still have created a row). */
	private final Map<String, Boolean> sent = new ConcurrentHashMap<>();

	private final AtomicLong sequence = new AtomicLong();

	/** occurredAt is derived from the key and this instant, so a repeat sends exactly the same body. */
	private final Instant epoch = Instant.now().truncatedTo(ChronoUnit.SECONDS);

	private IdentityFlows.Client client;

	private volatile String accessToken;

	private List<String> subjects = List.of();

	/** Keys acknowledged (201 or 200), per worker: what the repeats pick from. */
	private List<List<String>> acknowledged;

	ActivityBench(Options options) throws BenchFailure {
		this.options = options;
		this.base = URI.create(options.get("base-url"));
		this.timeout = options.seconds("timeout");
		this.cpu = new CpuMeter(Long.parseLong(options.get("app-pid")), Integer.parseInt(options.get("clock-ticks")));
	}

	int setup() throws Exception {
		long started = System.nanoTime();
		out.println("== activity setup against " + base);
		var tsunagu = new TsunaguProvider(options);
		var admin = tsunagu.newBrowser();
		tsunagu.signIn(admin, options.get("admin-user"), options.get("admin-password"));
		var name = "tsunagu-bench-activity " + Instant.now().truncatedTo(ChronoUnit.SECONDS);
		client = tsunagu.registerClient(admin, name, URI.create(options.get("redirect-uri")),
				List.of("openid", "profile", "activity.write"), "openid profile", true);
		tsunagu.connect(client);
		out.println("   partner client " + client.id() + " registered by " + options.get("admin-user")
				+ " (confidential, back end: client_credentials; scopes openid profile activity.write)");

		int n = options.integer("activity-residents");
		var found = new ArrayList<String>();
		var browser = new Browser(Browser.newClient(), timeout, options.get("lang"));
		for (int i = 1; i <= n; i++) {
			var user = new BenchUser(i, "act" + run.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "") + i
					+ "@bench.example", options.get("user-password") + "-" + i);
			tsunagu.createUser(browser, user);
			var tokens = tsunagu.login(browser, user, true, IdentityFlows.Steps.NONE);
			found.add(SignedJWT.parse(tokens.idToken()).getJWTClaimsSet().getSubject());
			tsunagu.agreeToShareActivity(browser, client.id());
		}
		subjects = List.copyOf(found);
		out.printf(Locale.ROOT, "   %d residents registered on /register and signed in once through the partner"
				+ " (sub from their ID tokens), in %.1f s%n", subjects.size(), (System.nanoTime() - started) / 1e9);
		newToken();
		out.println("   client_credentials access token for scope activity.write: ok");
		return subjects.isEmpty() ? 1 : 0;
	}

	int measure() throws Exception {
		int concurrency = Math.max(1, options.integer("concurrency"));
		var warmup = options.seconds("warmup");
		var duration = options.seconds("duration");
		long maxOps = options.integer("max-ops");
		double share = Double.parseDouble(options.get("repeat-share"));
		acknowledged = new ArrayList<>();
		for (int w = 0; w < concurrency; w++) {
			acknowledged.add(new ArrayList<>());
		}
		long quietUntil = System.nanoTime() + options.seconds("quiet-wait").toNanos();
		out.println();
		out.println("== activity ingestion: POST /api/v1/activities (Bearer client_credentials token, JSON), "
				+ concurrency + " workers, warm-up " + warmup.toSeconds() + " s, then " + duration.toSeconds()
				+ " s per phase (at most " + maxOps + " requests); residents " + subjects.size()
				+ "; repeats in the second phase: " + Math.round(share * 100) + "% of requests");
		out.println("   command " + options.get("command"));
		var results = new ArrayList<Phase.Result>();
		if (!warmup.isZero()) {
			newToken();
			var r = Phase.run("warm-up (new keys)", concurrency, warmup, maxOps, timeout, STEPS, cpu, op(0));
			out.printf(Locale.ROOT, "   warm-up: %d ok, %d errors, %.1f/s (not measured)%n", r.recorder().successes(),
					r.recorder().failures(), r.throughput());
			Phase.errors(out, r);
		}
		Phase.waitForQuiet(out, cpu, quietUntil);
		newToken(); // access tokens live 10 minutes: a fresh one per phase
		results.add(Phase.run("new keys (201)", concurrency, duration, maxOps, timeout, STEPS, cpu, op(0)));
		Phase.waitForQuiet(out, cpu, quietUntil);
		newToken();
		results.add(Phase.run("~" + Math.round(share * 100) + "% repeated keys", concurrency, duration, maxOps, timeout,
				STEPS, cpu, op(share)));

		out.println();
		out.println("== results (latency of successful requests; ops/s = successes / wall time of the phase)");
		Phase.header(out);
		results.forEach(r -> Phase.row(out, r));
		out.println("   per kind of request in each phase:");
		for (var r : results) {
			out.println("   " + r.name() + ":");
			Phase.steps(out, r);
		}
		results.forEach(r -> Phase.errors(out, r));
		results.forEach(r -> Phase.cpu(out, r));
		out.println("   distinct idempotency keys sent (all phases incl. warm-up, any answer): " + sent.size());
		var file = Path.of(options.get("keys-file"));
		Files.writeString(file, "client_id=" + client.id() + "\nsubmitter=partner:" + client.id() + "\nkeys=" + sent.size()
				+ "\n", StandardCharsets.UTF_8);
		boolean clean = results.stream().allMatch(r -> r.recorder().failures() == 0 && !r.aborted());
		return clean ? 0 : 3;
	}

	/** One request: a new key, or (with probability {@code repeat}) one this worker had acknowledged. */
	private Phase.Operation op(double repeat) {
		return (worker, steps) -> {
			var mine = acknowledged.get(worker);
			boolean again = repeat > 0 && !mine.isEmpty() && ThreadLocalRandom.current().nextDouble() < repeat;
			String key = again ? mine.get(ThreadLocalRandom.current().nextInt(mine.size()))
					: "bench-" + run + "-" + worker + "-" + sequence.incrementAndGet();
			var subject = subjects.get(Math.floorMod(key.hashCode(), subjects.size()));
			var occurred = epoch.minusSeconds(60 + Math.floorMod(key.hashCode(), 86_400));
			var body = "{\"resident\":\"" + subject + "\",\"type\":\"CHECK_IN\",\"occurredAt\":\""
					+ occurred + "\",\"place\":\""
					+ PLACES[Math.floorMod(key.hashCode(), PLACES.length)] + "\",\"idempotencyKey\":\"" + key + "\"}";
			sent.put(key, Boolean.TRUE);
			long t = System.nanoTime();
			var response = http.send(HttpRequest.newBuilder(base.resolve("/api/v1/activities"))
				.timeout(timeout)
				.header("Authorization", "Bearer " + accessToken)
				.header("Content-Type", "application/json")
				.header("Accept", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
				.build(), HttpResponse.BodyHandlers.ofString());
			long took = System.nanoTime() - t;
			int expected = again ? 200 : 201;
			if (response.statusCode() != expected) {
				throw new BenchFailure("POST /api/v1/activities (" + (again ? "repeated" : "new") + " key) HTTP "
						+ response.statusCode() + ", expected " + expected, abbreviate(response.body()));
			}
			if (!response.body().contains("\"idempotencyKey\":\"" + key + "\"")) {
				throw new BenchFailure("POST /api/v1/activities: answer does not echo the key", abbreviate(response.body()));
			}
			steps[again ? 1 : 0] = took;
			if (!again) {
				mine.add(key);
			}
		};
	}

	/** The partner client registered in {@link #setup()} (for the hot-path measurement). */
	IdentityFlows.Client client() {
		return client;
	}

	/** The residents' {@code sub} as the partner knows them, from {@link #setup()}. */
	List<String> subjects() {
		return subjects;
	}

	/** A fresh client-credentials access token with {@code activity.write}. */
	String freshToken() throws IOException, InterruptedException, BenchFailure {
		newToken();
		return accessToken;
	}

	private void newToken() throws IOException, InterruptedException, BenchFailure {
		var basic = Base64.getEncoder()
			.encodeToString((Browser.encode(client.id()) + ":" + Browser.encode(client.secret()))
				.getBytes(StandardCharsets.UTF_8));
		var response = http.send(HttpRequest.newBuilder(base.resolve("/oauth2/token"))
			.timeout(timeout)
			.header("Authorization", "Basic " + basic)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Accept", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=activity.write"))
			.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new BenchFailure("POST /oauth2/token (client_credentials) HTTP " + response.statusCode(),
					abbreviate(response.body()));
		}
		try {
			var json = JSONObjectUtils.parse(response.body());
			var token = JSONObjectUtils.getString(json, "access_token");
			var scope = JSONObjectUtils.getString(json, "scope");
			if (token == null || scope == null || !List.of(scope.split(" ")).contains("activity.write")) {
				throw new BenchFailure("POST /oauth2/token (client_credentials): no token with activity.write",
						"scope=" + scope);
			}
			accessToken = token;
		}
		catch (ParseException ex) {
			throw new BenchFailure("POST /oauth2/token (client_credentials): not JSON");
		}
	}

	private static String abbreviate(String body) {
		var text = body == null ? "" : body.replaceAll("\\s+", " ");
		return text.length() > 300 ? text.substring(0, 300) + "..." : text;
	}
}
