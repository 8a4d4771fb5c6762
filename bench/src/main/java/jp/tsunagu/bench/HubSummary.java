package jp.tsunagu.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The table of {@code bench/run.sh hub}: Tsunagu's figures at each size beside issue 18's figures for
 * a well-known Java NGSI-LD broker at 10,000 entities, the targets (1.5× the broker for writes and
 * gets, 10× for q and geo-queries, 2× for temporal reads, memory under 1 GB) and whether each is met;
 * the notifications; the raw PostgreSQL insert rate of the same run and the writes' share of it.
 */
final class HubSummary {

	private static final PrintStream out = System.out;

	/** A row: what, the key in the results file, the broker's figure (issue 18, 10k entities), the factor of the target. */
	private record Row(String title, String key, double broker, double factor, String unit) {

		double target() {
			return broker * factor;
		}
	}

	private static final List<Row> ROWS = List.of(
			new Row("creates/s", "phase.create.ops_s", 1345, 1.5, "/s"),
			new Row("patches/s (one attribute)", "phase.patch.ops_s", 1000, 1.5, "/s"),
			new Row("gets/s (by id)", "phase.get.ops_s", 1577, 1.5, "/s"),
			new Row("batch-upserted entities/s", "batch.entities_s", 1250, 1.5, "/s"),
			new Row("q queries/s", "phase.q.ops_s", 29, 10, "/s"),
			new Row("geo queries/s", "phase.geo.ops_s", 126, 10, "/s"),
			new Row("temporal reads/s", "phase.temporal.ops_s", 325, 2, "/s"));

	/** The broker's memory in the run, MiB, and the target: under 1 GB. */
	private static final double BROKER_MIB = 7 * 1024;

	private static final double MEMORY_TARGET_MIB = 1024;

	private HubSummary() {
	}

	private record Figures(Properties props) {

		double number(String key) {
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
		var runs = new ArrayList<Figures>();
		var missing = new ArrayList<String>();
		for (var path : options.get("results").split(",")) {
			if (path.isBlank()) {
				continue;
			}
			var f = load(path.strip());
			if (f == null) {
				missing.add(Path.of(path.strip()).getFileName().toString());
			}
			else {
				runs.add(f);
			}
		}
		var raw = load(options.get("raw"));
		double commits = raw == null ? Double.NaN : raw.number("raw.commits_s");
		out.println();
		out.println("== data hub (NGSI-LD): Tsunagu at each size, beside issue 18's figures for a well-known Java broker at"
				+ " 10,000 entities (8 clients), and the targets");
		out.println("   command " + options.get("command"));
		if (!missing.isEmpty()) {
			out.println("   no figures for: " + String.join(", ", missing) + " (that run failed; see above)");
		}
		if (runs.isEmpty()) {
			out.println("   nothing to compare");
			return 0;
		}
		var header = new StringBuilder(String.format(Locale.ROOT, "%-28s %12s %-16s", "measure", "broker (10k)", "target"));
		for (var f : runs) {
			header.append(String.format(Locale.ROOT, " %14s %-8s", sizeName(f), "met"));
		}
		out.println(header);
		for (var row : ROWS) {
			var line = new StringBuilder(String.format(Locale.ROOT, "%-28s %12s %-16s", row.title(), number(row.broker()),
					String.format(Locale.ROOT, ">= %s (%sx)", number(row.target()), trim(row.factor()))));
			for (var f : runs) {
				double value = f.number(row.key());
				String shown;
				String met;
				if (row.key().equals("phase.temporal.ops_s") && !"built".equals(f.text("temporal"))) {
					shown = f.text("temporal").isBlank() ? "-" : f.text("temporal");
					met = "-";
				}
				else if (Double.isNaN(value)) {
					shown = "-";
					met = "-";
				}
				else {
					shown = number(value);
					met = value >= row.target() ? "met" : "NOT met";
				}
				line.append(String.format(Locale.ROOT, " %14s %-8s", shown, met));
			}
			out.println(line);
		}
		var memory = new StringBuilder(String.format(Locale.ROOT, "%-28s %12s %-16s", "server peak RSS (MiB)",
				number(BROKER_MIB), "< " + number(MEMORY_TARGET_MIB)));
		for (var f : runs) {
			double kib = f.number("rss.peak.kib");
			double mib = kib > 0 ? kib / 1024 : Double.NaN;
			memory.append(String.format(Locale.ROOT, " %14s %-8s", Double.isNaN(mib) ? "-" : number(mib),
					Double.isNaN(mib) ? "-" : mib < MEMORY_TARGET_MIB ? "met" : "NOT met"));
		}
		out.println(memory);
		out.println("   the issue's figures and targets are for 10,000 entities; the other sizes are held to the same ones;"
				+ " batch: upserts of " + runs.getFirst().text("batch.size") + " existing entities (replace), counted in"
				+ " entities; RSS: the server's peak over the whole run of that size (load and phases)");

		out.println();
		out.printf(Locale.ROOT, "%-40s", "also measured");
		for (var f : runs) {
			out.printf(Locale.ROOT, " %14s", sizeName(f));
		}
		out.println();
		also(runs, "load, batch upserts: new entities/s", "load.entities_s", "%.0f");
		for (var phase : List.of("create", "patch", "get", "batch", "q", "geo", "temporal", "notify")) {
			also(runs, phase + " p50 / p99 ms", f -> pair(f.number("phase." + phase + ".p50_ms"), f.number("phase." + phase + ".p99_ms")));
		}
		also(runs, "notify: PATCHes/s with the subscription", "phase.notify.ops_s", "%.0f");
		also(runs, "notify: notifications/s (all)", "notify.notifications_s", "%.0f");
		also(runs, "notify: notifications/s during the phase", "notify.in_phase_s", "%.0f");
		also(runs, "notify: PATCH 204 -> notification p50/p99 ms", f -> pair(f.number("notify.latency_p50_ms"),
				f.number("notify.latency_p99_ms")));
		also(runs, "notify: missing / duplicates", f -> f.text("notify.missing").isBlank() ? "-"
				: f.text("notify.missing") + " / " + f.text("notify.duplicates"));
		also(runs, "geo: sensors within the distance (mean)", "geo.matches", "%.1f");

		out.println();
		if (Double.isNaN(commits)) {
			out.println("== raw PostgreSQL insert rate: not measured");
		}
		else {
			out.printf(Locale.ROOT, "== raw PostgreSQL insert rate, same run: %.0f single-row INSERT commits/s (8 threads, JDBC,"
					+ " autocommit)%n", commits);
			for (var f : runs) {
				out.printf(Locale.ROOT, "   %s: creates/s = %s of it; patches/s = %s; batch-upserted entities/s = %s;"
						+ " loaded entities/s = %s%n", sizeName(f), share(f.number("phase.create.ops_s"), commits),
						share(f.number("phase.patch.ops_s"), commits), share(f.number("batch.entities_s"), commits),
						share(f.number("load.entities_s"), commits));
			}
		}
		for (var f : runs) {
			for (var phase : List.of("create", "patch", "get", "batch", "q", "geo", "temporal", "notify")) {
				double errors = f.number("phase." + phase + ".errors");
				boolean aborted = "true".equals(f.text("phase." + phase + ".aborted"));
				if (errors > 0 || aborted) {
					out.printf(Locale.ROOT, "   %s %s: %.0f errors%s: %s%n", sizeName(f), phase, errors,
							aborted ? ", ABORTED" : "", f.text("phase." + phase + ".first_error"));
				}
				if ("true".equals(f.text("phase." + phase + ".disturbed"))) {
					out.printf(Locale.ROOT, "   %s %s: DISTURBED (other processes used > 10%% of the CPUs)%n", sizeName(f),
							phase);
				}
			}
			if (f.number("notify.missing") > 0 || f.number("notify.unmatched") > 0) {
				out.printf(Locale.ROOT, "   %s notify: %s notifications MISSING, %s unmatched%n", sizeName(f),
						f.text("notify.missing"), f.text("notify.unmatched"));
			}
		}
		return 0;
	}

	private interface Cell {

		String of(Figures f);
	}

	private static void also(List<Figures> runs, String title, String key, String format) {
		also(runs, title, f -> {
			double v = f.number(key);
			return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, format, v);
		});
	}

	private static void also(List<Figures> runs, String title, Cell cell) {
		var line = new StringBuilder(String.format(Locale.ROOT, "%-40s", title));
		for (var f : runs) {
			line.append(String.format(Locale.ROOT, " %14s", cell.of(f)));
		}
		out.println(line);
	}

	private static String pair(double a, double b) {
		return Double.isNaN(a) ? "-" : String.format(Locale.ROOT, "%.1f / %.1f", a, b);
	}

	private static String share(double value, double of) {
		return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.1f %%", 100 * value / of);
	}

	private static String sizeName(Figures f) {
		double n = f.number("size");
		return Double.isNaN(n) ? "?" : String.format(Locale.ROOT, "%,.0f ent.", n);
	}

	private static String number(double value) {
		return String.format(Locale.ROOT, value >= 100 ? "%,.0f" : "%,.1f", value);
	}

	private static String trim(double factor) {
		return factor == Math.rint(factor) ? Long.toString((long) factor) : Double.toString(factor);
	}
}
