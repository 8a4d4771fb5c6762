package jp.tsunagu.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Command-line options of the load generator: {@code --name=value}, each with a default and a help text. */
final class Options {

	private static final Map<String, String[]> DEFAULTS = new LinkedHashMap<>();

	static {
		def("base-url", "http://127.0.0.1:18080", "the running application (127.0.0.1 only)");
		def("users", "50", "residents registered by setup");
		def("setup-threads", "3", "threads registering residents during setup");
		def("concurrency", "4", "concurrent workers in each phase");
		def("warmup", "10", "seconds of unmeasured load per phase before measuring");
		def("duration", "30", "seconds per measured phase");
		def("max-ops", "100000", "at most this many operations per phase (stops earlier than --duration)");
		def("phases", "login,refresh", "phases to measure, in order (login, refresh, client-credentials)");
		def("timeout", "30", "seconds before one HTTP request counts as failed");
		def("setup-timeout", "900", "seconds the whole setup may take");
		def("state", "bench/results/state.properties", "where setup leaves client and residents for measure");
		def("admin-user", "admin@demo.tsunagu.example", "administrator who registers the partner client");
		def("admin-password", "tsunagu-demo-2026", "their password (demo data)");
		def("user-prefix", "bench", "residents are <prefix>N@bench.example");
		def("user-password", "bench-password", "residents' passwords are <this>-N");
		def("redirect-uri", "http://127.0.0.1:9999/cb", "redirect URI of the partner client (never called)");
		def("client-scopes", "openid,profile,area,offline_access", "scopes the partner client is allowed");
		def("scope", "openid profile area", "scope requested at the authorization endpoint");
		def("lang", "ja", "Accept-Language of the residents' browsers");
		def("argon2", "m=7168,t=5,p=1,salt=16,hash=32", "argon2id settings the server uses (printed, and timed)");
		def("argon2-source", "defaults of tsunagu.identity.password.* in IdentitySettings, not read from the server",
				"where --argon2 comes from (run.sh reads it from the stored hashes)");
		def("client-secret-hash", "(not given; run.sh reads it from the stored client secret)",
				"how the server stores the client secret; if it starts with \"argon2id\" each token request costs a hash");
		def("calibrate", "true", "time argon2id hashes on this machine after the phases (true/false)");
		def("command", "(not given)", "command line to print as the way to reproduce");
		def("quiet-wait", "300", "seconds to wait for other work on the machine to stop before measuring");
		def("app-pid", "0", "process id of the server, to report the CPU it used (0: unknown)");
		def("clock-ticks", "100", "getconf CLK_TCK, for /proc CPU times");
		def("disturbed-retries", "2", "measure a phase again (at most this often) if other processes used > 10% of the CPUs");
		def("provider", "tsunagu", "the OpenID Connect provider at --base-url: tsunagu or keycloak");
		def("kc-realm", "tsunagu-bench", "keycloak: the realm setup creates (deleted first if it exists)");
		def("kc-admin-user", "admin", "keycloak: bootstrap administrator of the master realm");
		def("kc-admin-password", System.getenv().getOrDefault("BENCH_KC_ADMIN_PASSWORD", "bench-admin"),
				"keycloak: their password (default: environment variable BENCH_KC_ADMIN_PASSWORD)");
		def("kc-scope", "openid profile", "keycloak: scope requested at the authorization endpoint");
		def("kc-version", "?", "keycloak: version, printed only");
		def("server-jvm", "(defaults)", "JVM options of the server, printed only");
		def("results-file", "", "measure: also write the figures here (properties), for \"compare\"");
		def("compare", "", "compare: result files of measure, as name=path,name=path (first is the reference)");
		def("jfr", "bench/results/tsunagu-measure.jfr", "jfr-summary: the flight recording of the server");
		def("top", "15", "jfr-summary: how many methods to list");
		def("activity-residents", "10", "activity: residents registered and signed in once (their sub is used)");
		def("repeat-share", "0.1", "activity: share of requests repeating an acknowledged key in the second phase");
		def("keys-file", "bench/results/activity-keys.properties",
				"activity: where the number of distinct idempotency keys sent is written (run.sh compares with psql)");
		def("hotpath-clients", "1,4,8", "hotpath: the phases, as numbers of concurrent partner clients");
		def("lag-sample", "10", "hotpath: one request in this many is followed until its award is in the ledger");
		def("raw-seconds", "10", "hotpath: seconds of the raw single-row insert loop (8 threads, autocommit)");
		def("jdbc-url", "jdbc:postgresql://127.0.0.1:5432/tsunagu_bench", "hotpath: the server's database (read only, but for"
				+ " VACUUM ANALYZE and the raw insert table bench_commit)");
		def("db-user", "postgres", "hotpath: database user");
		def("redeem-clients", "1,4,8", "redeem: the phases, as numbers of concurrent tills");
		def("redeem-per-person", "100", "redeem: the campaign's per-person limit (at most 100, the form's range)");
		def("redeem-stock", "100000", "redeem: the campaign's stock (at most 100000, the form's range)");
		def("redeem-initial", "2000", "redeem: coupons obtained before the warm-up (each phase tops up for itself)");
		def("redeem-doubles", "5", "redeem: coupons redeemed from two tills at once in the double-redemption check");
		def("shop-user", "shop@demo.tsunagu.example", "redeem: the SHOP account of the tills and the campaign (demo data)");
		def("shop-password", "tsunagu-demo-2026", "redeem: its password (demo data)");
		def("home-user", "resident@demo.tsunagu.example", "home: the resident whose home page is requested");
		def("home-password", "tsunagu-demo-2026", "home: their password (demo data)");
		def("home-workers", "1,4", "home: the phases, as numbers of concurrent workers");
		def("ward", "?", "home: number of demo residents of the server (printed only)");
	}

	private final Map<String, String> values;

	private Options(Map<String, String> values) {
		this.values = values;
	}

	private static void def(String name, String value, String help) {
		DEFAULTS.put(name, new String[] { value, help });
	}

	static Options parse(String[] args) throws BenchFailure {
		var values = new LinkedHashMap<String, String>();
		DEFAULTS.forEach((k, v) -> values.put(k, v[0]));
		for (int i = 0; i < args.length; i++) {
			var arg = args[i];
			if (!arg.startsWith("--")) {
				throw new BenchFailure("unexpected argument " + arg);
			}
			String name;
			String value;
			if (arg.contains("=")) {
				name = arg.substring(2, arg.indexOf('='));
				value = arg.substring(arg.indexOf('=') + 1);
			}
			else {
				name = arg.substring(2);
				if (i + 1 >= args.length) {
					throw new BenchFailure("option --" + name + " needs a value");
				}
				value = args[++i];
			}
			if (!DEFAULTS.containsKey(name)) {
				throw new BenchFailure("unknown option --" + name);
			}
			values.put(name, value);
		}
		return new Options(values);
	}

	String get(String name) {
		return values.get(name);
	}

	int integer(String name) throws BenchFailure {
		try {
			return Integer.parseInt(values.get(name).strip());
		}
		catch (NumberFormatException ex) {
			throw new BenchFailure("--" + name + " must be a number");
		}
	}

	Duration seconds(String name) throws BenchFailure {
		return Duration.ofSeconds(integer(name));
	}

	static String usage() {
		var text = new StringBuilder("""
				Load generator for OpenID Connect providers (Sapporo Smart ID, Keycloak): logins with code +
				PKCE, refresh-token grants, client credentials; and Tsunagu's activity API and home page.

				usage: java -jar tsunagu-bench.jar setup|measure|all|compare|activity|home [--option=value ...]
				  setup    register users and a confidential partner client on the --provider
				           (tsunagu: as the demo admin and by self-registration; keycloak: admin REST API),
				           then sign each user in once (agreeing on the consent page where asked)
				  measure  warm-up, then the --phases (login, refresh, client-credentials); prints the report
				  all      setup then measure (bench/run.sh runs VACUUM ANALYZE between the two instead)
				  compare  side by side: the --compare result files of earlier "measure" runs, ratios, goals
				  jfr-summary  hottest methods of a flight recording (--jfr), per phase of --results-file
				  activity partner client (client_credentials, activity.write) and residents, then
				           POST /api/v1/activities: warm-up, new keys, ~10% repeated keys
				  home     GET / as the demo resident, with 1 and 4 workers (server time from actuator)

				options:
				""");
		DEFAULTS.forEach((k, v) -> text.append(String.format(Locale.ROOT, "  --%-15s %s (default: %s)%n", k, v[1],
				v[0])));
		return text.toString();
	}
}
