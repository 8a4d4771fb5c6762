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
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import jp.tsunagu.bench.IdentityFlows.BenchUser;
import jp.tsunagu.bench.IdentityFlows.Client;

/**
 * Load generator for Sapporo Smart ID over HTTP.
 *
 * <pre>
 * java -jar bench/target/tsunagu-bench.jar setup   [options]   register users + partner client, consent once
 * java -jar bench/target/tsunagu-bench.jar measure [options]   warm-up, then "login" and "refresh" phases
 * java -jar bench/target/tsunagu-bench.jar all     [options]   both (no VACUUM ANALYZE in between)
 * </pre>
 *
 * Run {@code --help} for the options. Every loop stops by itself: on time and on an operation count.
 */
public final class OidcBench {

	private static final PrintStream out = System.out;

	private final Options options;

	private final URI base;

	private final HttpClient backEnd = Browser.newClient();

	private final CpuMeter cpu;

	private final Map<Integer, String> refreshTokens = new ConcurrentHashMap<>();

	private List<BenchUser> users = List.of();

	/** Deadline shared by all waits for other work on the machine to stop. */
	private long quietUntil;

	private IdentityFlows flows;

	private OidcBench(Options options) {
		this.options = options;
		this.base = URI.create(options.get("base-url"));
		this.cpu = new CpuMeter(Long.parseLong(options.get("app-pid")), Integer.parseInt(options.get("clock-ticks")));
	}

	public static void main(String[] args) throws Exception {
		if (args.length == 0 || Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
			out.println(Options.usage());
			return;
		}
		var mode = args[0];
		var options = Options.parse(Arrays.copyOfRange(args, 1, args.length));
		var bench = new OidcBench(options);
		int status;
		try {
			bench.checkLoopback();
			status = switch (mode) {
				case "setup" -> bench.setup();
				case "measure" -> bench.measure();
				case "all" -> {
					int s = bench.setup();
					yield s != 0 ? s : bench.measure();
				}
				case "activity" -> {
					var activity = new ActivityBench(options);
					int s = activity.setup();
					yield s != 0 ? s : activity.measure();
				}
				case "home" -> new HomeBench(options).run();
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

	private void checkLoopback() throws BenchFailure {
		var host = base.getHost();
		if (!("127.0.0.1".equals(host) || "localhost".equals(host) || "[::1]".equals(host))) {
			throw new BenchFailure("refusing to load " + base + ": only 127.0.0.1 is allowed");
		}
	}

	// ---- setup ---------------------------------------------------------------------------------

	private int setup() throws Exception {
		var started = System.nanoTime();
		var setupDeadline = started + options.seconds("setup-timeout").toNanos();
		out.println("== setup against " + base);
		waitUntilUp(Duration.ofSeconds(180));
		var discovery = IdentityFlows.discover(backEnd, base, options.seconds("timeout"));
		out.println("   issuer " + discovery.issuer() + ", code_challenge_methods_supported "
				+ discovery.codeChallengeMethods());
		if (!discovery.codeChallengeMethods().contains("S256")) {
			out.println("   PROBLEM: discovery does not advertise S256 PKCE");
		}
		flows = new IdentityFlows(base, discovery, backEnd, options.seconds("timeout"));
		flows.loadKeys();

		// The admin registers the partner service (a confidential client: code + PKCE + secret)
		var admin = new Browser(Browser.newClient(), options.seconds("timeout"), options.get("lang"));
		signInWithRetry(admin, options.get("admin-user"), options.get("admin-password"), Duration.ofSeconds(90));
		var name = "tsunagu-bench " + Instant.now().truncatedTo(ChronoUnit.SECONDS);
		var client = flows.registerClient(admin, name, URI.create(options.get("redirect-uri")),
				List.of(options.get("client-scopes").split(",")), options.get("scope"));
		flows.use(client);
		out.println("   partner client registered by " + options.get("admin-user") + ": " + client.id()
				+ " (confidential, client_secret_basic), scope requested: " + client.scope());

		// Residents register themselves, then sign in once through the partner and agree on the consent page
		int n = options.integer("users");
		users = newUsers(n);
		var registered = new AtomicInteger();
		var existed = new AtomicInteger();
		var failures = new ConcurrentHashMap<String, AtomicInteger>();
		var registration = new Recorder(List.of());
		var firstLogin = new Recorder(List.of());
		int threads = Math.max(1, options.integer("setup-threads"));
		out.println("   registering " + n + " residents with " + threads + " threads (each password is an argon2id hash)");
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
						boolean created = flows.register(browser, user);
						long r = System.nanoTime() - t;
						synchronized (registration) {
							registration.success(r);
						}
						(created ? registered : existed).incrementAndGet();
						t = System.nanoTime();
						var tokens = flows.login(browser, user, true, IdentityFlows.Steps.NONE);
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
		out.printf(Locale.ROOT, "   registered %d new, %d already there; registration p50 %s ms, p99 %s ms%n",
				registered.get(), existed.get(), Recorder.Stats.ms(reg.percentileMs(50)),
				Recorder.Stats.ms(reg.percentileMs(99)));
		out.printf(Locale.ROOT, "   first sign-in with consent + token exchange: %d ok, p50 %s ms, p99 %s ms%n",
				first.count(), Recorder.Stats.ms(first.percentileMs(50)), Recorder.Stats.ms(first.percentileMs(99)));
		failures.forEach((k, v) -> out.println("   ERROR x" + v + ": " + k));

		rotationCheck();
		users = users.stream().filter(u -> refreshTokens.containsKey(u.index())).toList();
		saveState();
		out.printf(Locale.ROOT, "   setup done in %.1f s: %d residents ready, state in %s%n",
				(System.nanoTime() - started) / 1e9, users.size(), options.get("state"));
		if (!failures.isEmpty()) {
			out.println("   PROBLEM: setup had errors (listed above); measuring with the residents that are ready");
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
				refreshTokens.put(user.index(), flows.login(newBrowser(), user, false, IdentityFlows.Steps.NONE)
					.refreshToken());
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

	private void signInWithRetry(Browser browser, String user, String password, Duration patience)
			throws Exception {
		long until = System.nanoTime() + patience.toNanos();
		while (true) {
			try {
				flows.signIn(browser, user, password);
				return;
			}
			catch (BenchFailure | IOException ex) {
				if (System.nanoTime() > until) {
					throw new BenchFailure("admin sign-in", ex.getMessage());
				}
				Thread.sleep(2000); // demo data may still be loading
			}
		}
	}

	private void waitUntilUp(Duration patience) throws Exception {
		long until = System.nanoTime() + patience.toNanos();
		String last = "";
		while (System.nanoTime() < until) {
			try {
				var response = backEnd.send(HttpRequest.newBuilder(base.resolve("/actuator/health"))
					.timeout(Duration.ofSeconds(5))
					.GET()
					.build(), HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
					return;
				}
				last = "HTTP " + response.statusCode();
			}
			catch (IOException ex) {
				last = ex.toString();
			}
			Thread.sleep(1000);
		}
		throw new BenchFailure("application not UP at " + base + "/actuator/health", last);
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
			throw new BenchFailure("no residents in " + options.get("state") + ": run setup first");
		}
		int concurrency = Math.max(1, options.integer("concurrency"));
		if (concurrency > users.size()) {
			out.println("   note: concurrency " + concurrency + " > residents " + users.size() + "; using " + users.size());
			concurrency = users.size();
		}
		var warmup = options.seconds("warmup");
		var duration = options.seconds("duration");
		long maxOps = options.integer("max-ops");
		var phases = List.of(options.get("phases").split(","));
		var workers = new ArrayList<Browser>();
		for (int w = 0; w < concurrency; w++) {
			workers.add(new Browser(Browser.newClient(), options.seconds("timeout"), options.get("lang")));
		}
		// Each worker has its own residents: nobody signs in twice at once, and a refresh-token chain
		// (which rotates) is only ever used by one worker.
		var partitions = new ArrayList<List<BenchUser>>();
		for (int w = 0; w < concurrency; w++) {
			final int worker = w;
			final int of = concurrency;
			partitions.add(users.stream().filter(u -> (u.index() - 1) % of == worker).toList());
		}

		var argon2 = HashCalibration.parse(options.get("argon2"));
		quietUntil = System.nanoTime() + options.seconds("quiet-wait").toNanos();
		waitForQuietMachine();
		printHeader(concurrency, warmup, duration, maxOps, argon2);

		var results = new LinkedHashMap<String, PhaseResult>();
		if (!warmup.isZero()) {
			out.println("== warm-up (not measured): " + warmup.toSeconds() + " s login, then " + warmup.toSeconds()
					+ " s refresh");
			for (var phase : phases) {
				var r = run(phase, workers, partitions, warmup, maxOps);
				out.printf(Locale.ROOT, "   %-8s %6d ok %5d errors  %.1f ops/s%n", phase, r.recorder.successes(),
						r.recorder.failures(), r.throughput());
				printErrors(r);
			}
		}
		for (var phase : phases) {
			if (!results.isEmpty()) {
				waitForQuietMachine();
			}
			out.println("== " + phase + ": " + concurrency + " workers, " + duration.toSeconds() + " s or "
					+ maxOps + " operations");
			var r = run(phase, workers, partitions, duration, maxOps);
			results.put(phase, r);
			out.printf(Locale.ROOT, "   %d ok, %d errors in %.1f s%s%n", r.recorder.successes(), r.recorder.failures(),
					r.seconds, r.aborted ? " (ABORTED: too many errors in a row)" : "");
		}
		saveState();
		printReport(results, concurrency);
		if (Boolean.parseBoolean(options.get("calibrate"))) {
			calibrate(argon2, results);
		}
		boolean clean = results.values().stream().allMatch(r -> r.recorder.failures() == 0 && !r.aborted);
		return clean ? 0 : 3;
	}

	/**
	 * Other work on a 2-CPU machine (someone's build or tests) halves the figures: wait, bounded,
	 * until the machine is mostly idle before measuring, and say what was seen.
	 */
	private void waitForQuietMachine() throws InterruptedException {
		int cpus = Runtime.getRuntime().availableProcessors();
		long until = quietUntil;
		boolean waited = false;
		while (true) {
			var before = cpu.sample();
			Thread.sleep(3000);
			var used = cpu.sample().minus(before);
			if (used.machine() < 0) {
				out.println("   (cannot read /proc/stat; not checking whether the machine is idle)");
				return;
			}
			double busy = used.machine() / (3.0 * cpus);
			if (busy < 0.15) {
				out.printf(Locale.ROOT, "== machine idle enough to measure: %.0f%% of %d CPUs busy over 3 s%s%n", busy * 100,
						cpus, waited ? " (after waiting)" : "");
				return;
			}
			if (System.nanoTime() > until) {
				out.printf(Locale.ROOT, "== WARNING: machine still %.0f%% busy with other work (waited up to --quiet-wait);"
						+ " measuring anyway, figures will be low%n", busy * 100);
				return;
			}
			if (!waited) {
				out.printf(Locale.ROOT, "   machine %.0f%% busy with other work; waiting (at most %d s more) for it to calm down%n",
						busy * 100, Math.max(0, (until - System.nanoTime()) / 1_000_000_000L));
			}
			waited = true;
		}
	}

	private record PhaseResult(Recorder recorder, double seconds, boolean aborted, CpuMeter.Sample cpu) {

		double throughput() {
			return seconds <= 0 ? 0 : recorder.successes() / seconds;
		}
	}

	private interface Operation {

		/** @return false if this resident cannot be used any more (dead refresh chain) */
		boolean run(Browser browser, BenchUser user, long[] steps) throws Exception;
	}

	private PhaseResult run(String phase, List<Browser> workers, List<List<BenchUser>> partitions, Duration length,
			long maxOps) throws Exception {
		List<String> stepNames;
		Operation operation;
		switch (phase) {
			case "login" -> {
				stepNames = IdentityFlows.LOGIN_STEPS;
				operation = (browser, user, steps) -> {
					var tokens = flows.login(browser, user, false, (i, nanos) -> steps[i] = nanos);
					refreshTokens.put(user.index(), tokens.refreshToken());
					return true;
				};
			}
			case "refresh" -> {
				stepNames = IdentityFlows.REFRESH_STEPS;
				operation = (browser, user, steps) -> {
					var token = refreshTokens.get(user.index());
					if (token == null) {
						return false;
					}
					try {
						refreshTokens.put(user.index(), flows.refresh(token).refreshToken());
					}
					catch (BenchFailure | IOException ex) {
						// The server may have rotated the token before the failure: this chain is over
						refreshTokens.remove(user.index());
						throw ex;
					}
					return true;
				};
			}
			default -> throw new BenchFailure("unknown phase " + phase + " (login, refresh)");
		}
		int concurrency = workers.size();
		var recorders = new ArrayList<Recorder>();
		var started = new AtomicLong();
		var abort = new AtomicBoolean();
		var ready = new CountDownLatch(concurrency);
		var go = new CountDownLatch(1);
		var done = new CountDownLatch(concurrency);
		var threads = new ArrayList<Thread>();
		var finishedAt = new AtomicLong();
		var deadlineHolder = new long[1];
		for (int w = 0; w < concurrency; w++) {
			var recorder = new Recorder(stepNames);
			recorders.add(recorder);
			var browser = workers.get(w);
			var mine = new ArrayList<>(partitions.get(w));
			var thread = new Thread(() -> {
				ready.countDown();
				try {
					go.await();
					long deadline = deadlineHolder[0];
					var steps = new long[stepNames.size()];
					int next = 0;
					int errorsInARow = 0;
					while (!mine.isEmpty() && !abort.get() && System.nanoTime() < deadline
							&& started.incrementAndGet() <= maxOps) {
						var user = mine.get(next++ % mine.size());
						Arrays.fill(steps, -1);
						long t = System.nanoTime();
						try {
							if (!operation.run(browser, user, steps)) {
								mine.remove(user);
								started.decrementAndGet();
								continue;
							}
							recorder.success(System.nanoTime() - t);
							for (int i = 0; i < steps.length; i++) {
								if (steps[i] >= 0) {
									recorder.step(i, steps[i]);
								}
							}
							errorsInARow = 0;
						}
						catch (BenchFailure ex) {
							recorder.failure(ex);
							errorsInARow++;
						}
						catch (IOException ex) {
							recorder.failure(new BenchFailure("I/O " + ex.getClass().getSimpleName(), ex.getMessage()));
							errorsInARow++;
						}
						catch (InterruptedException ex) {
							Thread.currentThread().interrupt();
							break;
						}
						catch (Exception ex) {
							recorder.failure(new BenchFailure("unexpected " + ex.getClass().getSimpleName(),
									ex.getMessage()));
							errorsInARow++;
						}
						if (errorsInARow >= 50) {
							abort.set(true);
						}
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				finally {
					finishedAt.accumulateAndGet(System.nanoTime(), Math::max);
					done.countDown();
				}
			}, phase + "-" + w);
			thread.setDaemon(true);
			threads.add(thread);
			thread.start();
		}
		ready.await();
		var cpuBefore = cpu.sample();
		long start = System.nanoTime();
		deadlineHolder[0] = start + length.toNanos();
		go.countDown();
		var grace = length.plus(options.seconds("timeout")).plusSeconds(10);
		if (!done.await(grace.toMillis(), TimeUnit.MILLISECONDS)) {
			abort.set(true);
			threads.forEach(Thread::interrupt);
			out.println("   phase " + phase + " overran its time; workers interrupted");
			done.await(10, TimeUnit.SECONDS);
			finishedAt.accumulateAndGet(System.nanoTime(), Math::max);
		}
		var cpuUsed = cpu.sample().minus(cpuBefore);
		return new PhaseResult(Recorder.merge(stepNames, recorders), (finishedAt.get() - start) / 1e9, abort.get(),
				cpuUsed);
	}

	// ---- report --------------------------------------------------------------------------------

	private void printHeader(int concurrency, Duration warmup, Duration duration, long maxOps,
			HashCalibration argon2) {
		out.println();
		out.println("== Sapporo Smart ID (Tsunagu identity) benchmark, " + Instant.now().truncatedTo(ChronoUnit.SECONDS));
		out.println("   target            " + base + " (issuer " + flows.discovery().issuer() + ")");
		out.println("   password hashing  " + argon2.describe());
		out.println("                     (" + options.get("argon2-source") + ")");
		out.println("   client secret     " + options.get("client-secret-hash"));
		out.println("   client            " + flows.client().id() + ", confidential, client_secret_basic, scope \""
				+ flows.client().scope() + "\"");
		out.println("   residents         " + users.size() + " (" + options.get("user-prefix") + "N@bench.example), "
				+ concurrency + " concurrent workers, each with its own residents");
		out.println("   phases            warm-up " + warmup.toSeconds() + " s each, then " + duration.toSeconds()
				+ " s each (at most " + maxOps + " operations)");
		out.println("   load generator    Java " + Runtime.version() + ", " + Runtime.getRuntime().availableProcessors()
				+ " CPUs visible (same machine as the server)");
		out.println("   command           " + options.get("command"));
		out.println("   generator command " + ProcessHandle.current().info().commandLine().orElse("?"));
	}

	private void printReport(Map<String, PhaseResult> results, int concurrency) {
		out.println();
		out.println("== results (latency of whole operations, successful ones only; ops/s = successes / wall time)");
		out.printf(Locale.ROOT, "%-8s %7s %7s %9s %8s %8s %8s %8s %8s%n", "phase", "ops", "errors", "ops/s",
				"mean ms", "p50 ms", "p90 ms", "p99 ms", "max ms");
		results.forEach((phase, r) -> {
			var s = r.recorder.stats();
			out.printf(Locale.ROOT, "%-8s %7d %7d %9.2f %8s %8s %8s %8s %8s%n", phase, r.recorder.successes(),
					r.recorder.failures(), r.throughput(), Recorder.Stats.ms(s.meanMs()),
					Recorder.Stats.ms(s.percentileMs(50)), Recorder.Stats.ms(s.percentileMs(90)),
					Recorder.Stats.ms(s.percentileMs(99)), Recorder.Stats.ms(s.maxMs()));
		});
		var login = results.get("login");
		if (login != null && login.recorder.successes() > 0) {
			out.println();
			out.println("   login = 5 HTTP requests; per step (ms):");
			out.printf(Locale.ROOT, "   %-50s %8s %8s %8s %8s%n", "step", "mean", "p50", "p99", "max");
			var names = login.recorder.stepNames();
			for (int i = 0; i < names.size(); i++) {
				var s = login.recorder.stepStats(i);
				out.printf(Locale.ROOT, "   %-50s %8s %8s %8s %8s%n", names.get(i), Recorder.Stats.ms(s.meanMs()),
						Recorder.Stats.ms(s.percentileMs(50)), Recorder.Stats.ms(s.percentileMs(99)),
						Recorder.Stats.ms(s.maxMs()));
			}
		}
		var refresh = results.get("refresh");
		if (refresh != null) {
			out.println("   refresh = 1 HTTP request: POST /oauth2/token grant_type=refresh_token with client_secret_basic;"
					+ " answer: rotated refresh token, new access and ID token");
		}
		results.values().forEach(this::printErrors);
		out.println();
		int cpus = Runtime.getRuntime().availableProcessors();
		out.println("   CPU time during each phase (from /proc), per successful operation:");
		results.forEach((phase, r) -> {
			long ops = Math.max(1, r.recorder.successes());
			var c = r.cpu;
			out.printf(Locale.ROOT, "   %-8s server %s, PostgreSQL %s, load generator %s%n", phase,
					perOp(c.app(), ops), perOp(c.postgres(), ops), perOp(c.generator(), ops));
			out.printf(Locale.ROOT, "   %-8s machine busy %s of %.1f CPU-seconds; other processes (not this benchmark) %s%s%n",
					"", c.machine() < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f", c.machine()), r.seconds * cpus,
					c.others() < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f s", c.others()),
					c.others() > 0.1 * r.seconds * cpus ? "  <- DISTURBED: something else was using the CPUs" : "");
		});
		out.println("   concurrency " + concurrency + "; the load generator shares the CPUs with the server and"
				+ " PostgreSQL, so these are figures for this machine, not for a deployment.");
	}

	/** What one argon2id hash costs here, and the throughput ceiling it sets. */
	private void calibrate(HashCalibration argon2, Map<String, PhaseResult> results) throws Exception {
		int cpus = Runtime.getRuntime().availableProcessors();
		waitForQuietMachine();
		var before = cpu.sample();
		long t = System.nanoTime();
		double ms = argon2.singleThreadMs(15);
		double rate = argon2.hashesPerSecond(cpus, 10);
		var used = cpu.sample().minus(before);
		double others = used.others() < 0 ? -1 : Math.max(0, used.machine() - used.generator() - used.postgres());
		double available = (System.nanoTime() - t) / 1e9 * cpus;
		out.println();
		out.printf(Locale.ROOT, "== argon2id cost on this machine (BouncyCastle 1.82 in the load generator's JVM, server idle)%n");
		out.printf(Locale.ROOT, "   one hash: %.1f ms on one thread; %.1f hashes/s with %d threads%s%n", ms, rate, cpus,
				others > 0.1 * available ? String.format(Locale.ROOT,
						"  <- DISTURBED: %.1f of %.1f CPU-seconds went to other processes", others, available) : "");
		// A login hashes the password; the token requests hash the client secret only if it is stored with argon2id
		int secretHashes = options.get("client-secret-hash").startsWith("argon2id") ? 1 : 0;
		out.printf(Locale.ROOT, "   argon2id hashes per operation: login %d (password%s), refresh %d%n", 1 + secretHashes,
				secretHashes == 1 ? " + client secret" : "; client secret is not argon2id", secretHashes);
		results.forEach((phase, r) -> {
			int perOp = phase.equals("login") ? 1 + secretHashes : secretHashes;
			if (perOp == 0) {
				out.printf(Locale.ROOT, "   %-8s not bounded by argon2id%n", phase);
				return;
			}
			out.printf(Locale.ROOT, "   %-8s ceiling if hashing were the only work %.1f/s; reached %.0f%% of it%n", phase,
					rate / perOp, 100 * r.throughput() * perOp / rate);
		});
	}

	private static String perOp(double seconds, long ops) {
		return seconds < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f ms/op (%.1f s)", seconds * 1000 / ops, seconds);
	}

	private void printErrors(PhaseResult r) {
		r.recorder.errors().forEach((kind, count) -> out.println("   ERROR x" + count + ": "
				+ r.recorder.errorSamples().getOrDefault(kind, kind)));
	}

	// ---- state between "setup" and "measure" ---------------------------------------------------

	private void saveState() throws IOException {
		var props = new Properties();
		props.setProperty("base.url", base.toString());
		var client = flows.client();
		props.setProperty("client.id", client.id());
		props.setProperty("client.secret", client.secret());
		props.setProperty("client.redirect_uri", client.redirectUri().toString());
		props.setProperty("client.scope", client.scope());
		props.setProperty("users", users.stream().map(u -> String.valueOf(u.index())).collect(Collectors.joining(",")));
		for (var u : users) {
			props.setProperty("user." + u.index() + ".login", u.loginName());
			props.setProperty("user." + u.index() + ".password", u.password());
			var rt = refreshTokens.get(u.index());
			if (rt != null) {
				props.setProperty("user." + u.index() + ".refresh_token", rt);
			}
		}
		var path = Path.of(options.get("state"));
		if (path.getParent() != null) {
			Files.createDirectories(path.getParent());
		}
		try (var writer = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
			props.store(writer, "tsunagu-bench state (secrets of a throw-away benchmark database)");
		}
	}

	private void loadState() throws Exception {
		var path = Path.of(options.get("state"));
		if (!Files.exists(path)) {
			throw new BenchFailure("no state file " + path + ": run setup first");
		}
		var props = new Properties();
		try (var reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
			props.load(reader);
		}
		if (!base.toString().equals(props.getProperty("base.url"))) {
			throw new BenchFailure("state file " + path + " is for " + props.getProperty("base.url"));
		}
		var discovery = IdentityFlows.discover(backEnd, base, options.seconds("timeout"));
		flows = new IdentityFlows(base, discovery, backEnd, options.seconds("timeout"));
		flows.loadKeys();
		flows.use(new Client(props.getProperty("client.id"), props.getProperty("client.secret"),
				URI.create(props.getProperty("client.redirect_uri")), props.getProperty("client.scope")));
		var list = new ArrayList<BenchUser>();
		for (var id : props.getProperty("users", "").split(",")) {
			if (id.isBlank()) {
				continue;
			}
			int i = Integer.parseInt(id.strip());
			list.add(new BenchUser(i, props.getProperty("user." + i + ".login"),
					props.getProperty("user." + i + ".password")));
			var rt = props.getProperty("user." + i + ".refresh_token");
			if (rt != null) {
				refreshTokens.put(i, rt);
			}
		}
		users = List.copyOf(list);
	}

	private static java.util.concurrent.ThreadFactory daemon(String name) {
		var counter = new AtomicInteger();
		return r -> {
			var t = new Thread(r, name + "-" + counter.incrementAndGet());
			t.setDaemon(true);
			return t;
		};
	}

	// ---- options -------------------------------------------------------------------------------

	static final class Options {

		private static final Map<String, String[]> DEFAULTS = new LinkedHashMap<>();

		static {
			def("base-url", "http://127.0.0.1:18080", "the running application (127.0.0.1 only)");
			def("users", "50", "residents registered by setup");
			def("setup-threads", "3", "threads registering residents during setup");
			def("concurrency", "4", "concurrent workers in each phase");
			def("warmup", "10", "seconds of unmeasured load per phase before measuring");
			def("duration", "30", "seconds per measured phase");
			def("max-ops", "100000", "at most this many operations per phase (stops earlier than --duration)");
			def("phases", "login,refresh", "phases to measure, in order");
			def("timeout", "30", "seconds before one HTTP request counts as failed");
			def("setup-timeout", "900", "seconds the whole setup may take");
			def("state", "bench/results/state.properties", "where setup leaves client and residents for measure");
			def("admin-user", "admin@demo.tsunagu.example", "administrator who registers the partner client");
			def("admin-password", "tsunagu-demo-2026", "their password (demo data)");
			def("user-prefix", "bench", "residents are <prefix>N@bench.example");
			def("user-password", "bench-password", "residents' passwords are <this>-N");
			def("redirect-uri", "http://127.0.0.1:9999/cb", "redirect URI of the partner client (never called)");
			def("client-scopes", "openid,profile,area,offline_access", "scopes the partner client is allowed");
			def("scope", "openid profile area", "scope requested at the authorization endpoint");
			def("lang", "ja", "Accept-Language of the residents' browsers");
			def("argon2", "m=7168,t=5,p=1,salt=16,hash=32", "argon2id settings the server uses (printed, and timed)");
			def("argon2-source", "defaults of tsunagu.identity.password.* in IdentitySettings, not read from the server",
					"where --argon2 comes from (run.sh reads it from the stored hashes)");
			def("client-secret-hash", "(not given; run.sh reads it from the stored client secret)",
					"how the server stores the client secret; if it starts with \"argon2id\" each token request costs a hash");
			def("calibrate", "true", "time argon2id hashes on this machine after the phases (true/false)");
			def("command", "(not given)", "command line to print as the way to reproduce");
			def("quiet-wait", "300", "seconds to wait for other work on the machine to stop before measuring");
			def("app-pid", "0", "process id of the server, to report the CPU it used (0: unknown)");
			def("clock-ticks", "100", "getconf CLK_TCK, for /proc CPU times");
			def("activity-residents", "10", "activity: residents registered and signed in once (their sub is used)");
			def("repeat-share", "0.1", "activity: share of requests repeating an acknowledged key in the second phase");
			def("keys-file", "bench/results/activity-keys.properties",
					"activity: where the number of distinct idempotency keys sent is written (run.sh compares with psql)");
			def("home-user", "resident@demo.tsunagu.example", "home: the resident whose home page is requested");
			def("home-password", "tsunagu-demo-2026", "home: their password (demo data)");
			def("home-workers", "1,4", "home: the phases, as numbers of concurrent workers");
			def("ward", "?", "home: number of demo residents of the server (printed only)");
		}

		private final Map<String, String> values;

		private Options(Map<String, String> values) {
			this.values = values;
		}

		private static void def(String name, String value, String help) {
			DEFAULTS.put(name, new String[] { value, help });
		}

		static Options parse(String[] args) throws BenchFailure {
			var values = new LinkedHashMap<String, String>();
			DEFAULTS.forEach((k, v) -> values.put(k, v[0]));
			for (int i = 0; i < args.length; i++) {
				var arg = args[i];
				if (!arg.startsWith("--")) {
					throw new BenchFailure("unexpected argument " + arg);
				}
				String name;
				String value;
				if (arg.contains("=")) {
					name = arg.substring(2, arg.indexOf('='));
					value = arg.substring(arg.indexOf('=') + 1);
				}
				else {
					name = arg.substring(2);
					if (i + 1 >= args.length) {
						throw new BenchFailure("option --" + name + " needs a value");
					}
					value = args[++i];
				}
				if (!DEFAULTS.containsKey(name)) {
					throw new BenchFailure("unknown option --" + name);
				}
				values.put(name, value);
			}
			return new Options(values);
		}

		String get(String name) {
			return values.get(name);
		}

		int integer(String name) throws BenchFailure {
			try {
				return Integer.parseInt(values.get(name).strip());
			}
			catch (NumberFormatException ex) {
				throw new BenchFailure("--" + name + " must be a number");
			}
		}

		Duration seconds(String name) throws BenchFailure {
			return Duration.ofSeconds(integer(name));
		}

		static String usage() {
			var text = new StringBuilder("""
					Sapporo Smart ID load generator (logins with code + PKCE, refresh-token grants).

					usage: java -jar tsunagu-bench.jar setup|measure|all|activity|home [--option=value ...]
					  setup    register residents (self-registration) and a confidential partner client
					           (as the demo admin), sign each resident in once and agree on the consent page
					  measure  warm-up, then the "login" and "refresh" phases; prints the report
					  all      setup then measure (bench/run.sh runs VACUUM ANALYZE between the two instead)
					  activity partner client (client_credentials, activity.write) and residents, then
					           POST /api/activities: warm-up, new keys, ~10% repeated keys
					  home     GET / as the demo resident, with 1 and 4 workers (server time from actuator)

					options:
					""");
			DEFAULTS.forEach((k, v) -> text.append(String.format(Locale.ROOT, "  --%-15s %s (default: %s)%n", k, v[1],
					v[0])));
			return text.toString();
		}
	}
}
