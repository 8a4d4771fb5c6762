package jp.tsunagu.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.DoublePredicate;

/**
 * The table of {@code bench/run.sh fhir}: Tsunagu beside HAPI FHIR JPA server from the same run, the
 * ratio Tsunagu/HAPI, issue 17's target and whether it is met; the bad inputs; the raw PostgreSQL
 * commit rate. Without HAPI figures from this run the ratios are taken against the issue's figures
 * for HAPI on this machine, and say so.
 */
final class FhirComparison {

	private static final PrintStream out = System.out;

	/** Issue 17's figures for HAPI FHIR JPA server 8.8.0 on this machine, 8 clients. */
	private static final Map<String, Double> ISSUE = Map.of("phase.create.ops_s", 469.0, "phase.create.p99_ms", 36.0,
			"bundle.obs_s", 1287.0, "phase.search.ops_s", 127.0, "phase.search.p99_ms", 118.0, "phase.read.ops_s",
			1803.0, "rss.after.mib", 1.8 * 1024, "startup.s", 36.0);

	private static final List<String> BAD = List.of("missing-status", "missing-code", "unknown-code-system",
			"heart-rate-in-kg", "systolic-900", "negative-weight", "spo2-120");

	private static final List<String> BAD_ALL = BAD.subList(0, 4);

	private FhirComparison() {
	}

	private record Figures(Properties props) {

		double number(String key) {
			if (key.equals("bundle.obs_s")) {
				return number("phase.bundle.ops_s") * number("bundle.size");
			}
			if (key.equals("rss.after.mib")) {
				double kib = number("rss.after.kib");
				return kib > 0 ? kib / 1024 : Double.NaN;
			}
			var value = props.getProperty(key);
			if (value == null || value.isBlank()) {
				return Double.NaN;
			}
			try {
				return Double.parseDouble(value);
			}
			catch (NumberFormatException ex) {
				return Double.NaN;
			}
		}

		String text(String key) {
			return props.getProperty(key, "");
		}
	}

	private static Figures load(String path) throws IOException {
		if (path == null || path.isBlank() || !Files.exists(Path.of(path))) {
			return null;
		}
		var props = new Properties();
		try (var reader = Files.newBufferedReader(Path.of(path), StandardCharsets.UTF_8)) {
			props.load(reader);
		}
		return new Figures(props);
	}

	static int run(Map<String, String> options) throws IOException {
		var tsunagu = load(options.get("tsunagu"));
		var hapi = load(options.get("hapi"));
		var raw = load(options.get("raw"));
		out.println();
		out.println("== FHIR: Tsunagu beside HAPI FHIR JPA server (one after the other, each on a fresh database, same"
				+ " PostgreSQL, same clients)");
		out.println("   command " + options.get("command"));
		if (hapi == null) {
			out.println("   HAPI: no figures from this run; ratios are against the issue's figures for HAPI on this machine"
					+ " (marked *)");
		}
		if (tsunagu == null) {
			out.println("   Tsunagu: no figures from this run (its leg was skipped or failed)");
		}
		out.printf(Locale.ROOT, "%-30s %10s %10s %9s %-26s %-8s %12s%n", "measure", "Tsunagu", "HAPI", "ratio T/H",
				"target", "met", "HAPI (issue)");
		row("create Observations/s", "phase.create.ops_s", tsunagu, hapi, "%.0f", ">= 2x HAPI", r -> r >= 2);
		row("create p99 ms", "phase.create.p99_ms", tsunagu, hapi, "%.1f", "", null);
		row("Bundle of 100: Observations/s", "bundle.obs_s", tsunagu, hapi, "%.0f", ">= 2x HAPI", r -> r >= 2);
		row("search /s", "phase.search.ops_s", tsunagu, hapi, "%.0f", ">= 3x HAPI", r -> r >= 3);
		row("search p99 ms", "phase.search.p99_ms", tsunagu, hapi, "%.1f", "< 50 ms (Tsunagu)", null);
		row("read /s", "phase.read.ops_s", tsunagu, hapi, "%.0f", "", null);
		row("read p99 ms", "phase.read.p99_ms", tsunagu, hapi, "%.1f", "", null);
		row("RSS after the run MiB", "rss.after.mib", tsunagu, hapi, "%.0f", "<= 1/4 of HAPI", r -> r <= 0.25);
		row("time to start s", "startup.s", tsunagu, hapi, "%.0f", "", null);
		if (tsunagu != null) {
			double p99 = tsunagu.number("phase.search.p99_ms");
			double ratio = ratio(tsunagu, hapi, "phase.search.ops_s");
			out.printf(Locale.ROOT, "   search target (>= 3x HAPI with p99 < 50 ms): %s (%.1fx, p99 %.1f ms)%n",
					!Double.isNaN(ratio) && ratio >= 3 && p99 < 50 ? "met" : "NOT met", ratio, p99);
		}
		for (var f : new Figures[] { tsunagu, hapi }) {
			if (f == null) {
				continue;
			}
			for (var phase : List.of("create", "bundle", "search", "read")) {
				double errors = f.number("phase." + phase + ".errors");
				if (errors > 0 || "true".equals(f.text("phase." + phase + ".aborted"))) {
					out.printf(Locale.ROOT, "   %s %s: %.0f errors%s (see its section above)%n", f.text("target"), phase,
							errors, "true".equals(f.text("phase." + phase + ".aborted")) ? ", ABORTED" : "");
				}
				if ("true".equals(f.text("phase." + phase + ".disturbed"))) {
					out.printf(Locale.ROOT, "   %s %s: DISTURBED (other processes used > 10%% of the CPUs)%n",
							f.text("target"), phase);
				}
			}
		}

		out.println();
		out.println("== bad input (POST /fhir/Observation): 2xx = stored, 4xx = refused; Tsunagu must refuse every one with"
				+ " an OperationOutcome, HAPI is only reported");
		out.printf(Locale.ROOT, "%-22s %-22s %-34s %s%n", "input", "HAPI", "Tsunagu", "met");
		int refused = 0;
		for (var name : BAD) {
			var h = hapi == null ? "-" : verdict(hapi, name);
			var t = tsunagu == null ? "-" : verdict(tsunagu, name);
			boolean ok = tsunagu != null && refused(tsunagu, name)
					&& "true".equals(tsunagu.text("bad." + name + ".outcome"));
			if (ok) {
				refused++;
			}
			out.printf(Locale.ROOT, "%-22s %-22s %-34s %s%n", name + (BAD_ALL.contains(name) ? "" : " (T)"), h, t,
					tsunagu == null ? "-" : ok ? "met" : "NOT met");
		}
		out.printf(Locale.ROOT, "   Tsunagu refused %s of %d with an OperationOutcome; (T): only Tsunagu is expected to"
				+ " refuse%s%n", tsunagu == null ? "-" : Integer.toString(refused), BAD.size(),
				hapi == null ? "" : "; HAPI stored " + BAD.stream().filter(n -> stored(hapi, n)).count() + " of " + BAD.size());

		out.println();
		double commits = raw == null ? Double.NaN : raw.number("raw.commits_s");
		if (Double.isNaN(commits)) {
			out.println("== raw PostgreSQL commit rate: not measured");
		}
		else {
			out.printf(Locale.ROOT, "== raw PostgreSQL commit rate, same run: %.0f single-row INSERTs/s (8 threads, JDBC,"
					+ " autocommit)%n", commits);
			for (var f : new Figures[] { tsunagu, hapi }) {
				if (f != null) {
					out.printf(Locale.ROOT, "   %-8s creates/s = %.1f %% of it; Bundle Observations/s = %.1f %% of it%n",
							f.text("target"), 100 * f.number("phase.create.ops_s") / commits,
							100 * f.number("bundle.obs_s") / commits);
				}
			}
		}
		return 0;
	}

	private static double ratio(Figures tsunagu, Figures hapi, String key) {
		if (tsunagu == null) {
			return Double.NaN;
		}
		double h = hapi == null ? ISSUE.getOrDefault(key, Double.NaN) : hapi.number(key);
		return tsunagu.number(key) / h;
	}

	private static void row(String title, String key, Figures tsunagu, Figures hapi, String format, String target,
			DoublePredicate goal) {
		double t = tsunagu == null ? Double.NaN : tsunagu.number(key);
		double h = hapi == null ? Double.NaN : hapi.number(key);
		double r = ratio(tsunagu, hapi, key);
		String met = "";
		if (!target.isEmpty()) {
			if (goal != null) {
				met = Double.isNaN(r) ? "-" : goal.test(r) ? "met" : "NOT met";
			}
			else if (key.equals("phase.search.p99_ms")) {
				met = Double.isNaN(t) ? "-" : t < 50 ? "met" : "NOT met";
			}
		}
		var issue = ISSUE.get(key);
		out.printf(Locale.ROOT, "%-30s %10s %10s %9s %-26s %-8s %12s%n", title, num(format, t), num(format, h),
				Double.isNaN(r) ? "-" : String.format(Locale.ROOT, "%.2f%s", r, hapi == null ? "*" : ""), target, met,
				issue == null ? "" : num(format, issue));
	}

	private static String num(String format, double value) {
		return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, format, value);
	}

	private static boolean stored(Figures f, String name) {
		double s = f.number("bad." + name + ".status");
		return s >= 200 && s < 300;
	}

	private static boolean refused(Figures f, String name) {
		double s = f.number("bad." + name + ".status");
		return s >= 400 && s < 500;
	}

	private static String verdict(Figures f, String name) {
		double s = f.number("bad." + name + ".status");
		if (Double.isNaN(s)) {
			return "-";
		}
		var what = s >= 200 && s < 300 ? "stored" : s >= 400 && s < 500 ? "refused" : "?";
		return String.format(Locale.ROOT, "%.0f %s%s", s, what,
				"true".equals(f.text("bad." + name + ".outcome")) && !(s >= 200 && s < 300) ? ", OperationOutcome" : "");
	}
}
