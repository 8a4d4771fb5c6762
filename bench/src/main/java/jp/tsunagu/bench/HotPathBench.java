package jp.tsunagu.bench;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Pattern;

/**
 * The whole hot path of activity points: a partner's {@code POST /api/v1/activities} → the activity
 * row → {@code ActivityRecorded} through the event publication registry → {@code Points.award} →
 * the resident's balance. Phases with 1, 4 and 8 partner clients (closed loop, a unique key per
 * request); for each: activities/s and latency; awards/s (the phase's awards over the phase and the
 * time the registry needed afterwards to deliver the rest); and the <em>award lag</em>: one request
 * in {@code --lag-sample} is followed, after its 201, until its journal entry (and with it the
 * balance, moved in the same transaction) is visible in the database, polled every 5 ms. In the
 * same run, the raw commit rate of PostgreSQL: 8 threads inserting one row per transaction
 * (autocommit) into a table of the same database, and the ratios.
 *
 * <p>Every request is a check-in (10 points, one a day, 20 a month) on its own day: resident
 * {@code n mod R} on the next free day 1–20 of a month, counting back from last month, so that no
 * cap cuts an award to nothing and every request earns exactly one award.
 */
final class HotPathBench {

	private static final PrintStream out = System.out;

	private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

	private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");

	private final Options options;

	private final URI base;

	private final Duration timeout;

	private final HttpClient http = Browser.newClient();

	private final CpuMeter cpu;

	private final String run = IdentityFlows.random().substring(0, 8);

	private final AtomicLong sequence = new AtomicLong();

	private AtomicLongArray perResident;

	private List<String> subjects;

	private volatile String token;

	/** Requests followed until their award is visible: the award's source and when the 201 came. */
	private final ConcurrentLinkedQueue<Followed> followed = new ConcurrentLinkedQueue<>();

	private final AtomicInteger followCounter = new AtomicInteger();

	private record Followed(String source, long answeredAt) {
	}

	private record Figures(Phase.Result phase, long awards, long awardsDuringPhase, double drainSeconds, Recorder lag,
			int lagMissing, long fromMs, long toMs) {

		double awardsPerSecondDuringPhase() {
			return phase.seconds() <= 0 ? 0 : awardsDuringPhase / phase.seconds();
		}

		double awardsPerSecond() {
			double s = phase.seconds() + drainSeconds;
			return s <= 0 ? 0 : awards / s;
		}
	}

	HotPathBench(Options options) throws BenchFailure {
		this.options = options;
		this.base = URI.create(options.get("base-url"));
		this.timeout = options.seconds("timeout");
		this.cpu = new CpuMeter(Long.parseLong(options.get("app-pid")), Integer.parseInt(options.get("clock-ticks")));
	}

	int run() throws Exception {
		var activity = new ActivityBench(options);
		int s = activity.setup();
		if (s != 0) {
			return s;
		}
		subjects = activity.subjects();
		perResident = new AtomicLongArray(subjects.size());
		try (var db = connect()) {
			vacuumAnalyze(db, "after setup, before the warm-up");

			var clients = new ArrayList<Integer>();
			for (var c : options.get("hotpath-clients").split(",")) {
				clients.add(Integer.parseInt(c.trim()));
			}
			var warmup = options.seconds("warmup");
			var duration = options.seconds("duration");
			long maxOps = options.integer("max-ops");
			int every = Math.max(1, options.integer("lag-sample"));
			long quietUntil = System.nanoTime() + options.seconds("quiet-wait").toNanos();
			out.println();
			out.println("== hot path: POST /api/v1/activities (CHECK_IN, a unique key and day each) -> activity row ->"
					+ " ActivityRecorded (event publication registry, after commit) -> Points.award -> balance; "
					+ "phases of " + clients + " clients, " + duration.toSeconds() + " s each (at most " + maxOps
					+ " requests), after a warm-up of " + warmup.toSeconds() + " s with " + clients.getLast()
					+ " clients; residents " + subjects.size() + "; award lag followed for 1 request in " + every);
			out.println("   command " + options.get("command"));
			if (!warmup.isZero()) {
				token = activity.freshToken();
				var w = Phase.run("warm-up", clients.getLast(), warmup, maxOps, timeout, ActivityBench.STEPS, cpu,
						op(Integer.MAX_VALUE));
				out.printf(Locale.ROOT, "   warm-up: %d ok, %d errors, %.1f/s (not measured)%n",
						w.recorder().successes(), w.recorder().failures(), w.throughput());
				Phase.errors(out, w);
				drain(db, 0, w.recorder().successes());
				followed.clear();
			}
			var figures = new LinkedHashMap<Integer, Figures>();
			for (int c : clients) {
				// the ledger grew in the warm-up and the phase before: statistics of what is there now, as
				// autovacuum would have gathered them (it is off here); without, PostgreSQL keeps the plans it
				// made for an empty ledger (sequential scans of points_journal and points_line in every award)
				vacuumAnalyze(db, "before the phase of " + c + " clients");
				Phase.waitForQuiet(out, cpu, quietUntil);
				token = activity.freshToken();
				long awardsBefore = awards(db);
				var stop = new AtomicBoolean();
				var lag = new Recorder(List.of());
				var missing = new AtomicInteger();
				var follower = new Thread(() -> follow(stop, lag, missing), "follower");
				follower.setDaemon(true);
				follower.start();
				long from = System.currentTimeMillis();
				var phase = Phase.run(c + (c == 1 ? " client" : " clients"), c, duration, maxOps, timeout,
						ActivityBench.STEPS, cpu, op(every));
				long to = System.currentTimeMillis();
				long duringPhase = awards(db) - awardsBefore;
				double drained = drain(db, awardsBefore, phase.recorder().successes());
				stop.set(true);
				follower.join(Duration.ofSeconds(40));
				figures.put(c, new Figures(phase, awards(db) - awardsBefore, duringPhase, drained, lag, missing.get(),
						from, to));
			}
			var raw = rawCommits(db, options.seconds("raw-seconds"));
			report(figures, raw, db);
			var file = options.get("results-file");
			if (!file.isBlank()) {
				var lines = new StringBuilder("phases=");
				lines.append(String.join(",", figures.keySet().stream().map(c -> "c" + c).toList())).append('\n');
				figures.forEach((c, f) -> lines.append("phase.c").append(c).append(".from.epoch.ms=").append(f.fromMs())
					.append("\nphase.c").append(c).append(".to.epoch.ms=").append(f.toMs()).append('\n'));
				Files.writeString(Path.of(file), lines, StandardCharsets.UTF_8);
			}
			boolean clean = figures.values().stream()
				.allMatch(f -> f.phase().recorder().failures() == 0 && !f.phase().aborted() && f.lagMissing() == 0
						&& f.awards() == f.phase().recorder().successes());
			return clean ? 0 : 3;
		}
	}

	/** One request; every {@code every}-th is followed until its award is visible. */
	private Phase.Operation op(int every) {
		return (worker, steps) -> {
			long n = sequence.incrementAndGet();
			int r = (int) (n % subjects.size());
			long k = perResident.getAndIncrement(r);
			// a check-in on day 1..20 of a month, counting back from last month: within the daily and monthly caps
			var month = LocalDate.now(TOKYO).withDayOfMonth(1).minusMonths(1 + k / 20);
			var occurred = month.withDayOfMonth(1 + (int) (k % 20)).atTime(LocalTime.NOON).atZone(TOKYO).toInstant();
			var key = "hot-" + run + "-" + n;
			var body = "{\"resident\":\"" + subjects.get(r) + "\",\"type\":\"CHECK_IN\",\"occurredAt\":\"" + occurred
					+ "\",\"place\":\"もみじ台 地域交流エリア\",\"idempotencyKey\":\"" + key + "\"}";
			long t = System.nanoTime();
			var response = http.send(HttpRequest.newBuilder(base.resolve("/api/v1/activities"))
				.timeout(timeout)
				.header("Authorization", "Bearer " + token)
				.header("Content-Type", "application/json")
				.header("Accept", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
				.build(), HttpResponse.BodyHandlers.ofString());
			long answered = System.nanoTime();
			if (response.statusCode() != 201) {
				throw new BenchFailure("POST /api/v1/activities HTTP " + response.statusCode() + ", expected 201",
						response.body().length() > 300 ? response.body().substring(0, 300) : response.body());
			}
			steps[0] = answered - t;
			if (every != Integer.MAX_VALUE && followCounter.incrementAndGet() % every == 0) {
				var id = ID.matcher(response.body());
				if (!id.find()) {
					throw new BenchFailure("POST /api/v1/activities: no id in the answer", response.body());
				}
				followed.add(new Followed("activity:" + id.group(1), answered));
			}
		};
	}

	/**
	 * Polls the ledger every 5 ms for the awards of the followed requests: the lag of each is from
	 * its 201 to the first poll that sees its journal entry (balance and entry commit together).
	 */
	private void follow(AtomicBoolean stop, Recorder lag, AtomicInteger missing) {
		var pending = new LinkedHashMap<String, Long>();
		try (var db = connect();
				var q = db.prepareStatement("SELECT source FROM points_journal WHERE source = ANY (?)")) {
			long giveUpAt = Long.MAX_VALUE;
			while (true) {
				Followed f;
				while ((f = followed.poll()) != null) {
					pending.put(f.source(), f.answeredAt());
				}
				if (!pending.isEmpty()) {
					var batch = pending.keySet().stream().limit(1000).toArray(String[]::new);
					q.setArray(1, db.createArrayOf("varchar", batch));
					try (var rs = q.executeQuery()) {
						long seen = System.nanoTime();
						while (rs.next()) {
							var answered = pending.remove(rs.getString(1));
							if (answered != null) {
								lag.success(Math.max(0, seen - answered));
							}
						}
					}
				}
				if (stop.get()) {
					if (pending.isEmpty() && followed.isEmpty()) {
						return;
					}
					if (giveUpAt == Long.MAX_VALUE) {
						giveUpAt = System.nanoTime() + Duration.ofSeconds(30).toNanos();
					}
					else if (System.nanoTime() > giveUpAt) {
						missing.set(pending.size() + followed.size());
						return;
					}
				}
				Thread.sleep(5);
			}
		}
		catch (SQLException | InterruptedException ex) {
			missing.set(-1);
			out.println("   ERROR following awards: " + ex);
		}
	}

	private static void vacuumAnalyze(Connection db, String when) throws SQLException {
		long t0 = System.nanoTime();
		try (var st = db.createStatement()) {
			st.execute("VACUUM ANALYZE");
		}
		out.printf(Locale.ROOT, "== VACUUM ANALYZE %s: %.1f s (points_journal %d rows)%n", when,
				(System.nanoTime() - t0) / 1e9, count(db, "SELECT COUNT(*) FROM points_journal"));
	}

	/**
	 * Waits until the phase's awards are all in the ledger (every request earns one), or no award
	 * came for 15 s (an award that failed leaves its publication incomplete; that is reported, not
	 * waited for); returns the seconds from the end of the phase to the last award seen.
	 */
	private static double drain(Connection db, long awardsBefore, long expected) throws SQLException, InterruptedException {
		long t0 = System.nanoTime();
		long last = t0;
		long seen = awards(db) - awardsBefore;
		while (seen < expected && System.nanoTime() - last < Duration.ofSeconds(15).toNanos()) {
			Thread.sleep(10);
			long now = awards(db) - awardsBefore;
			if (now > seen) {
				seen = now;
				last = System.nanoTime();
			}
		}
		return (last - t0) / 1e9;
	}

	private static long awards(Connection db) throws SQLException {
		return count(db, "SELECT COUNT(*) FROM points_journal WHERE kind = 'AWARD'");
	}

	private double rawCommits(Connection db, Duration length) throws Exception {
		return rawCommits(options, db, length, run);
	}

	/**
	 * 8 threads, each inserting one row per transaction (autocommit) into bench_commit, for a while;
	 * also the redemption measurement's reference ({@link RedeemBench}).
	 */
	static double rawCommits(Options options, Connection db, Duration length, String run) throws Exception {
		try (var st = db.createStatement()) {
			st.execute("DROP TABLE IF EXISTS bench_commit");
			st.execute("CREATE TABLE bench_commit (id BIGSERIAL PRIMARY KEY, worker INT NOT NULL, payload VARCHAR(64) NOT NULL)");
		}
		var counts = new AtomicLongArray(8);
		var stopAt = new long[1];
		var threads = new ArrayList<Thread>();
		var failure = new java.util.concurrent.atomic.AtomicReference<Exception>();
		for (int w = 0; w < 8; w++) {
			int worker = w;
			var thread = new Thread(() -> {
				try (var c = connect(options);
						var insert = c.prepareStatement("INSERT INTO bench_commit (worker, payload) VALUES (?, ?)")) {
					c.setAutoCommit(true);
					while (System.nanoTime() < stopAt[0]) {
						insert.setInt(1, worker);
						insert.setString(2, run);
						insert.executeUpdate();
						counts.incrementAndGet(worker);
					}
				}
				catch (Exception ex) {
					failure.set(ex);
				}
			});
			threads.add(thread);
		}
		long t0 = System.nanoTime();
		stopAt[0] = t0 + length.toNanos();
		threads.forEach(Thread::start);
		for (var t : threads) {
			t.join();
		}
		double seconds = (System.nanoTime() - t0) / 1e9;
		if (failure.get() != null) {
			throw failure.get();
		}
		long total = 0;
		for (int w = 0; w < 8; w++) {
			total += counts.get(w);
		}
		try (var st = db.createStatement()) {
			st.execute("DROP TABLE bench_commit");
		}
		return total / seconds;
	}

	private void report(Map<Integer, Figures> figures, double raw, Connection db) throws SQLException {
		out.println();
		out.println("== results (latency: POST to 201; award lag: 201 to the award visible in the ledger, 1 request in "
				+ options.get("lag-sample") + " followed, polled every 5 ms)");
		out.printf(Locale.ROOT, "%-10s %7s %6s %11s %8s %8s %8s %10s %10s %8s %7s %11s %11s %9s %9s%n", "clients", "ops",
				"errors", "activities/s", "p50 ms", "p99 ms", "max ms", "awards/s", "(in phase)", "drain s", "missing",
				"lag p50 ms", "lag p99 ms", "lag max", "lag n");
		for (var e : figures.entrySet()) {
			var f = e.getValue();
			var s = f.phase().recorder().stats();
			var l = f.lag().stats();
			out.printf(Locale.ROOT, "%-10s %7d %6d %11.1f %8s %8s %8s %10.1f %10.1f %8.2f %7d %11s %11s %9s %9s%s%n",
					e.getKey(), f.phase().recorder().successes(), f.phase().recorder().failures(),
					f.phase().throughput(), Recorder.Stats.ms(s.percentileMs(50)), Recorder.Stats.ms(s.percentileMs(99)),
					Recorder.Stats.ms(s.maxMs()), f.awardsPerSecond(), f.awardsPerSecondDuringPhase(), f.drainSeconds(),
					f.phase().recorder().successes() - f.awards(),
					Recorder.Stats.ms(l.percentileMs(50)), Recorder.Stats.ms(l.percentileMs(99)),
					Recorder.Stats.ms(l.maxMs()), l.count() + (f.lagMissing() != 0 ? " (" + f.lagMissing() + " NOT SEEN)" : ""),
					f.phase().aborted() ? "  ABORTED" : "");
		}
		out.println("   awards/s = AWARD journal entries of the phase's requests / (phase + time from its end to the last"
				+ " of them, 'drain s'); (in phase) = awards recorded while the phase ran / its time; missing = requests"
				+ " whose award was not in the ledger 15 s after the last one came (a failed award: see the app log)");
		figures.values().forEach(f -> Phase.errors(out, f.phase()));
		figures.values().forEach(f -> Phase.cpu(out, f.phase()));
		out.printf(Locale.ROOT, "%n== raw PostgreSQL commit rate, same database, same run: %.0f single-row INSERTs/s"
				+ " (8 threads, JDBC, autocommit, table bench_commit, %s s)%n", raw, options.get("raw-seconds"));
		var top = figures.get(figures.keySet().stream().max(Integer::compare).orElseThrow());
		out.printf(Locale.ROOT, "   ratio at %d clients: activities/s %.1f = %.1f %% of the raw commit rate; awards/s %.1f ="
				+ " %.1f %%%n", figures.keySet().stream().max(Integer::compare).orElseThrow(), top.phase().throughput(),
				100 * top.phase().throughput() / raw, top.awardsPerSecond(), 100 * top.awardsPerSecond() / raw);
		var l = top.lag().stats();
		out.printf(Locale.ROOT, "   targets (issue 16): >= 1000 activities with their awards/s with 8 clients: %s;"
				+ " p99 < 50 ms: %s; award visible within 1 s (lag p99): %s%n",
				Math.min(top.phase().throughput(), top.awardsPerSecond()) >= 1000 ? "met" : "NOT MET",
				top.phase().recorder().stats().percentileMs(99) < 50 ? "met" : "NOT MET",
				l.count() > 0 && l.percentileMs(99) < 1000 && top.lagMissing() == 0 ? "met" : "NOT MET");
		out.printf(Locale.ROOT, "   programme budget left: %d points; event publications incomplete: %d%n",
				count(db, "SELECT balance FROM points_account WHERE id = 'program:activity'"),
				count(db, "SELECT COUNT(*) FROM event_publication WHERE completion_date IS NULL"));
		var perKind = new HashMap<String, Long>();
		try (var st = db.createStatement();
				var rs = st.executeQuery("SELECT kind, COUNT(*) FROM points_journal GROUP BY kind ORDER BY kind")) {
			while (rs.next()) {
				perKind.put(rs.getString(1), rs.getLong(2));
			}
		}
		out.println("   points_journal entries by kind: " + perKind + "; activity rows: "
				+ count(db, "SELECT COUNT(*) FROM activity") + "; requests sent: " + sequence.get());
	}

	/**
	 * prepareThreshold=0: no server-side prepared statements, so PostgreSQL plans each poll with its
	 * values and the tables' size now, never a generic plan cached while the ledger was empty.
	 */
	private Connection connect() throws SQLException {
		return connect(options);
	}

	static Connection connect(Options options) throws SQLException {
		var url = options.get("jdbc-url");
		url += (url.contains("?") ? "&" : "?") + "prepareThreshold=0";
		return DriverManager.getConnection(url, options.get("db-user"),
				System.getenv().getOrDefault("PGPASSWORD", ""));
	}

	private static long count(Connection db, String sql) throws SQLException {
		try (var st = db.createStatement(); var rs = st.executeQuery(sql)) {
			rs.next();
			return rs.getLong(1);
		}
	}
}
