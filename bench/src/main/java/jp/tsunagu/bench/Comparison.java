package jp.tsunagu.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * Side by side: the result files of two {@code measure} runs (the reference first, Keycloak, then
 * Tsunagu), with the ratio of each flow's throughput and p99 latency and the project's goals.
 */
final class Comparison {

	private static final PrintStream out = System.out;

	private static final double MIB = 1024.0;

	/** Goals of the project, printed beside the figures. */
	private static final double THROUGHPUT_GOAL = 2.0;

	private static final double LOGIN_P99_GOAL_MS = 500;

	private static final double MEMORY_GOAL_MIB = 400;

	private record Run(String name, Properties props) {

		double number(String key) {
			var value = props.getProperty(key);
			if (value == null) {
				return Double.NaN;
			}
			try {
				return Double.parseDouble(value);
			}
			catch (NumberFormatException ex) {
				return Double.NaN;
			}
		}

		boolean has(String phase) {
			return props.getProperty("phase." + phase + ".ops") != null;
		}

		String title() {
			return props.getProperty("title", name);
		}
	}

	private Comparison() {
	}

	static int run(Options options) throws IOException, BenchFailure {
		var runs = new ArrayList<Run>();
		for (var entry : options.get("compare").split(",")) {
			if (entry.isBlank()) {
				continue;
			}
			int eq = entry.indexOf('=');
			if (eq <= 0) {
				throw new BenchFailure("--compare: expected name=path, got " + entry);
			}
			var path = Path.of(entry.substring(eq + 1).strip());
			var props = new Properties();
			if (!Files.exists(path)) {
				out.println("   (no results from " + entry.substring(0, eq) + ": " + path + " is missing)");
				continue;
			}
			try (var reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
				props.load(reader);
			}
			runs.add(new Run(entry.substring(0, eq).strip(), props));
		}
		if (runs.size() != 2) {
			out.println("== comparison: needs the results of two providers, have " + runs.size()
					+ "; nothing to compare");
			return runs.isEmpty() ? 1 : 0;
		}
		print(runs.get(0), runs.get(1), options.get("command"));
		return 0;
	}

	private static void print(Run ref, Run sub, String command) {
		var r = cap(ref.name());
		var s = cap(sub.name());
		out.println();
		out.println("==== " + s + " vs " + r + ": the same load generator, machine and PostgreSQL; the providers ran one"
				+ " after the other, each on a fresh database");
		out.println("   command     " + command);
		out.println("   " + pad(r, 11) + " " + ref.title() + "; JVM " + ref.props().getProperty("server.jvm", "?"));
		out.println("   " + pad(s, 11) + " " + sub.title() + "; JVM " + sub.props().getProperty("server.jvm", "?"));
		out.println("   passwords   argon2id " + ref.props().getProperty("password.hashing", "?") + " (" + r + "), "
				+ sub.props().getProperty("password.hashing", "?") + " (" + s + "), read from each one's database");
		out.println("   workers     " + ref.props().getProperty("concurrency", "?") + " (" + r + "), "
				+ sub.props().getProperty("concurrency", "?") + " (" + s + ") concurrent clients per flow");
		out.println();
		out.printf(Locale.ROOT, "%-19s | %-33s | %-33s | %-19s | %s%n", "", center(r, 33), center(s, 33),
				center(s + "/" + r, 19), "goal");
		out.printf(Locale.ROOT, "%-19s | %8s %7s %7s %8s | %8s %7s %7s %8s | %9s %9s |%n", "flow", "ops/s", "p50 ms",
				"p99 ms", "errors", "ops/s", "p50 ms", "p99 ms", "errors", "ops/s", "p99");
		out.println("-".repeat(19) + "-+-" + "-".repeat(33) + "-+-" + "-".repeat(33) + "-+-" + "-".repeat(19) + "-+-"
				+ "-".repeat(40));
		var verdicts = new ArrayList<String>();
		for (var phase : List.of("login", "refresh", "client-credentials")) {
			if (!ref.has(phase) && !sub.has(phase)) {
				continue;
			}
			var k = "phase." + phase + ".";
			double ratio = sub.number(k + "throughput") / ref.number(k + "throughput");
			double p99Ratio = sub.number(k + "p99.ms") / ref.number(k + "p99.ms");
			String goal;
			boolean met;
			if (phase.equals("login")) {
				met = ratio >= THROUGHPUT_GOAL && sub.number(k + "p99.ms") < LOGIN_P99_GOAL_MS;
				goal = String.format(Locale.ROOT, ">= %.0fx and p99 < %.1f s: %s", THROUGHPUT_GOAL,
						LOGIN_P99_GOAL_MS / 1000, met ? "met" : "NOT MET");
			}
			else {
				met = ratio >= THROUGHPUT_GOAL;
				goal = String.format(Locale.ROOT, ">= %.0fx: %s", THROUGHPUT_GOAL, met ? "met" : "NOT MET");
			}
			verdicts.add(phase + " " + (met ? "met" : "NOT MET"));
			out.printf(Locale.ROOT, "%-19s | %s | %s | %8sx %8sx | %s%n", phase, cells(ref, k), cells(sub, k),
					num(ratio, 2), num(p99Ratio, 2), goal);
		}
		double refPeak = ref.number("rss.peak.kib") / MIB;
		double subPeak = sub.number("rss.peak.kib") / MIB;
		boolean memoryMet = subPeak < MEMORY_GOAL_MIB;
		verdicts.add("memory " + (memoryMet ? "met" : "NOT MET"));
		out.printf(Locale.ROOT, "%-19s | peak %5s mean %5s idle %5s | peak %5s mean %5s idle %5s | %8sx %9s | %s < %.0f MiB"
				+ " (peak): %s%n", "server RSS, MiB", num(refPeak, 0), num(ref.number("rss.mean.kib") / MIB, 0),
				num(ref.number("rss.idle.kib") / MIB, 0), num(subPeak, 0), num(sub.number("rss.mean.kib") / MIB, 0),
				num(sub.number("rss.idle.kib") / MIB, 0), num(subPeak / refPeak, 2), "(peak)", s, MEMORY_GOAL_MIB,
				memoryMet ? "met" : "NOT MET");
		out.println();
		out.println("   server CPU per operation (ms; from /proc), " + r + " vs " + s + ":");
		for (var phase : List.of("login", "refresh", "client-credentials")) {
			var k = "phase." + phase + ".";
			if (ref.has(phase) && sub.has(phase)) {
				out.printf(Locale.ROOT, "     %-18s %s %7s  %s %7s   (PostgreSQL %s / %s)%n", phase, r,
						num(ref.number(k + "cpu.server.ms"), 2), s, num(sub.number(k + "cpu.server.ms"), 2),
						num(ref.number(k + "cpu.postgres.ms"), 2), num(sub.number(k + "cpu.postgres.ms"), 2));
			}
		}
		var warnings = new ArrayList<String>();
		for (var run : List.of(ref, sub)) {
			for (var phase : List.of("login", "refresh", "client-credentials")) {
				var k = "phase." + phase + ".";
				if (!run.has(phase)) {
					continue;
				}
				if (run.number(k + "errors") > 0 || "true".equals(run.props().getProperty(k + "aborted"))) {
					warnings.add(run.name() + " " + phase + ": " + num(run.number(k + "errors"), 0) + " errors"
							+ ("true".equals(run.props().getProperty(k + "aborted")) ? ", ABORTED" : ""));
				}
				if (run.number(k + "cpu.others.s") > 0.1 * run.number(k + "cpu.available.s")) {
					warnings.add(run.name() + " " + phase + ": DISTURBED (other processes used "
							+ num(run.number(k + "cpu.others.s"), 1) + " CPU-s)");
				}
			}
		}
		out.println("   goals: " + String.join(", ", verdicts));
		out.println("   " + (warnings.isEmpty() ? "no errors, no phase disturbed by other processes"
				: "CAUTION: " + String.join("; ", warnings)));
	}

	private static String cells(Run run, String k) {
		return String.format(Locale.ROOT, "%8s %7s %7s %8s", num(run.number(k + "throughput"), 1),
				num(run.number(k + "p50.ms"), 1), num(run.number(k + "p99.ms"), 1), num(run.number(k + "errors"), 0));
	}

	private static String num(double value, int decimals) {
		return Double.isNaN(value) || Double.isInfinite(value) ? "-"
				: String.format(Locale.ROOT, "%." + decimals + "f", value);
	}

	private static String cap(String name) {
		return name.isEmpty() ? name : Character.toUpperCase(name.charAt(0)) + name.substring(1);
	}

	private static String pad(String text, int width) {
		return text.length() >= width ? text : text + " ".repeat(width - text.length());
	}

	private static String center(String text, int width) {
		int left = Math.max(0, (width - text.length()) / 2);
		return " ".repeat(left) + text;
	}
}
