package jp.tsunagu.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jp.tsunagu.bench.IdentityFlows.BenchUser;

/**
 * Load generator for OpenID Connect providers over HTTP: Sapporo Smart ID (Tsunagu) and, as the
 * reference, Keycloak ({@code --provider}), driven the same way.
 *
 * <pre>
 * java -jar bench/target/tsunagu-bench.jar setup   [options]   users + partner client, first sign-in of each
 * java -jar bench/target/tsunagu-bench.jar measure [options]   warm-up, then the phases (--phases)
 * java -jar bench/target/tsunagu-bench.jar all     [options]   both (no VACUUM ANALYZE in between)
 * java -jar bench/target/tsunagu-bench.jar compare --compare=keycloak=a.properties,tsunagu=b.properties
 * </pre>
 *
 * Run {@code --help} for the options. Every loop stops by itself: on time and on an operation count.
 */
public final class OidcBench {

	private static final PrintStream out = System.out;

	private final Options options;

	private final URI base;

	private final CpuMeter cpu;

	private final Map<Integer, String> refreshTokens = new ConcurrentHashMap<>();

	private final Provider provider;

	private List<BenchUser> users = List.of();

	private IdentityFlows flows;

	private OidcBench(Options options) throws BenchFailure {
		this.options = options;
		this.base = URI.create(options.get("base-url"));
		this.cpu = new CpuMeter(Long.parseLong(options.get("app-pid")), Integer.parseInt(options.get("clock-ticks")));
		this.provider = Provider.of(options);
	}

	public static void main(String[] args) throws Exception {
		if (args.length == 0 || Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
			out.println(Options.usage());
			return;
		}
		var mode = args[0];
		int status;
		try {
			var options = Options.parse(Arrays.copyOfRange(args, 1, args.length));
			checkLoopback(URI.create(options.get("base-url")));
			status = switch (mode) {
				case "setup" -> new OidcBench(options).setup();
				case "measure" -> new OidcBench(options).measure();
				case "all" -> {
					var bench = new OidcBench(options);
					int s = bench.setup();
					yield s != 0 ? s : bench.measure();
				}
				case "compare" -> Comparison.run(options);
				case "jfr-summary" -> JfrSummary.run(options);
				case "activity" -> {
					var activity = new ActivityBench(options);
					int s = activity.setup();
					yield s != 0 ? s : activity.measure();
				}
				case "home" -> new HomeBench(options).run();
				case "hotpath" -> new HotPathBench(options).run();
				case "redeem" -> new RedeemBench(options).run();
				default -> {
					out.println("Unknown mode " + mode + "\n\n" + Options.usage());
					yield 2;
				}
			};
		}
		catch (BenchFailure ex) {
			out.println("FAILED: " + ex.getMessage());
			status = 1;
		}
		out.flush();
		// Worker threads are daemons; a request stuck past its timeout never keeps the JVM alive.
		System.exit(status);
	}

	private static void checkLoopback(URI base) throws BenchFailure {
		var host = base.getHost();
		if (!("127.0.0.1".equals(host) || "localhost".equals(host) || "[::1]".equals(host))) {
			throw new BenchFailure("refusing to load " + base + ": only 127.0.0.1 is allowed");
		}
	}

	private List<String> phases() {
		return List.of(options.get("phases").split(","));
	}

	// ---- setup ---------------------------------------------------------------------------------

	private int setup() throws Exception {
		var started = System.nanoTime();
		var setupDeadline = started + options.seconds("setup-timeout").toNanos();
		out.println("== setup against " + base + ": " + provider.title());
		boolean backEnd = phases().contains("client-credentials");
		var name = "tsunagu-bench " + Instant.now().truncatedTo(ChronoUnit.SECONDS);
		flows = provider.prepare(name, URI.create(options.get("redirect-uri")), backEnd);
		var discovery = flows.discovery();
		out.println("   issuer " + discovery.issuer() + ", code_challenge_methods_supported "
				+ discovery.codeChallengeMethods());
		if (!discovery.codeChallengeMethods().contains("S256")) {
			out.println("   PROBLEM: discovery does not advertise S256 PKCE");
		}
		var client = flows.client();
		out.println("   partner client " + client.id() + " (confidential, client_secret_basic, PKCE S256"
				+ (backEnd ? ", client_credentials" : "") + "), scope requested: " + client.scope());

		// Users are created, then each signs in once through the partner (agreeing where asked)
		int n = options.integer("users");
		users = newUsers(n);
		var registered = new AtomicInteger();
		var existed = new AtomicInteger();
		var failures = new ConcurrentHashMap<String, AtomicInteger>();
		var registration = new Recorder(List.of());
		var firstLogin = new Recorder(List.of());
		int threads = Math.max(1, options.integer("setup-threads"));
		out.println("   " + n + " users, " + threads + " threads: " + provider.howUsersAreCreated()
				+ "; each password is an argon2id hash");
		try (ExecutorService pool = Executors.newFixedThreadPool(threads, daemon("setup"))) {
			var browsers = ThreadLocal.withInitial(this::newBrowser);
			for (var user : users) {
				pool.submit(() -> {
					if (System.nanoTime() > setupDeadline) {
						failures.computeIfAbsent("setup timed out", k -> new AtomicInteger()).incrementAndGet();
						return;
					}
					var browser = browsers.get();
					try {
						long t = System.nanoTime();
						boolean created = provider.createUser(browser, user);
						long r = System.nanoTime() - t;
						synchronized (registration) {
							registration.success(r);
						}
						(created ? registered : existed).incrementAndGet();
						t = System.nanoTime();
						var tokens = provider.login(browser, user, true, IdentityFlows.Steps.NONE);
						long l = System.nanoTime() - t;
						synchronized (firstLogin) {
							firstLogin.success(l);
						}
						refreshTokens.put(user.index(), tokens.refreshToken());
					}
					catch (BenchFailure ex) {
						failures.computeIfAbsent(ex.getMessage(), k -> new AtomicInteger()).incrementAndGet();
					}
					catch (Exception ex) {
						failures.computeIfAbsent("I/O " + ex, k -> new AtomicInteger()).incrementAndGet();
					}
				});
			}
			pool.shutdown();
			if (!pool.awaitTermination(Math.max(1, setupDeadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
				pool.shutdownNow();
				out.println("   setup timed out");
			}
		}
		var reg = registration.stats();
		var first = firstLogin.stats();
		out.printf(Locale.ROOT, "   created %d new, %d already there; creation p50 %s ms, p99 %s ms%n",
				registered.get(), existed.get(), Recorder.Stats.ms(reg.percentileMs(50)),
				Recorder.Stats.ms(reg.percentileMs(99)));
		out.printf(Locale.ROOT, "   first sign-in (with consent where asked) + token exchange: %d ok, p50 %s ms, p99 %s ms%n",
				first.count(), Recorder.Stats.ms(first.percentileMs(50)), Recorder.Stats.ms(first.percentileMs(99)));
		failures.forEach((k, v) -> out.println("   ERROR x" + v + ": " + k));

		rotationCheck();
		if (backEnd) {
			try {
				var token = flows.clientCredentials(provider.clientCredentialsScope());
				out.println("   client_credentials for scope " + provider.clientCredentialsScope() + ": ok, "
						+ (IdentityFlows.isJwt(token) ? "a JWT access token (signature, iss, exp verified)"
								: "an opaque access token (" + token.length() + " characters)"));
			}
			catch (BenchFailure ex) {
				out.println("   PROBLEM: client_credentials failed: " + ex.getMessage());
			}
		}
		users = users.stream().filter(u -> refreshTokens.containsKey(u.index())).toList();
		saveState();
		out.printf(Locale.ROOT, "   setup done in %.1f s: %d users ready, state in %s%n",
				(System.nanoTime() - started) / 1e9, users.size(), options.get("state"));
		if (!failures.isEmpty()) {
			out.println("   PROBLEM: setup had errors (listed above); measuring with the users that are ready");
		}
		return users.isEmpty() ? 1 : 0;
	}

	/**
	 * Refresh tokens rotate: the old one must be refused. Also tells whether presenting a rotated
	 * token revokes the rest of the chain (what OAuth 2.1 / RFC 9700 recommend for public clients).
	 */
	private void rotationCheck() throws IOException, InterruptedException {
		var user = users.stream().filter(u -> refreshTokens.containsKey(u.index())).findFirst().orElse(null);
		if (user == null) {
			return;
		}
		try {
			var old = refreshTokens.get(user.index());
			var next = flows.refresh(old).refreshToken();
			refreshTokens.put(user.index(), next);
			var reuse = flows.refreshOutcome(old);
			out.println("   rotation check: presenting the rotated (old) refresh token -> " + reuse
					+ (reuse.startsWith("HTTP 400 invalid_grant") ? " (refused, ok)"
							: "  PROBLEM: expected HTTP 400 invalid_grant"));
			try {
				refreshTokens.put(user.index(), flows.refresh(next).refreshToken());
				out.println("   rotation check: the newest refresh token of that chain still works after the reuse"
						+ " (the grant is not revoked on reuse)");
			}
			catch (BenchFailure ex) {
				out.println("   rotation check: the newest refresh token is refused after the reuse (" + ex.getMessage()
						+ "): the grant was revoked; signing in again");
				refreshTokens.put(user.index(),
						provider.login(newBrowser(), user, false, IdentityFlows.Steps.NONE).refreshToken());
			}
		}
		catch (BenchFailure ex) {
			out.println("   PROBLEM: rotation check failed: " + ex.getMessage());
		}
	}

	private Browser newBrowser() {
		try {
			return new Browser(Browser.newClient(), options.seconds("timeout"), options.get("lang"));
		}
		catch (BenchFailure ex) {
			throw new IllegalArgumentException(ex.getMessage(), ex);
		}
	}

	private List<BenchUser> newUsers(int n) {
		var list = new ArrayList<BenchUser>();
		for (int i = 1; i <= n; i++) {
			list.add(new BenchUser(i, options.get("user-prefix") + i + "@bench.example",
					options.get("user-password") + "-" + i));
		}
		return List.copyOf(list);
	}

	// ---- measurement ---------------------------------------------------------------------------

	private int measure() throws Exception {
		if (flows == null) {
			loadState();
		}
		if (users.isEmpty()) {
			throw new BenchFailure("no users in " + options.get("state") + ": run setup first");
		}
		int concurrency = Math.max(1, options.integer("concurrency"));
		if (concurrency > users.size()) {
			out.println("   note: concurrency " + concurrency + " > users " + users.size() + "; using " + users.size());
			concurrency = users.size();
		}
		var warmup = options.seconds("warmup");
		var duration = options.seconds("duration");
		var timeout = options.seconds("timeout");
		long maxOps = options.integer("max-ops");
		var browsers = new ArrayList<Browser>();
		// Each worker has its own users: nobody signs in twice at once, and a refresh-token chain
		// (which rotates) is only ever used by one worker.
		var partitions = new ArrayList<List<BenchUser>>();
		for (int w = 0; w < concurrency; w++) {
			browsers.add(newBrowser());
			final int worker = w;
			final int of = concurrency;
			partitions.add(users.stream().filter(u -> (u.index() - 1) % of == worker).toList());
		}

		var report = new OidcReport(options, provider, flows, cpu);
		var argon2 = HashCalibration.parse(options.get("argon2"));
		long quietUntil = System.nanoTime() + options.seconds("quiet-wait").toNanos();
		Phase.waitForQuiet(out, cpu, quietUntil);
		long idleRss = RssSampler.rssKib(cpu.appPid());
		report.header(users.size(), concurrency, argon2, idleRss);

		var results = new LinkedHashMap<String, Phase.Result>();
		var windows = new LinkedHashMap<String, long[]>(); // wall-clock start and end, for a JFR recording
		int retries = options.integer("disturbed-retries");
		// Each phase right after its own warm-up: what one phase leaves in the database (rows, dead
		// tuples) then weighs on the phases after it only, as it would in the same order without warm-up.
		for (var phase : phases()) {
			if (!warmup.isZero()) {
				var r = Phase.run(phase, concurrency, warmup, maxOps, timeout, steps(phase), cpu,
						OidcOperations.of(phase, provider, flows, refreshTokens, browsers, partitions));
				out.printf(Locale.ROOT, "== warm-up %s (not measured): %d s, %d ok, %d errors, %.1f ops/s%s%n", phase,
						warmup.toSeconds(), r.recorder().successes(), r.recorder().failures(), r.throughput(),
						r.aborted() ? "  ABORTED" : "");
				Phase.errors(out, r);
			}
			for (int attempt = 0;; attempt++) {
				Phase.waitForQuiet(out, cpu,
						attempt == 0 ? quietUntil : System.nanoTime() + options.seconds("quiet-wait").toNanos());
				out.println("== " + phase + ": " + concurrency + " workers, " + duration.toSeconds() + " s or " + maxOps
						+ " operations" + (attempt > 0 ? " (again: attempt " + (attempt + 1) + ")" : ""));
				long from = System.currentTimeMillis();
				var r = Phase.run(phase, concurrency, duration, maxOps, timeout, steps(phase), cpu,
						OidcOperations.of(phase, provider, flows, refreshTokens, browsers, partitions));
				windows.put(phase, new long[] { from, System.currentTimeMillis() });
				results.put(phase, r);
				out.printf(Locale.ROOT, "   %d ok, %d errors in %.1f s%s%n", r.recorder().successes(),
						r.recorder().failures(), r.seconds(), r.aborted() ? " (ABORTED: too many errors in a row)" : "");
				// Someone else's build on this 2-CPU machine halves the figures: measure such a phase again
				double others = r.cpu().others();
				if (others <= 0.1 * r.seconds() * Runtime.getRuntime().availableProcessors() || attempt >= retries) {
					break;
				}
				out.printf(Locale.ROOT, "   DISTURBED: other processes used %.1f CPU-seconds during the phase;"
						+ " measuring it again (at most %d times)%n", others, retries);
			}
		}
		saveState();
		report.results(results, concurrency);
		if (Boolean.parseBoolean(options.get("calibrate"))) {
			report.calibrate(argon2, results, quietUntil);
		}
		if (!options.get("results-file").isBlank()) {
			report.write(Path.of(options.get("results-file")), results, windows, idleRss, concurrency);
		}
		boolean clean = results.values().stream().allMatch(r -> r.recorder().failures() == 0 && !r.aborted());
		return clean ? 0 : 3;
	}

	private List<String> steps(String phase) {
		return phase.equals("login") ? provider.loginSteps() : List.of();
	}

	// ---- state between "setup" and "measure" ---------------------------------------------------

	private void saveState() throws IOException {
		new BenchState(provider.id(), flows.client(), users, refreshTokens).save(Path.of(options.get("state")), base);
	}

	private void loadState() throws Exception {
		var state = BenchState.load(Path.of(options.get("state")), base, provider.id(), refreshTokens);
		flows = provider.connect(state.client());
		users = state.users();
	}

	private static java.util.concurrent.ThreadFactory daemon(String name) {
		var counter = new AtomicInteger();
		return r -> {
			var t = new Thread(r, name + "-" + counter.incrementAndGet());
			t.setDaemon(true);
			return t;
		};
	}
}
