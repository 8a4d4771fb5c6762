package jp.tsunagu.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.nimbusds.jose.util.JSONObjectUtils;

/**
 * The resident's home page ({@code GET /}, HTML) for a signed-in resident: sequential requests per
 * worker (closed loop), with 1 and with 4 workers by default. Each worker is its own browser signed
 * in with the form (its own session). Client-side latency is over loopback; the server's own time
 * comes from {@code /actuator/metrics/http.server.requests?tag=uri:/} (read as the demo admin),
 * as the difference of COUNT and TOTAL_TIME across each phase.
 */
final class HomeBench {

	private static final PrintStream out = System.out;

	private final Options options;

	private final URI base;

	private final Duration timeout;

	private final CpuMeter cpu;

	private final List<Browser> residents = new ArrayList<>();

	private Browser admin;

	private TsunaguProvider tsunagu;

	HomeBench(Options options) throws BenchFailure {
		this.options = options;
		this.base = URI.create(options.get("base-url"));
		this.timeout = options.seconds("timeout");
		this.cpu = new CpuMeter(Long.parseLong(options.get("app-pid")), Integer.parseInt(options.get("clock-ticks")));
	}

	/** A server-side view of one phase: requests to {@code /} counted by the server, and their time. */
	private record ServerTime(double count, double totalSeconds, double maxSeconds) {

		ServerTime minus(ServerTime before) {
			return new ServerTime(count - before.count, totalSeconds - before.totalSeconds, maxSeconds);
		}

		double meanMs() {
			return count <= 0 ? Double.NaN : totalSeconds * 1000 / count;
		}
	}

	int run() throws Exception {
		tsunagu = new TsunaguProvider(options);
		var workerCounts = new ArrayList<Integer>();
		for (var w : options.get("home-workers").split(",")) {
			workerCounts.add(Integer.parseInt(w.strip()));
		}
		int most = workerCounts.stream().mapToInt(Integer::intValue).max().orElse(1);
		for (int w = 0; w < most; w++) {
			var browser = new Browser(Browser.newClient(), timeout, options.get("lang"));
			tsunagu.signIn(browser, options.get("home-user"), options.get("home-password"));
			check(browser.get(base.resolve("/")));
			residents.add(browser);
		}
		out.println("== home page: GET / as " + options.get("home-user") + " (form login at /login with _csrf; "
				+ most + " sessions, one per worker); HTML answer checked (200, the resident's home, not the login page)");
		admin = new Browser(Browser.newClient(), timeout, options.get("lang"));
		ServerTime probe = null;
		try {
			tsunagu.signIn(admin, options.get("admin-user"), options.get("admin-password"));
			probe = serverTime();
		}
		catch (BenchFailure | IOException ex) {
			out.println("   server timing not available: " + ex.getMessage());
			admin = null;
		}
		if (probe != null) {
			out.println("   server timing from /actuator/metrics/http.server.requests?tag=uri:/&tag=method:GET&tag=status:200"
					+ " (read as " + options.get("admin-user") + ", ADMIN role)");
		}
		var warmup = options.seconds("warmup");
		var duration = options.seconds("duration");
		long maxOps = options.integer("max-ops");
		long quietUntil = System.nanoTime() + options.seconds("quiet-wait").toNanos();
		out.println("   command " + options.get("command"));
		if (!warmup.isZero()) {
			var r = Phase.run("warm-up", most, warmup, maxOps, timeout, List.of(), cpu, op());
			out.printf(Locale.ROOT, "   warm-up (%d workers, %d s, not measured): %d ok, %d errors, %.1f/s%n", most,
					warmup.toSeconds(), r.recorder().successes(), r.recorder().failures(), r.throughput());
			Phase.errors(out, r);
		}
		var results = new ArrayList<Phase.Result>();
		var server = new ArrayList<ServerTime>();
		for (int workers : workerCounts) {
			Phase.waitForQuiet(out, cpu, quietUntil);
			var before = admin == null ? null : serverTime();
			var r = Phase.run("GET / " + workers + " worker" + (workers == 1 ? "" : "s"), workers, duration, maxOps,
					timeout, List.of(), cpu, op());
			var after = admin == null ? null : serverTime();
			results.add(r);
			server.add(before == null || after == null ? null : after.minus(before));
		}
		out.println();
		out.println("== results, ward of " + options.get("ward") + " demo residents (client-side latency over loopback"
				+ " of successful requests; ops/s = successes / wall time)");
		Phase.header(out);
		results.forEach(r -> Phase.row(out, r));
		for (int i = 0; i < results.size(); i++) {
			var s = server.get(i);
			var r = results.get(i);
			if (s != null) {
				out.printf(Locale.ROOT, "   %-22s server time (Micrometer, COUNT and TOTAL_TIME before/after the phase):"
						+ " %.0f requests, mean %.1f ms (vs client-side mean %s ms); MAX %.1f ms is Micrometer's rolling"
						+ " window, warm-up included%n", r.name(), s.count(), s.meanMs(),
						Recorder.Stats.ms(r.recorder().stats().meanMs()), s.maxSeconds() * 1000);
			}
		}
		results.forEach(r -> Phase.errors(out, r));
		results.forEach(r -> Phase.cpu(out, r));
		boolean clean = results.stream().allMatch(r -> r.recorder().failures() == 0 && !r.aborted());
		return clean ? 0 : 3;
	}

	private Phase.Operation op() {
		return (worker, steps) -> check(residents.get(worker).get(base.resolve("/")));
	}

	private static void check(Browser.Page page) throws BenchFailure {
		if (page.status() != 200) {
			throw new BenchFailure("GET / " + page.describe() + ", expected HTTP 200");
		}
		var body = page.body();
		if (!body.contains("<h1") || body.contains("name=\"password\"")) {
			throw new BenchFailure("GET / did not answer the resident's home page",
					body.length() > 200 ? body.substring(0, 200) : body);
		}
	}

	private ServerTime serverTime() throws IOException, InterruptedException, BenchFailure {
		var page = admin.get(base.resolve("/actuator/metrics/http.server.requests?tag=uri:/&tag=method:GET&tag=status:200"));
		if (page.status() == 404) {
			return new ServerTime(0, 0, 0); // no request to / recorded yet
		}
		if (page.status() != 200) {
			throw new BenchFailure("GET /actuator/metrics/http.server.requests " + page.describe());
		}
		try {
			double count = 0;
			double total = 0;
			double max = 0;
			var json = JSONObjectUtils.parse(page.body());
			for (var m : JSONObjectUtils.getJSONObjectArray(json, "measurements")) {
				var value = ((Number) m.get("value")).doubleValue();
				switch (String.valueOf(m.get("statistic"))) {
					case "COUNT" -> count = value;
					case "TOTAL_TIME" -> total = value;
					case "MAX" -> max = value;
					default -> {
					}
				}
			}
			return new ServerTime(count, total, max);
		}
		catch (ParseException | RuntimeException ex) {
			throw new BenchFailure("/actuator/metrics: unreadable answer", ex.getMessage());
		}
	}
}
