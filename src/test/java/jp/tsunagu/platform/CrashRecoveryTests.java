package jp.tsunagu.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
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
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.JarFile;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;

import jp.tsunagu.TestDatabase;
import jp.tsunagu.Tsunagu;
import jp.tsunagu.activity.ActivityType;
import jp.tsunagu.identity.Accounts;
import jp.tsunagu.identity.PartnerClients;
import jp.tsunagu.identity.PartnerSubjects;
import jp.tsunagu.identity.TestClients;
import jp.tsunagu.residents.Area;
import jp.tsunagu.residents.DataSharing;
import jp.tsunagu.residents.ResidentDetails;
import jp.tsunagu.residents.Residents;
import jp.tsunagu.residents.SharingPurpose;

/**
 * The application killed with SIGKILL in the middle of a load of partner activity intake, on
 * PostgreSQL: nothing acknowledged is lost, nothing is counted twice. The application runs as a
 * separate JVM (as an operator runs it) on its own fresh database; 8 partner threads post
 * activities with a unique key each; the process is killed ({@link Process#destroyForcibly()},
 * SIGKILL on Linux) while requests and awards are in flight, started again on the same database,
 * and every request that had no 2xx answer is sent again with its key. When the event publication
 * registry has delivered everything, the database holds each activity once, each award once, every
 * resident exactly the points the rules and caps give for what they did, and a ledger that balances.
 */
@Tag("integration")
class CrashRecoveryTests {

	static final int THREADS = 8;

	static final int RESIDENTS = 30;

	/** Acknowledged requests before the kill. */
	static final int BEFORE_KILL = 400;

	static final List<ActivityType> TYPES = List.of(ActivityType.CHECK_IN, ActivityType.EVENT_ATTENDED,
			ActivityType.HEALTH_CONSULTATION, ActivityType.FARM_WORK, ActivityType.VITALS_TAKEN,
			ActivityType.VIDEO_WATCHED);

	/** One request as the partner sends it (and sends it again, the same, after the crash). */
	record Sent(String key, UUID resident, String subject, ActivityType type, Instant occurredAt) {

		String body() {
			return """
					{"resident":"%s","type":"%s","occurredAt":"%s","idempotencyKey":"%s"}""".formatted(subject, type,
					occurredAt, key);
		}
	}

	final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Test
	void whenTheApplicationIsKilledDuringIntakeThenResentRequestsLeaveEveryActivityAndAwardOnce() throws Exception {
		Assumptions.assumeTrue(TestDatabase.postgres(), "the crash test runs on PostgreSQL");
		var database = "tsunagu_crash_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		var url = TestDatabase.url().replaceFirst("/[^/?]+(\\?|$)", "/" + database + "$1");
		admin("CREATE DATABASE " + database);
		Process app = null;
		try {
			var setup = setUp(url);
			int port = freePort();

			app = start(url, port, 1);
			var token = token(port, setup.clientId(), setup.secret());
			var sent = new ConcurrentHashMap<String, Sent>();
			var acknowledged = ConcurrentHashMap.<String>newKeySet();
			var killed = new AtomicBoolean();
			var failuresBeforeKill = new AtomicInteger();
			var now = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
			var residents = setup.residents();
			try (var pool = Executors.newFixedThreadPool(THREADS)) {
				var workers = new ArrayList<Future<?>>();
				for (int t = 0; t < THREADS; t++) {
					int thread = t;
					workers.add(pool.submit(() -> {
						for (int i = 0; !killed.get(); i++) {
							var r = ThreadLocalRandom.current();
							var resident = residents.get(r.nextInt(residents.size()));
							// spread over five months, so that the day's and month's caps rarely cut
							var request = new Sent("crash-" + thread + "-" + i, resident.account(), resident.subject(),
									TYPES.get(r.nextInt(TYPES.size())), now.minus(r.nextInt(150), ChronoUnit.DAYS)
										.minusSeconds(r.nextInt(86_400)));
							sent.put(request.key(), request);
							try {
								if (post(port, token, request).statusCode() / 100 == 2) {
									acknowledged.add(request.key());
								}
								else if (!killed.get()) {
									failuresBeforeKill.incrementAndGet();
								}
							}
							catch (IOException lostWithTheProcess) {
								// no answer: resent after the restart
							}
						}
						return null;
					}));
				}
				var deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
				while (acknowledged.size() < BEFORE_KILL && System.nanoTime() < deadline) {
					Thread.sleep(20);
				}
				assertThat(acknowledged).as("the load got going before the kill").hasSizeGreaterThanOrEqualTo(BEFORE_KILL);
				app.destroyForcibly(); // SIGKILL: no shutdown hook, nothing flushed
				app.waitFor();
				killed.set(true);
				for (var worker : workers) {
					worker.get();
				}
			}
			assertThat(failuresBeforeKill).as("no request refused while the application ran").hasValue(0);
			long rowsAtKill;
			long pendingAtKill;
			try (var db = connect(url)) {
				rowsAtKill = count(db, "SELECT COUNT(*) FROM activity WHERE submitter = 'partner:" + setup.clientId() + "'");
				pendingAtKill = count(db, "SELECT COUNT(*) FROM event_publication WHERE completion_date IS NULL");
			}
			var unacknowledged = sent.values().stream().filter(s -> !acknowledged.contains(s.key())).toList();
			System.out.printf("crash test: %d sent, %d acknowledged, %d without answer; at the kill %d activity rows and"
					+ " %d event publications not yet delivered%n", sent.size(), acknowledged.size(),
					unacknowledged.size(), rowsAtKill, pendingAtKill);

			app = start(url, port, 2);
			var tokenAfter = token(port, setup.clientId(), setup.secret());
			var resent = new HashMap<Integer, Integer>();
			for (var request : unacknowledged) {
				int status = post(port, tokenAfter, request).statusCode();
				assertThat(status).as("resending " + request.key()).isIn(200, 201);
				resent.merge(status, 1, Integer::sum);
			}
			System.out.println("crash test: resent after restart, by answer: " + resent);
			try (var db = connect(url)) {
				var deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
				long pending;
				while ((pending = count(db, "SELECT COUNT(*) FROM event_publication WHERE completion_date IS NULL")) > 0
						&& System.nanoTime() < deadline) {
					Thread.sleep(200);
				}
				assertThat(pending).as("the registry delivered every publication after the restart").isZero();
				check(db, setup, sent);
			}
		}
		finally {
			if (app != null) {
				app.destroyForcibly();
				app.waitFor();
			}
			admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
		}
	}

	/** What the database must hold: each request once, its award once, the points the rules give. */
	private void check(Connection db, Setup setup, Map<String, Sent> sent) throws SQLException {
		// activities: one row per key sent, with what was sent
		var activities = new HashMap<String, UUID>();
		try (var q = db.prepareStatement("SELECT idempotency_key, id, resident, type, occurred_at FROM activity"
				+ " WHERE submitter = ?")) {
			q.setString(1, "partner:" + setup.clientId());
			try (var rs = q.executeQuery()) {
				while (rs.next()) {
					var key = rs.getString(1);
					assertThat(activities.put(key, rs.getObject(2, UUID.class))).as("one row for " + key).isNull();
					var request = sent.get(key);
					assertThat(request).as("a row for a key that was sent: " + key).isNotNull();
					assertThat(rs.getObject(3, UUID.class)).isEqualTo(request.resident());
					assertThat(rs.getString(4)).isEqualTo(request.type().name());
					assertThat(rs.getObject(5, java.time.OffsetDateTime.class).toInstant()).isEqualTo(request.occurredAt());
				}
			}
		}
		assertThat(activities.keySet()).as("every request acknowledged or resent is there, once")
			.containsExactlyInAnyOrderElementsOf(sent.keySet());

		// awards: at most one per activity, none for anything else
		var awarded = new HashMap<UUID, List<Long>>();
		try (var q = db.prepareStatement("SELECT j.source, l.amount FROM points_journal j JOIN points_line l"
				+ " ON l.journal_id = j.id AND l.account LIKE 'resident:%' WHERE j.kind = 'AWARD'");
				var rs = q.executeQuery()) {
			while (rs.next()) {
				var source = rs.getString(1);
				assertThat(source).startsWith("activity:");
				awarded.computeIfAbsent(UUID.fromString(source.substring("activity:".length())), k -> new ArrayList<>())
					.add(rs.getLong(2));
			}
		}
		assertThat(activities.values()).as("awards only for these activities").containsAll(awarded.keySet());
		awarded.forEach((activity, entries) -> assertThat(entries).as("awarded once: " + activity).hasSize(1));

		// points: per resident, what the rules and caps give for what they did
		var rules = new HashMap<String, int[]>();
		try (var q = db.prepareStatement("SELECT activity_type, points, daily_cap, monthly_cap FROM points_rule");
				var rs = q.executeQuery()) {
			while (rs.next()) {
				rules.put(rs.getString(1), new int[] { rs.getInt(2), rs.getInt(3), rs.getInt(4) });
			}
		}
		// resident -> type -> month -> day -> activities
		var done = new HashMap<UUID, Map<ActivityType, Map<YearMonth, Map<LocalDate, List<UUID>>>>>();
		for (var request : sent.values()) {
			var day = Tokyo.day(request.occurredAt());
			done.computeIfAbsent(request.resident(), k -> new HashMap<>())
				.computeIfAbsent(request.type(), k -> new HashMap<>())
				.computeIfAbsent(YearMonth.from(day), k -> new HashMap<>())
				.computeIfAbsent(day, k -> new ArrayList<>())
				.add(activities.get(request.key()));
		}
		long allAwarded = 0;
		int uncut = 0;
		for (var resident : done.entrySet()) {
			long expected = 0;
			for (var type : resident.getValue().entrySet()) {
				var rule = rules.get(type.getKey().name());
				for (var month : type.getValue().values()) {
					long monthTotal = 0;
					for (var day : month.values()) {
						monthTotal += Math.min((long) day.size() * rule[0], rule[1]);
					}
					expected += Math.min(monthTotal, rule[2]);
					if (monthTotal <= rule[2]) {
						for (var day : month.values()) {
							if ((long) day.size() * rule[0] <= rule[1]) {
								// no cap cut here: each of these activities earned the rule's points, once
								for (var activity : day) {
									assertThat(awarded.get(activity)).as("the award of " + activity)
										.containsExactly((long) rule[0]);
									uncut++;
								}
							}
						}
					}
				}
			}
			var account = "resident:" + resident.getKey();
			assertThat(count(db, "SELECT COALESCE(SUM(amount), 0) FROM points_line WHERE account = '" + account + "'"))
				.as("what the rules and caps give " + account).isEqualTo(expected);
			allAwarded += expected;
		}
		assertThat(uncut).as("most activities were not cut by a cap").isGreaterThan(sent.size() / 2);

		// the ledger balances
		assertThat(count(db, "SELECT COALESCE(SUM(amount), 0) FROM points_line")).as("all lines sum to zero").isZero();
		assertThat(count(db, "SELECT COUNT(*) FROM points_account a WHERE a.balance <>"
				+ " (SELECT COALESCE(SUM(l.amount), 0) FROM points_line l WHERE l.account = a.id)"))
			.as("every balance is the sum of its lines").isZero();
		assertThat(count(db, "SELECT 1000000 - SUM(balance) FROM points_account WHERE id = 'program:activity' OR id LIKE 'program:activity#%'"))
			.as("the programme paid what the residents hold").isEqualTo(allAwarded);
	}

	record Resident(UUID account, String subject) {
	}

	record Setup(String clientId, String secret, List<Resident> residents) {
	}

	/**
	 * Residents, a partner client with {@code activity.write}, and each resident's consent that this
	 * partner keeps their activity record: made through the modules' own APIs in a short-lived
	 * instance inside this JVM, which is closed before the application proper starts.
	 */
	private Setup setUp(String url) {
		try (var context = new SpringApplicationBuilder(Tsunagu.class).run("--server.port=0",
				"--spring.datasource.url=" + url, "--spring.datasource.username=" + user(),
				"--spring.datasource.password=" + password(), "--tsunagu.demo.enabled=false",
				"--spring.jmx.enabled=false")) {
			var client = TestClients.confidential(context.getBean(PartnerClients.class), Set.of("openid", "activity.write"));
			var clientId = client.client().clientId();
			var residents = new ArrayList<Resident>();
			for (int i = 0; i < RESIDENTS; i++) {
				var resident = context.getBean(Residents.class)
					.registerAtHelpDesk(new ResidentDetails("札幌", "花子", "さっぽろ", "ハナコ",
							LocalDate.of(1940 + i, 4, 1), Area.MOMIJIDAI, null));
				var account = resident.account();
				context.getBean(DataSharing.class).give(account, clientId, SharingPurpose.ACTIVITY_FOR_REWARDS);
				var accountSubject = context.getBean(Accounts.class).find(account).orElseThrow().subject();
				residents.add(new Resident(account.value(),
						context.getBean(PartnerSubjects.class).subjectFor(clientId, accountSubject).orElseThrow()));
			}
			return new Setup(clientId, client.secret(), residents);
		}
	}

	/** The application in a JVM of its own, as an operator starts it; waits until it answers UP. */
	private Process start(String url, int port, int run) throws Exception {
		var java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
		var log = Path.of("target", "crash-test-app-" + run + ".log");
		Files.createDirectories(log.getParent());
		var process = new ProcessBuilder(java, "-Xmx512m", "--enable-native-access=ALL-UNNAMED", "-cp",
				applicationClassPath(), Tsunagu.class.getName(), "--server.port=" + port,
				"--spring.datasource.url=" + url, "--spring.datasource.username=" + user(),
				"--spring.datasource.password=" + password(), "--tsunagu.identity.issuer=http://localhost:" + port,
				"--tsunagu.demo.enabled=false", "--spring.jmx.enabled=false")
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		var deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
		while (System.nanoTime() < deadline) {
			assertThat(process.isAlive()).as("the application is starting (see " + log + ")").isTrue();
			try {
				var health = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
					.timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
				if (health.statusCode() == 200 && health.body().contains("\"UP\"")) {
					return process;
				}
			}
			catch (IOException notYet) {
				// still starting
			}
			Thread.sleep(250);
		}
		process.destroyForcibly();
		throw new AssertionError("the application did not start in 3 minutes; see " + log);
	}

	/**
	 * The application's class path without the tests' classes (their test configurations are not
	 * part of the application). Failsafe may hand the JVM a manifest-only jar: then its Class-Path.
	 */
	private static String applicationClassPath() throws IOException {
		var entries = new ArrayList<String>();
		for (var entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
			if (entry.endsWith(".jar") && new File(entry).getName().startsWith("surefirebooter")) {
				try (var jar = new JarFile(entry)) {
					for (var u : jar.getManifest().getMainAttributes().getValue("Class-Path").split(" ")) {
						if (u.startsWith("file:")) {
							entries.add(Path.of(URI.create(u)).toString());
						}
						else if (!u.isBlank()) {
							entries.add(URLDecoder.decode(u, StandardCharsets.UTF_8));
						}
					}
				}
			}
			else {
				entries.add(entry);
			}
		}
		return String.join(File.pathSeparator,
				entries.stream().filter(e -> !e.replace('\\', '/').endsWith("test-classes")
						&& !e.replace('\\', '/').endsWith("test-classes/")).toList());
	}

	private HttpResponse<String> post(int port, String token, Sent request) throws IOException, InterruptedException {
		return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/activities"))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + token)
			.header("Idempotency-Key", request.key())
			.POST(HttpRequest.BodyPublishers.ofString(request.body()))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String token(int port, String clientId, String secret) throws Exception {
		TokenResponse response = TokenResponse.parse(new TokenRequest(
				URI.create("http://localhost:" + port + "/oauth2/token"),
				new ClientSecretBasic(new ClientID(clientId), new Secret(secret)), new ClientCredentialsGrant(),
				new Scope("activity.write")).toHTTPRequest().send());
		return response.toSuccessResponse().getTokens().getAccessToken().getValue();
	}

	private static String user() {
		return System.getenv().getOrDefault("TSUNAGU_DB_USER", "postgres");
	}

	private static String password() {
		return System.getenv().getOrDefault("TSUNAGU_DB_PASSWORD", "");
	}

	private static Connection connect(String url) throws SQLException {
		return DriverManager.getConnection(url, user(), password());
	}

	private static void admin(String statement) throws SQLException {
		try (var db = connect(TestDatabase.url()); var s = db.createStatement()) {
			s.execute(statement);
		}
	}

	private static long count(Connection db, String query) throws SQLException {
		try (var s = db.createStatement(); var rs = s.executeQuery(query)) {
			rs.next();
			return rs.getLong(1);
		}
	}

	private static int freePort() throws IOException {
		try (var socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}
}
