package jp.tsunagu.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;

import jp.tsunagu.bench.IdentityFlows.BenchUser;
import jp.tsunagu.bench.IdentityFlows.Client;
import jp.tsunagu.bench.IdentityFlows.Steps;
import jp.tsunagu.bench.IdentityFlows.Tokens;

/**
 * Sapporo Smart ID, Tsunagu's OpenID Connect provider, as its people use it: the demo administrator
 * registers the partner on {@code /admin/clients}, residents register themselves on
 * {@code /register}, sign in on {@code /login} (Spring Security form, CSRF token) and agree once on
 * the consent page.
 */
final class TsunaguProvider implements Provider {

	/** Steps of one measured login, in order. */
	static final List<String> LOGIN_STEPS = List.of("GET  /oauth2/authorize (no session) -> /login",
			"GET  /login", "POST /login (password: argon2id)", "GET  /oauth2/authorize (session) -> code",
			"POST /oauth2/token code+PKCE (client secret)");

	private static final Pattern CLIENT_ID = Pattern.compile("client_id\\s*[：:]\\s*(\\S+)");

	private static final String[] AREAS = { "MOMIJIDAI", "AOBA", "SHIN_SAPPORO", "OTHER" };

	private final Options options;

	private final URI base;

	private final Duration timeout;

	private final HttpClient http = Browser.newClient();

	private IdentityFlows flows;

	TsunaguProvider(Options options) throws BenchFailure {
		this.options = options;
		this.base = URI.create(options.get("base-url"));
		this.timeout = options.seconds("timeout");
	}

	@Override
	public String id() {
		return "tsunagu";
	}

	@Override
	public String title() {
		return "Tsunagu (Sapporo Smart ID, Spring Authorization Server)";
	}

	@Override
	public List<String> loginSteps() {
		return LOGIN_STEPS;
	}

	@Override
	public String clientCredentialsScope() {
		return "activity.write";
	}

	@Override
	public String howUsersAreCreated() {
		return "residents register themselves on /register (the form as the page has it)";
	}

	@Override
	public IdentityFlows prepare(String clientName, URI redirectUri, boolean backEnd) throws Exception {
		var admin = newBrowser();
		signInWithRetry(admin, options.get("admin-user"), options.get("admin-password"), Duration.ofSeconds(90));
		var scopes = new ArrayList<>(List.of(options.get("client-scopes").split(",")));
		if (backEnd && !scopes.contains(clientCredentialsScope())) {
			scopes.add(clientCredentialsScope());
		}
		return connect(registerClient(admin, clientName, redirectUri, scopes, options.get("scope"), backEnd));
	}

	@Override
	public IdentityFlows connect(Client client) throws IOException, InterruptedException, BenchFailure {
		flows = new IdentityFlows(IdentityFlows.discover(http, base, timeout), http, timeout);
		flows.loadKeys();
		flows.use(client);
		return flows;
	}

	Browser newBrowser() throws BenchFailure {
		return new Browser(Browser.newClient(), timeout, options.get("lang"));
	}

	// ---- admin: sign in, register the partner service ------------------------------------------

	/**
	 * The signed-in resident agrees, on their data-sharing page, that the partner keeps their
	 * activity record: without it the partner may not write their activity.
	 */
	void agreeToShareActivity(Browser browser, String clientId)
			throws IOException, InterruptedException, BenchFailure {
		var page = browser.get(base.resolve("/sharing/new?partner="
				+ java.net.URLEncoder.encode(clientId, java.nio.charset.StandardCharsets.UTF_8)
				+ "&purpose=ACTIVITY_FOR_REWARDS"));
		IdentityFlows.expectStatus(page, 200, "GET /sharing/new");
		var done = browser.postForm(base.resolve("/sharing"), List.of(Map.entry("partner", clientId),
				Map.entry("purpose", "ACTIVITY_FOR_REWARDS"),
				Map.entry("_csrf", IdentityFlows.csrf(page, "/sharing", "GET /sharing/new"))));
		if (!done.redirect()) {
			throw new BenchFailure("POST /sharing " + done.describe());
		}
	}

	void signIn(Browser browser, String loginName, String password)
			throws IOException, InterruptedException, BenchFailure {
		browser.forget();
		var page = browser.get(base.resolve("/login"));
		IdentityFlows.expectStatus(page, 200, "GET /login");
		var after = browser.postForm(base.resolve("/login"),
				List.of(Map.entry("username", loginName), Map.entry("password", password),
						Map.entry("_csrf", IdentityFlows.csrf(page, "/login", "GET /login"))));
		if (!after.redirect() || after.location().isEmpty()
				|| after.location().get().getRawPath().startsWith("/login")) {
			throw new BenchFailure("POST /login " + after.describe());
		}
	}

	private void signInWithRetry(Browser browser, String user, String password, Duration patience)
			throws Exception {
		long until = System.nanoTime() + patience.toNanos();
		while (true) {
			try {
				signIn(browser, user, password);
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

	/**
	 * The admin form on {@code /admin/clients}: always confidential (client_secret_basic).
	 *
	 * @param backEnd ticks "back end" on the form: the client may also use the client_credentials grant
	 */
	Client registerClient(Browser admin, String name, URI redirectUri, List<String> scopes, String requestScope,
			boolean backEnd) throws IOException, InterruptedException, BenchFailure {
		var form = admin.get(base.resolve("/admin/clients"));
		IdentityFlows.expectStatus(form, 200, "GET /admin/clients");
		var fields = new ArrayList<Map.Entry<String, String>>();
		fields.add(Map.entry("name", name));
		fields.add(Map.entry("redirectUris", redirectUri.toString()));
		fields.add(Map.entry("postLogoutRedirectUris", ""));
		scopes.forEach(s -> fields.add(Map.entry("scopes", s)));
		fields.add(Map.entry("confidential", "true"));
		if (backEnd) {
			fields.add(Map.entry("backEnd", "true"));
		}
		fields.add(Map.entry("_csrf", IdentityFlows.csrf(form, "/admin/clients", "GET /admin/clients")));
		var page = admin.postForm(base.resolve("/admin/clients"), fields);
		IdentityFlows.expectStatus(page, 200, "POST /admin/clients");
		var doc = Jsoup.parse(page.body(), page.uri().toString());
		var secret = doc.selectFirst("code#client-secret");
		if (secret == null || secret.text().isBlank()) {
			var error = doc.selectFirst(".error-summary");
			throw new BenchFailure("POST /admin/clients: no client secret on the page",
					error == null ? null : error.text());
		}
		String clientId = null;
		var notice = doc.selectFirst(".notice--success");
		if (notice != null) {
			var matcher = CLIENT_ID.matcher(notice.text());
			if (matcher.find()) {
				clientId = matcher.group(1);
			}
		}
		if (clientId == null) {
			// Fall back on the table of clients: the row with our (unique) name
			for (var row : doc.select("table tbody tr")) {
				var cells = row.select("td");
				if (cells.size() >= 2 && cells.get(0).text().equals(name)) {
					clientId = cells.get(1).text();
				}
			}
		}
		if (clientId == null || clientId.isBlank()) {
			throw new BenchFailure("POST /admin/clients: no client_id on the page");
		}
		return new Client(clientId, secret.text().strip(), redirectUri, requestScope);
	}

	// ---- residents: self-registration ----------------------------------------------------------

	/**
	 * Fills the self-registration form as it is on the page (its fields have changed before: the
	 * birth date was one date input, then year / month / day), with a made-up resident.
	 */
	@Override
	public boolean createUser(Browser browser, BenchUser user) throws IOException, InterruptedException, BenchFailure {
		browser.forget();
		var page = browser.get(base.resolve("/register"));
		IdentityFlows.expectStatus(page, 200, "GET /register");
		var doc = Jsoup.parse(page.body(), page.uri().toString());
		var form = doc.selectFirst("form[action=\"/register\"]");
		if (form == null) {
			throw new BenchFailure("GET /register: no registration form");
		}
		var birth = LocalDate.of(1950, 1, 1).plusDays(user.index() * 97L % 20000);
		var wanted = new LinkedHashMap<String, String>();
		wanted.put("familyName", "負荷");
		wanted.put("givenName", "試験" + user.index());
		wanted.put("familyNameKana", "フカ");
		wanted.put("givenNameKana", "シケン");
		wanted.put("birthDate", birth.toString());
		wanted.put("birthYear", Integer.toString(birth.getYear()));
		wanted.put("birthMonth", Integer.toString(birth.getMonthValue()));
		wanted.put("birthDay", Integer.toString(birth.getDayOfMonth()));
		wanted.put("phone", "");
		wanted.put("loginName", user.loginName());
		wanted.put("password", user.password());
		var fields = new ArrayList<Map.Entry<String, String>>();
		var seen = new HashSet<String>();
		var radios = new LinkedHashMap<String, List<String>>();
		for (var input : form.select("input[name], select[name], textarea[name]")) {
			var name = input.attr("name");
			var type = input.attr("type").toLowerCase(Locale.ROOT);
			if (type.equals("radio")) {
				radios.computeIfAbsent(name, k -> new ArrayList<>()).add(input.attr("value"));
				continue;
			}
			if (type.equals("submit") || type.equals("button") || !seen.add(name)) {
				continue;
			}
			fields.add(Map.entry(name, wanted.getOrDefault(name, input.val())));
		}
		radios.forEach((name, values) -> {
			var mine = AREAS[user.index() % AREAS.length];
			fields.add(Map.entry(name, values.contains(mine) ? mine : values.get(0)));
		});
		var answer = browser.postForm(base.resolve("/register"), fields);
		if (answer.redirect() && answer.location().map(l -> "/login".equals(l.getRawPath())).orElse(false)) {
			return true;
		}
		var result = Jsoup.parse(answer.body());
		var errors = result.select(".field-error").eachText();
		if (answer.status() == 200 && errors.size() == 1 && result.selectFirst("#loginName-error") != null) {
			return false; // taken: the person exists from an earlier setup (same password), sign-in will tell
		}
		throw new BenchFailure("POST /register " + answer.describe(), String.join(" / ", errors));
	}

	// ---- the login: code + PKCE ----------------------------------------------------------------

	@Override
	public Tokens login(Browser browser, BenchUser user, boolean firstTime, Steps steps)
			throws IOException, InterruptedException, BenchFailure {
		browser.forget();
		var request = flows.authorization();

		long t = System.nanoTime();
		var first = browser.get(request.uri());
		if (!first.redirect() || first.location().map(l -> !"/login".equals(l.getRawPath())).orElse(true)) {
			throw new BenchFailure("GET /oauth2/authorize (no session) " + first.describe() + ", expected -> /login");
		}
		t = IdentityFlows.lap(steps, 0, t);

		var loginPage = browser.get(first.location().get());
		IdentityFlows.expectStatus(loginPage, 200, "GET /login");
		var csrf = IdentityFlows.csrf(loginPage, "/login", "GET /login");
		t = IdentityFlows.lap(steps, 1, t);

		var posted = browser.postForm(base.resolve("/login"), List.of(Map.entry("username", user.loginName()),
				Map.entry("password", user.password()), Map.entry("_csrf", csrf)));
		if (!posted.redirect() || posted.location().isEmpty()) {
			throw new BenchFailure("POST /login " + posted.describe());
		}
		var saved = posted.location().get();
		if (!saved.getRawPath().equals(flows.discovery().authorize().getRawPath())) {
			throw new BenchFailure("POST /login " + posted.describe() + ", expected -> saved /oauth2/authorize");
		}
		t = IdentityFlows.lap(steps, 2, t);

		var answer = browser.get(saved);
		if (answer.redirect() && answer.location().map(l -> l.getRawPath().equals("/oauth2/consent")).orElse(false)) {
			if (!firstTime) {
				throw new BenchFailure("GET /oauth2/authorize asked for consent again");
			}
			answer = agree(browser, browser.get(answer.location().get()));
		}
		var code = flows.code(answer, request, "GET /oauth2/authorize (session)");
		t = IdentityFlows.lap(steps, 3, t);

		var tokens = flows.exchange(code, request);
		IdentityFlows.lap(steps, 4, t);
		return tokens;
	}

	private Browser.Page agree(Browser browser, Browser.Page consentPage)
			throws IOException, InterruptedException, BenchFailure {
		IdentityFlows.expectStatus(consentPage, 200, "GET /oauth2/consent");
		var doc = Jsoup.parse(consentPage.body(), consentPage.uri().toString());
		Element form = doc.selectFirst("form#consent-form");
		if (form == null) {
			form = doc.select("form[action$=/oauth2/authorize]").stream()
				.filter(f -> !f.select("input[type=checkbox], input[name=scope]").isEmpty())
				.findFirst()
				.orElseThrow(() -> new BenchFailure("GET /oauth2/consent: no consent form"));
		}
		var fields = new ArrayList<Map.Entry<String, String>>();
		for (var input : form.select("input[name]")) {
			var type = input.attr("type").toLowerCase(Locale.ROOT);
			if ((type.equals("checkbox") || type.equals("radio")) && !input.hasAttr("checked")) {
				continue;
			}
			if (type.equals("submit") || type.equals("button")) {
				continue;
			}
			fields.add(Map.entry(input.attr("name"), input.attr("value")));
		}
		var action = form.absUrl("action");
		return browser.postForm(URI.create(action.isEmpty() ? flows.discovery().authorize().toString() : action),
				fields);
	}
}
