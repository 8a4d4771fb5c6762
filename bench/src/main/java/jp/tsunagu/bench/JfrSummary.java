package jp.tsunagu.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the server's CPU went, from a flight recording (jdk.ExecutionSample, Java threads running
 * Java code), per measured phase when the results file of {@code measure} gives the phases' times:
 * the hottest methods (own time, the top frame), the Tsunagu code on the stack (inclusive), and
 * what kind of work the samples were in (inclusive: a sample may count in several).
 */
final class JfrSummary {

	private static final PrintStream out = System.out;

	/** Kinds of work, recognised by a frame anywhere on the stack (inclusive). */
	private static final Map<String, List<String>> KINDS = new LinkedHashMap<>();

	static {
		KINDS.put("argon2id (BouncyCastle)", List.of("org.bouncycastle.crypto.generators.Argon2"));
		KINDS.put("RSA / JWS signing, verifying", List.of("sun.security.rsa.", "com.nimbusds.jose.crypto.",
				"org.springframework.security.oauth2.jwt.NimbusJwtEncoder"));
		KINDS.put("PostgreSQL JDBC driver", List.of("org.postgresql."));
		KINDS.put("Hikari pool", List.of("com.zaxxer.hikari."));
		KINDS.put("JdbcOAuth2AuthorizationService", List.of("org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService"));
		KINDS.put("Spring Session JDBC", List.of("org.springframework.session.jdbc."));
		KINDS.put("Java serialization", List.of("java.io.ObjectOutputStream", "java.io.ObjectInputStream"));
		KINDS.put("Jackson (JSON)", List.of("com.fasterxml.jackson.", "tools.jackson."));
		KINDS.put("Jackson type resolution, reflection", List.of("tools.jackson.databind.type.TypeFactory",
				"tools.jackson.databind.introspect.", "com.fasterxml.jackson.databind.type.TypeFactory",
				"com.fasterxml.jackson.databind.introspect.", "java.lang.Class.copyMethods", "java.lang.Class.getGenericInfo"));
		KINDS.put("JdbcRegisteredClientRepository", List.of(
				"org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository"));
		KINDS.put("Thymeleaf", List.of("org.thymeleaf."));
		KINDS.put("Spring Security filters", List.of("org.springframework.security.web.FilterChainProxy"));
		KINDS.put("Spring transactions", List.of("org.springframework.transaction."));
		KINDS.put("Spring Modulith events", List.of("org.springframework.modulith."));
		KINDS.put("logging", List.of("ch.qos.logback.", "org.apache.logging.", "org.slf4j."));
		KINDS.put("regular expressions", List.of("java.util.regex."));
		KINDS.put("Tomcat HTTP (parsing, writing)", List.of("org.apache.coyote.", "org.apache.tomcat.util.net."));
	}

	private record Window(String name, long from, long to) {
	}

	private static final class Tally {

		long samples;

		final Map<String, Long> self = new HashMap<>();

		final Map<String, Long> selfPackages = new HashMap<>();

		final Map<String, Long> tsunagu = new HashMap<>();

		final Map<String, Long> kinds = new HashMap<>();

		final Map<String, Long> threads = new HashMap<>();

		void add(RecordedEvent event) {
			var stack = event.getStackTrace();
			if (stack == null || stack.getFrames().isEmpty()) {
				return;
			}
			samples++;
			var frames = stack.getFrames();
			var top = method(frames.get(0));
			self.merge(top, 1L, Long::sum);
			selfPackages.merge(packageOf(top), 1L, Long::sum);
			var seenKinds = new HashSet<String>();
			var seenTsunagu = new HashSet<String>();
			for (var frame : frames) {
				var m = method(frame);
				KINDS.forEach((kind, prefixes) -> {
					if (prefixes.stream().anyMatch(m::startsWith)) {
						seenKinds.add(kind);
					}
				});
				if (m.startsWith("jp.tsunagu.")) {
					seenTsunagu.add(m);
				}
			}
			seenKinds.forEach(k -> kinds.merge(k, 1L, Long::sum));
			seenTsunagu.forEach(k -> tsunagu.merge(k, 1L, Long::sum));
			var thread = event.getThread("sampledThread");
			var name = thread == null || thread.getJavaName() == null ? "?" : thread.getJavaName();
			threads.merge(name.replaceAll("[-#]?\\d+$", "-N"), 1L, Long::sum);
		}
	}

	private JfrSummary() {
	}

	static int run(Options options) throws IOException, BenchFailure {
		var file = Path.of(options.get("jfr"));
		if (!Files.exists(file)) {
			throw new BenchFailure("no recording " + file);
		}
		int top = options.integer("top");
		var windows = windows(options.get("results-file"));
		var tallies = new LinkedHashMap<String, Tally>();
		windows.forEach(w -> tallies.put(w.name(), new Tally()));
		var all = new Tally();
		try (var recording = new RecordingFile(file)) {
			while (recording.hasMoreEvents()) {
				var event = recording.readEvent();
				if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
					continue;
				}
				all.add(event);
				long at = event.getStartTime().toEpochMilli();
				for (var w : windows) {
					if (at >= w.from() && at <= w.to()) {
						tallies.get(w.name()).add(event);
					}
				}
			}
		}
		out.println("== where the server's CPU went (JFR jdk.ExecutionSample: Java threads running Java code;"
				+ " time in native code, I/O waits and GC is not in these samples)");
		print("whole recording (warm-up and phases)", all, top);
		for (var w : windows) {
			print(w.name() + " phase, " + Instant.ofEpochMilli(w.from()) + " .. " + Instant.ofEpochMilli(w.to()),
					tallies.get(w.name()), top);
		}
		return 0;
	}

	private static List<Window> windows(String resultsFile) throws IOException {
		var list = new ArrayList<Window>();
		if (resultsFile == null || resultsFile.isBlank() || !Files.exists(Path.of(resultsFile))) {
			return list;
		}
		var props = new Properties();
		try (var reader = Files.newBufferedReader(Path.of(resultsFile), StandardCharsets.UTF_8)) {
			props.load(reader);
		}
		for (var phase : props.getProperty("phases", "").split(",")) {
			var from = props.getProperty("phase." + phase + ".from.epoch.ms");
			var to = props.getProperty("phase." + phase + ".to.epoch.ms");
			if (from != null && to != null) {
				list.add(new Window(phase, Long.parseLong(from), Long.parseLong(to)));
			}
		}
		return list;
	}

	private static void print(String title, Tally t, int top) {
		out.println();
		out.println("   -- " + title + ": " + t.samples + " samples");
		if (t.samples == 0) {
			return;
		}
		out.println("      kind of work (share of samples with such a frame on the stack):");
		t.kinds.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
			.forEach(e -> out.printf(Locale.ROOT, "        %5.1f%%  %s%n", 100.0 * e.getValue() / t.samples, e.getKey()));
		out.println("      own time by package (top frame; sums to 100%): " + String.join(", ", topOf(t.selfPackages, 10)
			.stream()
			.map(e -> String.format(Locale.ROOT, "%s %.1f%%", e.getKey(), 100.0 * e.getValue() / t.samples))
			.toList()));
		out.println("      hottest methods, own time (top frame):");
		topOf(t.self, top).forEach(e -> out.printf(Locale.ROOT, "        %5.1f%%  %s%n", 100.0 * e.getValue() / t.samples,
				e.getKey()));
		out.println("      Tsunagu methods on the stack (inclusive):");
		topOf(t.tsunagu, top).forEach(e -> out.printf(Locale.ROOT, "        %5.1f%%  %s%n",
				100.0 * e.getValue() / t.samples, e.getKey()));
		out.println("      threads: " + String.join(", ", topOf(t.threads, 6).stream()
			.map(e -> String.format(Locale.ROOT, "%s %.0f%%", e.getKey(), 100.0 * e.getValue() / t.samples))
			.toList()));
	}

	private static List<Map.Entry<String, Long>> topOf(Map<String, Long> counts, int n) {
		return counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(n).toList();
	}

	/** The first three parts of the package ({@code org.bouncycastle.crypto}, {@code java.math}). */
	private static String packageOf(String method) {
		var parts = method.split("\\.");
		int n = Math.min(3, parts.length - 2);
		return n <= 0 ? method : String.join(".", java.util.Arrays.copyOf(parts, n));
	}

	private static String method(RecordedFrame frame) {
		var m = frame.getMethod();
		return m == null ? "?" : m.getType().getName() + "." + m.getName();
	}
}
