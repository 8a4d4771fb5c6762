package jp.tsunagu.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The printed report of {@code measure}: what was measured, the table of phases, the login's steps,
 * CPU time and server memory per phase, the argon2id ceiling; and the same figures as a properties
 * file for {@link Comparison}.
 */
final class OidcReport {

	private static final PrintStream out = System.out;

	private final Options options;

	private final Provider provider;

	private final IdentityFlows flows;

	private final CpuMeter cpu;

	OidcReport(Options options, Provider provider, IdentityFlows flows, CpuMeter cpu) {
		this.options = options;
		this.provider = provider;
		this.flows = flows;
		this.cpu = cpu;
	}

	void header(int users, int concurrency, HashCalibration argon2, long idleRssKib) throws BenchFailure {
		out.println();
		out.println("== " + provider.title() + " — OpenID Connect benchmark, " + Instant.now().truncatedTo(ChronoUnit.SECONDS));
		out.println("   target            " + options.get("base-url") + " (issuer " + flows.discovery().issuer() + ")");
		out.println("   server JVM        " + options.get("server-jvm"));
		out.println("   password hashing  " + argon2.describe());
		out.println("                     (" + options.get("argon2-source") + ")");
		out.println("   client secret     " + options.get("client-secret-hash"));
		out.println("   client            " + flows.client().id() + ", confidential, client_secret_basic, scope \""
				+ flows.client().scope() + "\"" + (options.get("phases").contains("client-credentials")
						? "; client_credentials scope \"" + provider.clientCredentialsScope() + "\"" : ""));
		out.println("   users             " + users + " (" + options.get("user-prefix") + "N@bench.example), "
				+ concurrency + " concurrent workers, each with its own users");
		out.println("   phases            " + options.get("phases") + ", in this order; each: warm-up "
				+ options.seconds("warmup").toSeconds() + " s (not measured), then " + options.seconds("duration").toSeconds()
				+ " s measured (at most " + options.integer("max-ops") + " operations; again if disturbed, at most "
				+ options.integer("disturbed-retries") + " times)");
		out.println("   server memory     " + (idleRssKib > 0
				? String.format(Locale.ROOT, "RSS %.0f MiB (pid %d) before the phases, after setup", idleRssKib / 1024.0,
						cpu.appPid())
				: "RSS not available"));
		out.println("   load generator    Java " + Runtime.version() + ", " + Runtime.getRuntime().availableProcessors()
				+ " CPUs visible (same machine as the server)");
		out.println("   command           " + options.get("command"));
		out.println("   generator command " + ProcessHandle.current().info().commandLine().orElse("?"));
	}

	void results(Map<String, Phase.Result> results, int concurrency) {
		out.println();
		out.println("== results, " + provider.id() + " (latency of whole operations, successful ones only;"
				+ " ops/s = successes / wall time)");
		Phase.header(out);
		results.values().forEach(r -> Phase.row(out, r));
		var login = results.get("login");
		if (login != null && login.recorder().successes() > 0) {
			out.println();
			out.println("   login = " + provider.loginSteps().size() + " HTTP requests; per step (ms):");
			out.printf(Locale.ROOT, "   %-62s %8s %8s %8s %8s%n", "step", "mean", "p50", "p99", "max");
			var names = login.recorder().stepNames();
			for (int i = 0; i < names.size(); i++) {
				var s = login.recorder().stepStats(i);
				out.printf(Locale.ROOT, "   %-62s %8s %8s %8s %8s%n", names.get(i), Recorder.Stats.ms(s.meanMs()),
						Recorder.Stats.ms(s.percentileMs(50)), Recorder.Stats.ms(s.percentileMs(99)),
						Recorder.Stats.ms(s.maxMs()));
			}
		}
		if (results.containsKey("refresh")) {
			out.println("   refresh = 1 HTTP request: POST token grant_type=refresh_token with client_secret_basic;"
					+ " answer: rotated refresh token, new access and ID token (signature checked)");
		}
		if (results.containsKey("client-credentials")) {
			out.println("   client-credentials = 1 HTTP request: POST token grant_type=client_credentials&scope="
					+ provider.clientCredentialsScope() + " with client_secret_basic; answer: an access token granting"
					+ " that scope (a JWT one: signature, iss, exp checked; an opaque one: present)");
		}
		results.values().forEach(r -> Phase.errors(out, r));
		out.println();
		int cpus = Runtime.getRuntime().availableProcessors();
		out.println("   CPU time during each phase (from /proc), per successful operation; server memory (VmRSS,"
				+ " sampled every 250 ms):");
		results.forEach((phase, r) -> {
			long ops = Math.max(1, r.recorder().successes());
			var c = r.cpu();
			out.printf(Locale.ROOT, "   %-18s server %s, PostgreSQL %s, load generator %s%n", phase,
					perOp(c.app(), ops), perOp(c.postgres(), ops), perOp(c.generator(), ops));
			out.printf(Locale.ROOT, "   %-18s machine busy %s of %.1f CPU-seconds; other processes (not this benchmark) %s%s%n",
					"", c.machine() < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f", c.machine()), r.seconds() * cpus,
					c.others() < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f s", c.others()),
					c.others() > 0.1 * r.seconds() * cpus ? "  <- DISTURBED: something else was using the CPUs" : "");
			out.printf(Locale.ROOT, "   %-18s server RSS peak %.0f MiB, mean %.0f MiB (%d samples)%n", "",
					r.rss().peakMib(), r.rss().meanMib(), r.rss().samples());
		});
		out.println("   concurrency " + concurrency + "; the load generator shares the CPUs with the server and"
				+ " PostgreSQL, so these are figures for this machine, not for a deployment.");
	}

	/** What one argon2id hash costs here, and the throughput ceiling it sets. */
	void calibrate(HashCalibration argon2, Map<String, Phase.Result> results, long quietUntil) throws Exception {
		int cpus = Runtime.getRuntime().availableProcessors();
		Phase.waitForQuiet(out, cpu, quietUntil);
		var before = cpu.sample();
		long t = System.nanoTime();
		double ms = argon2.singleThreadMs(15);
		double rate = argon2.hashesPerSecond(cpus, 10);
		var used = cpu.sample().minus(before);
		double others = used.others() < 0 ? -1 : Math.max(0, used.machine() - used.generator() - used.postgres());
		double available = (System.nanoTime() - t) / 1e9 * cpus;
		out.println();
		out.printf(Locale.ROOT, "== argon2id cost on this machine (BouncyCastle in the load generator's JVM, server idle)%n");
		out.printf(Locale.ROOT, "   one hash: %.1f ms on one thread; %.1f hashes/s with %d threads%s%n", ms, rate, cpus,
				others > 0.1 * available ? String.format(Locale.ROOT,
						"  <- DISTURBED: %.1f of %.1f CPU-seconds went to other processes", others, available) : "");
		// A login hashes the password; token requests hash the client secret only if it is stored with argon2id
		int secretHashes = options.get("client-secret-hash").startsWith("argon2id") ? 1 : 0;
		out.printf(Locale.ROOT, "   argon2id hashes per operation: login %d (password%s), refresh and client-credentials %d%n",
				1 + secretHashes, secretHashes == 1 ? " + client secret" : "; client secret is not argon2id", secretHashes);
		results.forEach((phase, r) -> {
			int perOp = phase.equals("login") ? 1 + secretHashes : secretHashes;
			if (perOp == 0) {
				out.printf(Locale.ROOT, "   %-18s not bounded by argon2id%n", phase);
				return;
			}
			out.printf(Locale.ROOT, "   %-18s ceiling if hashing were the only work %.1f/s; reached %.0f%% of it%n", phase,
					rate / perOp, 100 * r.throughput() * perOp / rate);
		});
	}

	/** The figures of each phase as properties ({@code phase.NAME.KEY}), for {@code compare}. */
	void write(Path file, Map<String, Phase.Result> results, Map<String, long[]> windows, long idleRssKib,
			int concurrency) throws IOException {
		var props = new Properties();
		props.setProperty("provider", provider.id());
		props.setProperty("title", provider.title());
		props.setProperty("issuer", flows.discovery().issuer());
		props.setProperty("concurrency", Integer.toString(concurrency));
		props.setProperty("server.jvm", options.get("server-jvm"));
		props.setProperty("password.hashing", options.get("argon2"));
		props.setProperty("phases", String.join(",", results.keySet()));
		props.setProperty("rss.idle.kib", Long.toString(idleRssKib));
		long peak = -1;
		double weighted = 0;
		int samples = 0;
		for (var e : results.entrySet()) {
			var r = e.getValue();
			var s = r.recorder().stats();
			var p = "phase." + e.getKey() + ".";
			props.setProperty(p + "ops", Long.toString(r.recorder().successes()));
			var window = windows.get(e.getKey());
			if (window != null) {
				props.setProperty(p + "from.epoch.ms", Long.toString(window[0]));
				props.setProperty(p + "to.epoch.ms", Long.toString(window[1]));
			}
			props.setProperty(p + "errors", Long.toString(r.recorder().failures()));
			props.setProperty(p + "aborted", Boolean.toString(r.aborted()));
			props.setProperty(p + "seconds", fmt(r.seconds()));
			props.setProperty(p + "throughput", fmt(r.throughput()));
			props.setProperty(p + "mean.ms", fmt(s.meanMs()));
			props.setProperty(p + "p50.ms", fmt(s.percentileMs(50)));
			props.setProperty(p + "p90.ms", fmt(s.percentileMs(90)));
			props.setProperty(p + "p99.ms", fmt(s.percentileMs(99)));
			props.setProperty(p + "max.ms", fmt(s.maxMs()));
			long ops = Math.max(1, r.recorder().successes());
			props.setProperty(p + "cpu.server.ms", fmt(r.cpu().app() < 0 ? Double.NaN : r.cpu().app() * 1000 / ops));
			props.setProperty(p + "cpu.postgres.ms",
					fmt(r.cpu().postgres() < 0 ? Double.NaN : r.cpu().postgres() * 1000 / ops));
			props.setProperty(p + "cpu.others.s", fmt(r.cpu().others()));
			props.setProperty(p + "cpu.available.s", fmt(r.seconds() * Runtime.getRuntime().availableProcessors()));
			props.setProperty(p + "rss.peak.kib", Long.toString(r.rss().peakKib()));
			props.setProperty(p + "rss.mean.kib", fmt(r.rss().meanKib()));
			if (r.rss().samples() > 0) {
				peak = Math.max(peak, r.rss().peakKib());
				weighted += r.rss().meanKib() * r.rss().samples();
				samples += r.rss().samples();
			}
		}
		props.setProperty("rss.peak.kib", Long.toString(peak));
		props.setProperty("rss.mean.kib", fmt(samples == 0 ? Double.NaN : weighted / samples));
		if (file.getParent() != null) {
			Files.createDirectories(file.getParent());
		}
		try (var writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
			props.store(writer, "tsunagu-bench measure results (" + provider.id() + ")");
		}
	}

	private static String fmt(double value) {
		return Double.isNaN(value) ? "NaN" : String.format(Locale.ROOT, "%.3f", value);
	}

	private static String perOp(double seconds, long ops) {
		return seconds < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f ms/op (%.1f s)", seconds * 1000 / ops, seconds);
	}
}
