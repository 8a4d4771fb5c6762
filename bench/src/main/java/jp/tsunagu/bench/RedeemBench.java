package jp.tsunagu.bench;

import java.io.PrintStream;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import org.jsoup.Jsoup;

import jp.tsunagu.bench.IdentityFlows.BenchUser;

/**
 * Coupon redemptions at the till per second (issue 16, "redemptions ≥ 500/s"), over the real pages
 * only. Setup (not measured): the demo shop account creates a free campaign on
 * {@code /shop/coupons/campaigns/new}; residents register on {@code /register}, sign in and get
 * coupons the way a resident does ({@code GET /coupons/offers/{id}}, {@code POST} with the form's
 * key and CSRF token, then the coupon's page {@code /coupons/{id}} for its short code). Each
 * measured operation is one redemption by a till signed in as the shop: {@code GET
 * /shop/coupons/redeem/confirm?code=…} (the confirmation) and {@code POST /shop/coupons/redeem} with
 * the code and the CSRF token of that page; the answer must be 200 and say 「クーポンを使用済みにしました」.
 * Every coupon is redeemed once. Coupons are obtained before each phase for what it can use (the
 * best rate so far × its duration, with a margin); a phase stops early only if they run out, and
 * says so. Afterwards: a double-redemption check (two tills at once, exactly one wins), the raw
 * PostgreSQL commit rate of {@link HotPathBench}, and the database checks.
 */
final class RedeemBench {

	static final List<String> STEPS = List.of("GET confirm", "POST redeem");

	private static final PrintStream out = System.out;

	private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	private static final Pattern KEY = Pattern.compile("name=\"key\" value=\"([0-9a-f-]{36})\"");

	private static final Pattern SHORT_CODE = Pattern.compile("id=\"short-code\"[^>]*>([^<]+)<");

	private static final Pattern COUPON_PATH = Pattern.compile("^/coupons/([0-9a-f-]{36})$");

	private static final String DONE = "クーポンを使用済みにしました";

	private static final String USED = "使用済み";

	private static final String CONFIRM = "このクーポンを使いますか";

	private final Options options;

	private final URI base;

	private final Duration timeout;

	private final CpuMeter cpu;

	private final TsunaguProvider tsunagu;

	private final String run = IdentityFlows.random().substring(0, 8).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "x");

	private record Coupon(UUID id, String code) {
	}

	/** A resident who gets coupons: their browser (signed in) and how many they hold. */
	private static final class Holder {

		final Browser browser;

		int held;

		Holder(Browser browser) {
			this.browser = browser;
		}
	}

	private final ConcurrentLinkedQueue<Holder> holders = new ConcurrentLinkedQueue<>();

	private final AtomicInteger residents = new AtomicInteger();

	private ConcurrentLinkedQueue<Coupon> unused = new ConcurrentLinkedQueue<>();

	private final ConcurrentLinkedQueue<UUID> redeemed = new ConcurrentLinkedQueue<>();

	/** Coupons whose redemption failed in a way that leaves it unknown whether they were used. */
	private final ConcurrentLinkedQueue<UUID> uncertain = new ConcurrentLinkedQueue<>();

	private final AtomicInteger obtained = new AtomicInteger();

	private final List<Browser> tills = new ArrayList<>();

	private String campaignId;

	private String headline;

	private int perPerson;

	private double obtainSeconds;

	RedeemBench(Options options) throws BenchFailure {
		this.options = options;
		this.base = URI.create(options.get("base-url"));
		this.timeout = options.seconds("timeout");
		this.cpu = new CpuMeter(Long.parseLong(options.get("app-pid")), Integer.parseInt(options.get("clock-ticks")));
		this.tsunagu = new TsunaguProvider(options);
	}

	int run() throws Exception {
		var clients = new ArrayList<Integer>();
		for (var c : options.get("redeem-clients").split(",")) {
			clients.add(Integer.parseInt(c.trim()));
		}
		int maxClients = Collections.max(clients);
		var warmup = options.seconds("warmup");
		var duration = options.seconds("duration");
		long maxOps = options.integer("max-ops");
		perPerson = options.integer("redeem-per-person");
		long quietUntil = System.nanoTime() + options.seconds("quiet-wait").toNanos();

		out.println("== redeem setup against " + base);
		long t0 = System.nanoTime();
		createCampaign();
		out.printf(Locale.ROOT, "   campaign %s 「%s」 created by %s on /shop/coupons/campaigns/new (free, stock %s,"
				+ " %d per person, for any area), in %.1f s%n", campaignId, headline, options.get("shop-user"),
				options.get("redeem-stock"), perPerson, (System.nanoTime() - t0) / 1e9);
		t0 = System.nanoTime();
		for (int i = 0; i < maxClients + 1; i++) {
			var till = tsunagu.newBrowser();
			tsunagu.signIn(till, options.get("shop-user"), options.get("shop-password"));
			tills.add(till);
		}
		out.printf(Locale.ROOT, "   %d till sessions signed in as %s (one per client, one more for the double-redemption"
				+ " check), in %.1f s%n", tills.size(), options.get("shop-user"), (System.nanoTime() - t0) / 1e9);
		int doubles = options.integer("redeem-doubles");
		obtain(options.integer("redeem-initial") + doubles);
		var forDoubles = new ArrayList<Coupon>();
		for (int i = 0; i < doubles; i++) {
			forDoubles.add(unused.poll());
		}

		try (var db = HotPathBench.connect(options)) {
			vacuumAnalyze(db, "after setup, before the warm-up");
			out.println();
			out.println("== redemption at the till: GET /shop/coupons/redeem/confirm?code=<short code> (200, 「" + CONFIRM
					+ "」) then POST /shop/coupons/redeem (code, _csrf; 200, 「" + DONE + "」), a distinct unused coupon"
					+ " each; tills signed in as " + options.get("shop-user") + "; phases of " + clients + " clients, "
					+ duration.toSeconds() + " s each (at most " + maxOps + "), after a warm-up of " + warmup.toSeconds()
					+ " s with " + maxClients + " clients");
			out.println("   command " + options.get("command"));
			double best = 0;
			int bestClients = maxClients;
			if (!warmup.isZero()) {
				var w = Phase.run("warm-up", maxClients, warmup, Math.min(maxOps, unused.size()), timeout, STEPS, cpu,
						op());
				out.printf(Locale.ROOT, "   warm-up: %d ok, %d errors, %.1f/s in %.1f s (not measured)%n",
						w.recorder().successes(), w.recorder().failures(), w.throughput(), w.seconds());
				Phase.errors(out, w);
				best = w.throughput();
			}
			var results = new LinkedHashMap<Integer, Phase.Result>();
			var times = new LinkedHashMap<Integer, long[]>();
			for (int c : clients) {
				// the best rate so far (at least 100/s), scaled up when this phase has more clients than the one that
				// set it (the 4-client phase of the first full run did 2.5x the 1-client rate and ran out at 18 s of 20),
				// twice over: a phase should end by its time, not by running out
				double expected = Math.max(best, 100) * Math.max(1.0, Math.min(4.0, (double) c / bestClients));
				long wanted = Math.min(maxOps, (long) Math.ceil(expected * duration.toSeconds() * 2) + 200);
				if (unused.size() < wanted) {
					obtain((int) (wanted - unused.size()));
				}
				shuffle();
				vacuumAnalyze(db, "before the phase of " + c + " clients");
				Phase.waitForQuiet(out, cpu, quietUntil);
				long available = unused.size();
				long from = System.currentTimeMillis();
				var r = Phase.run(c + (c == 1 ? " client" : " clients"), c, duration, Math.min(maxOps, available),
						timeout, STEPS, cpu, op());
				results.put(c, r);
				times.put(c, new long[] { from, System.currentTimeMillis() });
				if (r.throughput() > best) {
					best = r.throughput();
					bestClients = c;
				}
				out.printf(Locale.ROOT, "   phase %d: %d ok, %d errors, %.1f/s in %.1f s%s%n", c, r.recorder().successes(),
						r.recorder().failures(), r.throughput(), r.seconds(),
						r.recorder().successes() + r.recorder().failures() >= available ? " (CUT SHORT: coupons ran out)"
								: "");
			}

			var file = options.get("results-file");
			if (!file.isBlank()) { // the phases' times, for run.sh's JFR summary per phase
				var lines = new StringBuilder("phases=");
				lines.append(String.join(",", times.keySet().stream().map(c -> "c" + c).toList())).append('\n');
				times.forEach((c, t) -> lines.append("phase.c").append(c).append(".from.epoch.ms=").append(t[0])
					.append("\nphase.c").append(c).append(".to.epoch.ms=").append(t[1]).append('\n'));
				java.nio.file.Files.writeString(java.nio.file.Path.of(file), lines);
			}
			int doubleFailures = doubleRedemptions(forDoubles);
			var raw = HotPathBench.rawCommits(options, db, options.seconds("raw-seconds"), run);
			report(results, raw);
			int checks = check(db);
			boolean clean = doubleFailures == 0 && checks == 0
					&& results.values().stream().allMatch(r -> r.recorder().failures() == 0 && !r.aborted());
			return clean ? 0 : 3;
		}
	}

	// ---- setup ---------------------------------------------------------------------------------

	private void createCampaign() throws Exception {
		var shop = tsunagu.newBrowser();
		tsunagu.signIn(shop, options.get("shop-user"), options.get("shop-password"));
		var form = shop.get(base.resolve("/shop/coupons/campaigns/new"));
		IdentityFlows.expectStatus(form, 200, "GET /shop/coupons/campaigns/new");
		var last = LocalDate.now(TOKYO).plusDays(30);
		headline = "負荷試験 " + run;
		var fields = List.of(Map.entry("kind", "COUPON"), Map.entry("headline", headline),
				Map.entry("worth", "負荷試験(0円)"), Map.entry("pricePoints", "0"), Map.entry("settlementYen", "10"),
				Map.entry("stock", options.get("redeem-stock")), Map.entry("perPerson", Integer.toString(perPerson)),
				Map.entry("year", Integer.toString(last.getYear())), Map.entry("month", Integer.toString(last.getMonthValue())),
				Map.entry("day", Integer.toString(last.getDayOfMonth())), Map.entry("area", ""),
				Map.entry("_csrf", IdentityFlows.csrf(form, "/shop/coupons/campaigns", "GET /shop/coupons/campaigns/new")));
		var done = shop.postForm(base.resolve("/shop/coupons/campaigns"), fields);
		if (!done.redirect() || done.location().map(l -> !"/shop/coupons/campaigns".equals(l.getRawPath())).orElse(true)) {
			var errors = Jsoup.parse(done.body()).select(".field-error, .error-summary").eachText();
			throw new BenchFailure("POST /shop/coupons/campaigns " + done.describe(), String.join(" / ", errors));
		}
		// its id: the offer a resident sees on /coupons
		var holder = newHolder();
		var list = holder.browser.get(base.resolve("/coupons"));
		IdentityFlows.expectStatus(list, 200, "GET /coupons");
		for (var a : Jsoup.parse(list.body(), list.uri().toString()).select("a[href^=/coupons/offers/]")) {
			if (a.text().contains(headline)) {
				campaignId = a.attr("href").substring("/coupons/offers/".length());
			}
		}
		if (campaignId == null) {
			throw new BenchFailure("GET /coupons: the new campaign 「" + headline + "」 is not among the offers");
		}
		holders.add(holder);
	}

	private Holder newHolder() throws Exception {
		int i = residents.incrementAndGet();
		var user = new BenchUser(i, "red" + run + i + "@bench.example", options.get("user-password") + "-" + i);
		var browser = tsunagu.newBrowser();
		tsunagu.createUser(browser, user);
		tsunagu.signIn(browser, user.loginName(), user.password());
		return new Holder(browser);
	}

	/** {@code n} more coupons, by the residents' own pages, on {@code --setup-threads} threads. */
	private void obtain(int n) throws Exception {
		long t0 = System.nanoTime();
		int before = obtained.get();
		var left = new AtomicInteger(n);
		var failure = new java.util.concurrent.atomic.AtomicReference<Exception>();
		var threads = new ArrayList<Thread>();
		for (int t = 0; t < Math.max(1, options.integer("setup-threads")); t++) {
			var thread = new Thread(() -> {
				try {
					Holder holder = null;
					while (failure.get() == null && left.getAndDecrement() > 0) {
						if (holder == null || holder.held >= perPerson) {
							holder = holders.poll();
							if (holder == null || holder.held >= perPerson) {
								holder = newHolder();
							}
						}
						unused.add(obtainOne(holder));
						holder.held++;
						obtained.incrementAndGet();
					}
					if (holder != null && holder.held < perPerson) {
						holders.add(holder);
					}
				}
				catch (Exception ex) {
					failure.compareAndSet(null, ex);
				}
			}, "obtain-" + t);
			threads.add(thread);
			thread.start();
		}
		for (var t : threads) {
			t.join();
		}
		if (failure.get() != null) {
			throw failure.get();
		}
		double s = (System.nanoTime() - t0) / 1e9;
		obtainSeconds += s;
		out.printf(Locale.ROOT, "   %d coupons obtained on the residents' pages (offer GET, POST with key and _csrf,"
				+ " the coupon's page for its short code) in %.1f s, %.0f/s; %d residents so far, %d coupons unused%n",
				obtained.get() - before, s, (obtained.get() - before) / s, residents.get(), unused.size());
	}

	private Coupon obtainOne(Holder holder) throws Exception {
		var browser = holder.browser;
		var offer = browser.get(base.resolve("/coupons/offers/" + campaignId));
		IdentityFlows.expectStatus(offer, 200, "GET /coupons/offers/{id}");
		var key = KEY.matcher(offer.body());
		if (!key.find()) {
			throw new BenchFailure("GET /coupons/offers/{id}: no key on the form");
		}
		var got = browser.postForm(base.resolve("/coupons/offers/" + campaignId),
				List.of(Map.entry("key", key.group(1)), Map.entry("_csrf", csrf(offer, "/coupons/offers/" + campaignId))));
		var path = got.location().map(URI::getRawPath).map(COUPON_PATH::matcher).orElse(null);
		if (!got.redirect() || path == null || !path.matches()) {
			throw new BenchFailure("POST /coupons/offers/{id} " + got.describe() + ", expected -> /coupons/{id}?new");
		}
		var id = UUID.fromString(path.group(1));
		var page = browser.get(got.location().get());
		IdentityFlows.expectStatus(page, 200, "GET /coupons/{id}?new");
		var code = SHORT_CODE.matcher(page.body());
		if (!code.find() || !page.body().contains("id=\"done\"")) {
			throw new BenchFailure("GET /coupons/{id}?new: no short code or no 「もらいました」");
		}
		return new Coupon(id, code.group(1).strip());
	}

	private void shuffle() {
		var list = new ArrayList<>(unused);
		Collections.shuffle(list); // coupons of many residents side by side, as at a real till
		unused = new ConcurrentLinkedQueue<>(list);
	}

	// ---- the till ------------------------------------------------------------------------------

	private Phase.Operation op() {
		return (worker, steps) -> {
			var coupon = unused.poll();
			if (coupon == null) {
				throw new BenchFailure("no unused coupon left");
			}
			var till = tills.get(worker);
			long t = System.nanoTime();
			var confirm = till.get(confirmUri(coupon));
			long t1 = System.nanoTime();
			if (confirm.status() != 200 || !confirm.body().contains(CONFIRM)) {
				throw new BenchFailure("GET /shop/coupons/redeem/confirm " + confirm.describe() + ", expected 200 「" + CONFIRM
						+ "」", refusal(confirm));
			}
			var done = till.postForm(base.resolve("/shop/coupons/redeem"),
					List.of(Map.entry("code", coupon.code()), Map.entry("_csrf", csrf(confirm, "/shop/coupons/redeem"))));
			long t2 = System.nanoTime();
			if (done.status() != 200 || !done.body().contains(DONE)) {
				uncertain.add(coupon.id());
				throw new BenchFailure("POST /shop/coupons/redeem " + done.describe() + ", expected 200 「" + DONE + "」",
						refusal(done));
			}
			redeemed.add(coupon.id());
			steps[0] = t1 - t;
			steps[1] = t2 - t1;
		};
	}

	private URI confirmUri(Coupon coupon) {
		return base.resolve("/shop/coupons/redeem/confirm?code=" + Browser.encode(coupon.code()));
	}

	/**
	 * Each coupon: two tills open its confirmation, then both press 「使用済みにする」 at the same
	 * moment. Exactly one must be told it is done, the other (409) that it is used (「使用済み」).
	 */
	private int doubleRedemptions(List<Coupon> coupons) throws Exception {
		out.println();
		out.println("== double redemption: " + coupons.size() + " coupons, each confirmed on two tills, then POSTed from"
				+ " both at once");
		int failures = 0;
		var a = tills.get(0);
		var b = tills.get(tills.size() - 1);
		for (var coupon : coupons) {
			var ca = a.get(confirmUri(coupon));
			var cb = b.get(confirmUri(coupon));
			if (ca.status() != 200 || cb.status() != 200) {
				out.println("   PROBLEM: confirmation " + ca.describe() + " / " + cb.describe());
				failures++;
				continue;
			}
			var barrier = new CyclicBarrier(2);
			var answers = new Browser.Page[2];
			var errors = new Exception[2];
			var threads = new Thread[2];
			var pairs = List.of(Map.entry(a, ca), Map.entry(b, cb));
			for (int i = 0; i < 2; i++) {
				int k = i;
				threads[i] = new Thread(() -> {
					try {
						var form = List.of(Map.entry("code", coupon.code()),
								Map.entry("_csrf", csrf(pairs.get(k).getValue(), "/shop/coupons/redeem")));
						barrier.await();
						answers[k] = pairs.get(k).getKey().postForm(base.resolve("/shop/coupons/redeem"), form);
					}
					catch (Exception ex) {
						errors[k] = ex;
					}
				});
				threads[i].start();
			}
			for (var t : threads) {
				t.join();
			}
			if (errors[0] != null || errors[1] != null) {
				out.println("   PROBLEM: " + errors[0] + " / " + errors[1]);
				uncertain.add(coupon.id());
				failures++;
				continue;
			}
			int wins = 0;
			int told = 0;
			for (var p : answers) {
				if (p.status() == 200 && p.body().contains(DONE)) {
					wins++;
				}
				else if (p.status() == 409 && refusal(p).contains(USED)) {
					told++;
				}
			}
			var again = a.get(confirmUri(coupon));
			boolean afterwards = again.status() == 409 && refusal(again).contains(USED);
			if (wins >= 1) {
				redeemed.add(coupon.id());
			}
			boolean ok = wins == 1 && told == 1 && afterwards;
			if (!ok) {
				failures++;
			}
			out.printf(Locale.ROOT, "   %s: %s / %s -> %d done, %d told 「使用済み」; a third look: %s 「%s」%s%n", coupon.code(),
					answers[0].describe(), answers[1].describe(), wins, told, again.describe(), refusal(again),
					ok ? "" : "  <- PROBLEM");
		}
		out.println("   " + (failures == 0 ? "OK: exactly one success per coupon, the other till told it is used"
				: "PROBLEM with " + failures + " of " + coupons.size() + " coupons"));
		return failures;
	}

	private static String refusal(Browser.Page page) {
		var text = Jsoup.parse(page.body()).select("#refusal").text();
		return text.isBlank() ? Jsoup.parse(page.body()).select("h1").text() : text;
	}

	private static String csrf(Browser.Page page, String action) throws BenchFailure {
		var m = CSRF.matcher(page.body());
		return m.find() ? m.group(1) : IdentityFlows.csrf(page, action, "GET " + page.uri().getRawPath());
	}

	// ---- report and checks ---------------------------------------------------------------------

	private void report(Map<Integer, Phase.Result> results, double raw) {
		out.println();
		out.println("== results (one operation = one redemption: GET confirmation + POST redeem, both checked; latency of"
				+ " the two together)");
		out.printf(Locale.ROOT, "%-10s %7s %6s %13s %8s %8s %8s %8s %14s %14s%n", "clients", "ops", "errors",
				"redemptions/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "GET p50/p99", "POST p50/p99");
		for (var e : results.entrySet()) {
			var r = e.getValue();
			var s = r.recorder().stats();
			var g = r.recorder().stepStats(0);
			var p = r.recorder().stepStats(1);
			out.printf(Locale.ROOT, "%-10s %7d %6d %13.1f %8s %8s %8s %8s %14s %14s%s%n", e.getKey(),
					r.recorder().successes(), r.recorder().failures(), r.throughput(), Recorder.Stats.ms(s.percentileMs(50)),
					Recorder.Stats.ms(s.percentileMs(90)), Recorder.Stats.ms(s.percentileMs(99)), Recorder.Stats.ms(s.maxMs()),
					Recorder.Stats.ms(g.percentileMs(50)) + "/" + Recorder.Stats.ms(g.percentileMs(99)),
					Recorder.Stats.ms(p.percentileMs(50)) + "/" + Recorder.Stats.ms(p.percentileMs(99)),
					r.aborted() ? "  ABORTED" : "");
		}
		results.values().forEach(r -> Phase.errors(out, r));
		results.values().forEach(r -> Phase.cpu(out, r));
		int top = Collections.max(results.keySet());
		var best = results.get(top);
		out.printf(Locale.ROOT, "%n== raw PostgreSQL commit rate, same database, same run: %.0f single-row INSERTs/s"
				+ " (8 threads, JDBC, autocommit, table bench_commit, %s s)%n", raw, options.get("raw-seconds"));
		out.printf(Locale.ROOT, "   ratio at %d clients: redemptions/s %.1f = %.1f %% of the raw commit rate%n", top,
				best.throughput(), 100 * best.throughput() / raw);
		out.printf(Locale.ROOT, "   target (issue 16): >= 500 redemptions/s with %d clients: %s%n", top,
				best.throughput() >= 500 ? "met" : "NOT MET");
		out.printf(Locale.ROOT, "   setup: %d coupons obtained by %d residents in %.1f s%n", obtained.get(), residents.get(),
				obtainSeconds);
	}

	/** The database afterwards: each redeemed coupon used once, one COUPON_USED each, the ledger. */
	private int check(Connection db) throws Exception {
		out.println();
		out.println("== afterwards (JDBC, read only)");
		long t0 = System.nanoTime();
		long incomplete;
		while ((incomplete = count(db, "SELECT COUNT(*) FROM event_publication WHERE completion_date IS NULL")) > 0
				&& System.nanoTime() - t0 < Duration.ofSeconds(120).toNanos()) {
			Thread.sleep(100);
		}
		out.printf(Locale.ROOT, "   event publications incomplete: %d (waited %.1f s for the registry to drain)%n",
				incomplete, (System.nanoTime() - t0) / 1e9);
		int problems = incomplete == 0 ? 0 : 1;
		var ids = redeemed.stream().map(UUID::toString).toArray(String[]::new);
		var unknown = uncertain.stream().map(UUID::toString).toArray(String[]::new);
		long used;
		long rightShop;
		try (var q = db.prepareStatement("SELECT COUNT(*), COUNT(*) FILTER (WHERE c.redeemed_shop = k.shop_id"
				+ " AND c.redeemed_by IS NOT NULL) FROM coupon c JOIN coupon_campaign k ON k.id = c.campaign_id"
				+ " WHERE c.id = ANY (?::uuid[]) AND c.redeemed_at IS NOT NULL")) {
			q.setArray(1, db.createArrayOf("varchar", ids));
			try (var rs = q.executeQuery()) {
				rs.next();
				used = rs.getLong(1);
				rightShop = rs.getLong(2);
			}
		}
		long campaignUsed = count(db, "SELECT COUNT(*) FROM coupon WHERE campaign_id = '" + campaignId
				+ "' AND redeemed_at IS NOT NULL");
		long campaignAll = count(db, "SELECT COUNT(*) FROM coupon WHERE campaign_id = '" + campaignId + "'");
		long issued = count(db, "SELECT issued FROM coupon_campaign WHERE id = '" + campaignId + "'");
		long activities;
		long distinct;
		long perCoupon;
		try (var st = db.createStatement();
				var rs = st.executeQuery("SELECT COUNT(*), COUNT(DISTINCT a.idempotency_key),"
						+ " COUNT(*) FILTER (WHERE a.resident = c.resident_id)"
						+ " FROM activity a JOIN coupon c ON a.idempotency_key = 'coupon:' || c.id"
						+ " WHERE a.type = 'COUPON_USED' AND c.campaign_id = '" + campaignId + "'")) {
			rs.next();
			activities = rs.getLong(1);
			distinct = rs.getLong(2);
			perCoupon = rs.getLong(3);
		}
		boolean usedOk = used == ids.length && rightShop == ids.length
				&& campaignUsed >= ids.length && campaignUsed <= ids.length + unknown.length;
		out.printf(Locale.ROOT, "   coupons: %d obtained (campaign issued=%d, rows %d); redeemed with a 「使用済みにしました」"
				+ " page: %d; of those USED in the database: %d (at the campaign's shop, with the till: %d); USED in the"
				+ " campaign altogether: %d (%d more whose answer was an error) -> %s%n", obtained.get(), issued, campaignAll,
				ids.length, used, rightShop, campaignUsed, unknown.length, usedOk ? "OK" : "MISMATCH");
		if (!usedOk || issued != obtained.get() || campaignAll != obtained.get()) {
			problems++;
		}
		boolean activityOk = activities == campaignUsed && distinct == campaignUsed && perCoupon == campaignUsed;
		out.printf(Locale.ROOT, "   COUPON_USED activities of the campaign's coupons: %d (%d distinct keys coupon:<id>,"
				+ " %d on the coupon's resident) for %d used coupons -> %s%n", activities, distinct, perCoupon, campaignUsed,
				activityOk ? "OK: exactly one each" : "MISMATCH");
		if (!activityOk) {
			problems++;
		}
		long sum = count(db, "SELECT COALESCE(SUM(amount), 0) FROM points_line");
		long off = count(db, "SELECT COUNT(*) FROM points_account a WHERE a.balance <>"
				+ " (SELECT COALESCE(SUM(l.amount), 0) FROM points_line l WHERE l.account = a.id)");
		out.printf(Locale.ROOT, "   ledger: all points_line sum to %d; accounts whose balance differs from their lines: %d"
				+ " -> %s%n", sum, off, sum == 0 && off == 0 ? "OK" : "INCONSISTENT");
		if (sum != 0 || off != 0) {
			problems++;
		}
		return problems;
	}

	private void vacuumAnalyze(Connection db, String when) throws SQLException {
		long t0 = System.nanoTime();
		try (var st = db.createStatement()) {
			st.execute("VACUUM ANALYZE");
		}
		out.printf(Locale.ROOT, "== VACUUM ANALYZE %s (autovacuum is off): %.1f s (coupon %d rows, activity %d rows)%n",
				when, (System.nanoTime() - t0) / 1e9, count(db, "SELECT COUNT(*) FROM coupon"),
				count(db, "SELECT COUNT(*) FROM activity"));
	}

	private static long count(Connection db, String sql) throws SQLException {
		try (var st = db.createStatement(); var rs = st.executeQuery(sql)) {
			rs.next();
			return rs.getLong(1);
		}
	}
}
