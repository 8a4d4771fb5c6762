package jp.tsunagu.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jsoup.Jsoup;

import com.nimbusds.jwt.SignedJWT;

import jp.tsunagu.bench.IdentityFlows.BenchUser;
import jp.tsunagu.bench.IdentityFlows.Client;

/**
 * Tsunagu's FHIR endpoint as its people use it. The demo administrator registers a measuring station
 * on {@code /admin/vitals/stations} (its client_id and secret are shown once) and a health partner on
 * {@code /admin/clients} (confidential, back end, scopes {@code openid vitals.read}); residents register
 * themselves on {@code /register}; each searched resident signs in once to the partner (code flow: the
 * ID token's {@code sub} is their FHIR Patient id for that partner) and agrees on {@code /sharing} to
 * share vitals with it ({@code VITALS_FOR_HEALTH_ADVICE}). The station posts with a client-credentials
 * token of scope {@code vitals.write}, naming the resident by the check-in identifier (their login
 * name, what the check-in QR holds); the partner searches and reads with one of scope
 * {@code vitals.read}.
 */
final class FhirTsunagu implements FhirTarget {

	static final String CHECK_IN = "https://tsunagu.jp/sid/check-in";

	private static final PrintStream out = System.out;

	/** Access tokens live 10 minutes: renewed when older than this. */
	private static final Duration TOKEN_AGE = Duration.ofMinutes(4);

	private final Options legacy;

	private final URI base;

	private final HttpClient http;

	private final Duration timeout;

	private final String run;

	private final String password;

	private List<String> writers = List.of();

	private List<String> searchers = List.of();

	private List<String> subs = List.of();

	private Token stationToken;

	private Token partnerToken;

	/** A client-credentials token, renewed when old. */
	private static final class Token {

		private final IdentityFlows flows;

		private final String scope;

		private String value;

		private long obtained;

		Token(IdentityFlows flows, String scope) {
			this.flows = flows;
			this.scope = scope;
		}

		synchronized String bearer() throws IOException, InterruptedException, BenchFailure {
			if (value == null || System.nanoTime() - obtained > TOKEN_AGE.toNanos()) {
				value = flows.clientCredentials(scope);
				obtained = System.nanoTime();
			}
			return "Bearer " + value;
		}
	}

	FhirTsunagu(Options legacy, HttpClient http, String run) throws BenchFailure {
		this.legacy = legacy;
		this.base = URI.create(legacy.get("base-url"));
		this.http = http;
		this.timeout = legacy.seconds("timeout");
		this.run = run.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
		this.password = legacy.get("user-password");
	}

	@Override
	public String id() {
		return "tsunagu";
	}

	@Override
	public String title() {
		return "Tsunagu /fhir (station: client credentials vitals.write; partner: vitals.read, with the residents' consent)";
	}

	@Override
	public void prepare(int writerCount, int searcherCount) throws Exception {
		long t0 = System.nanoTime();
		var tsunagu = new TsunaguProvider(legacy);
		var admin = tsunagu.newBrowser();
		signInWithRetry(tsunagu, admin, Duration.ofSeconds(120));
		var stamp = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		var redirect = URI.create(legacy.get("redirect-uri"));
		var partner = tsunagu.registerClient(admin, "tsunagu-bench-fhir partner " + stamp, redirect,
				List.of("openid", "vitals.read"), "openid", true);
		var partnerFlows = tsunagu.connect(partner);
		partnerToken = new Token(partnerFlows, "vitals.read");
		partnerToken.bearer();
		out.println("   partner " + partner.id() + " registered on /admin/clients (confidential, back end, scopes openid"
				+ " vitals.read); client_credentials token for vitals.read: ok");

		var browser = tsunagu.newBrowser();
		var w = new ArrayList<String>();
		for (int i = 0; i < writerCount; i++) {
			var user = new BenchUser(i + 1, "fhw" + run + i + "@bench.example", password + "-w" + i);
			tsunagu.createUser(browser, user);
			w.add(user.loginName());
		}
		var s = new ArrayList<String>();
		var sub = new ArrayList<String>();
		for (int i = 0; i < searcherCount; i++) {
			var user = new BenchUser(writerCount + i + 1, "fhs" + run + i + "@bench.example", password + "-s" + i);
			tsunagu.createUser(browser, user);
			var tokens = tsunagu.login(browser, user, true, IdentityFlows.Steps.NONE);
			sub.add(SignedJWT.parse(tokens.idToken()).getJWTClaimsSet().getSubject());
			agreeToShareVitals(browser, partner.id());
			s.add(user.loginName());
		}
		var station = registerStation(admin, "tsunagu-bench-fhir station " + stamp, "もみじ台 地域交流エリア");
		var stationFlows = new IdentityFlows(partnerFlows.discovery(), http, timeout);
		stationFlows.use(new Client(station.id(), station.secret(), redirect, "vitals.write"));
		stationToken = new Token(stationFlows, "vitals.write");
		stationToken.bearer();
		out.println("   station " + station.id() + " registered on /admin/vitals/stations by " + legacy.get("admin-user")
				+ "; client_credentials token for vitals.write: ok");
		writers = List.copyOf(w);
		searchers = List.copyOf(s);
		subs = List.copyOf(sub);
		out.printf(Locale.ROOT, "   %d residents registered on /register (%d writers; %d searchers, each signed in once to"
				+ " the partner: sub = their Patient id for it, and agreed on /sharing to VITALS_FOR_HEALTH_ADVICE),"
				+ " setup %.1f s%n", writerCount + searcherCount, writerCount, searcherCount,
				(System.nanoTime() - t0) / 1e9);
	}

	private void signInWithRetry(TsunaguProvider tsunagu, Browser admin, Duration patience) throws Exception {
		long until = System.nanoTime() + patience.toNanos();
		while (true) {
			try {
				tsunagu.signIn(admin, legacy.get("admin-user"), legacy.get("admin-password"));
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

	private record Station(String id, String secret) {
	}

	/** The station form: name and place; the answer shows the client_id and the secret once. */
	private Station registerStation(Browser admin, String name, String place)
			throws IOException, InterruptedException, BenchFailure {
		var form = admin.get(base.resolve("/admin/vitals/stations"));
		IdentityFlows.expectStatus(form, 200, "GET /admin/vitals/stations");
		var page = admin.postForm(base.resolve("/admin/vitals/stations"),
				List.of(Map.entry("name", name), Map.entry("place", place), Map.entry("_csrf",
						IdentityFlows.csrf(form, "/admin/vitals/stations", "GET /admin/vitals/stations"))));
		if (page.redirect() && page.location().isPresent()) {
			page = admin.get(page.location().get());
		}
		IdentityFlows.expectStatus(page, 200, "POST /admin/vitals/stations");
		var doc = Jsoup.parse(page.body(), page.uri().toString());
		var id = doc.selectFirst("#station-client-id");
		var secret = doc.selectFirst("#station-secret");
		if (id == null || secret == null || id.text().isBlank() || secret.text().isBlank()) {
			var error = doc.selectFirst(".error-summary");
			throw new BenchFailure("POST /admin/vitals/stations: no #station-client-id / #station-secret on the page",
					error == null ? null : error.text());
		}
		return new Station(id.text().strip(), secret.text().strip());
	}

	/** The signed-in resident agrees that the partner sees their vitals (for health advice). */
	private void agreeToShareVitals(Browser browser, String partnerId)
			throws IOException, InterruptedException, BenchFailure {
		var page = browser.get(base.resolve("/sharing/new?partner=" + URLEncoder.encode(partnerId, StandardCharsets.UTF_8)
				+ "&purpose=VITALS_FOR_HEALTH_ADVICE"));
		if (page.status() != 200) {
			page = browser.get(base.resolve("/sharing"));
		}
		IdentityFlows.expectStatus(page, 200, "GET /sharing");
		var done = browser.postForm(base.resolve("/sharing"), List.of(Map.entry("partner", partnerId),
				Map.entry("purpose", "VITALS_FOR_HEALTH_ADVICE"),
				Map.entry("_csrf", IdentityFlows.csrf(page, "/sharing", "GET /sharing"))));
		if (!done.redirect()) {
			throw new BenchFailure("POST /sharing (VITALS_FOR_HEALTH_ADVICE) " + done.describe());
		}
	}

	private static String checkIn(String loginName) {
		return "{\"identifier\":{\"system\":\"" + CHECK_IN + "\",\"value\":\"" + loginName + "\"}}";
	}

	@Override
	public String writerSubject(int i) {
		return checkIn(writers.get(i));
	}

	@Override
	public String searcherSubject(int i) {
		return checkIn(searchers.get(i));
	}

	@Override
	public String patient(int i) {
		return subs.get(i);
	}

	@Override
	public String writeAuthorization() throws Exception {
		return stationToken.bearer();
	}

	@Override
	public String readAuthorization() throws Exception {
		return partnerToken.bearer();
	}
}
