package jp.tsunagu.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;

/**
 * What a resident's browser and a partner service's back end do against Sapporo Smart ID, step by
 * step, checking every answer: a wrong status or a missing token is a {@link BenchFailure}, never
 * silently counted as a success.
 */
final class IdentityFlows {

	/** Steps of one measured login, in order; indexes are used by {@link Recorder#step}. */
	static final List<String> LOGIN_STEPS = List.of("GET  /oauth2/authorize (no session) -> /login",
			"GET  /login", "POST /login (password: argon2id)", "GET  /oauth2/authorize (session) -> code",
			"POST /oauth2/token code+PKCE (client secret)");

	static final List<String> REFRESH_STEPS = List.of();

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final Pattern CLIENT_ID = Pattern.compile("client_id\\s*[：:]\\s*(\\S+)");

	private static final String[] AREAS = { "MOMIJIDAI", "AOBA", "SHIN_SAPPORO", "OTHER" };

	private final URI base;

	private final Discovery discovery;

	private final HttpClient backEnd;

	private final Duration timeout;

	private volatile JWKSet keys;

	private volatile Client client;

	IdentityFlows(URI base, Discovery discovery, HttpClient backEnd, Duration timeout) {
		this.base = base;
		this.discovery = discovery;
		this.backEnd = backEnd;
		this.timeout = timeout;
	}

	record BenchUser(int index, String loginName, String password) {
	}

	record Client(String id, String secret, URI redirectUri, String scope) {
	}

	record Tokens(String accessToken, String idToken, String refreshToken) {
	}

	record Discovery(String issuer, URI authorize, URI token, URI jwks, List<String> codeChallengeMethods) {
	}

	/** Receives the duration of each step of a measured login. */
	interface Steps {

		Steps NONE = (index, nanos) -> {
		};

		void step(int index, long nanos);
	}

	Discovery discovery() {
		return discovery;
	}

	void use(Client client) {
		this.client = client;
	}

	Client client() {
		return client;
	}

	URI resolve(String path) {
		return base.resolve(path);
	}

	// ---- discovery and keys --------------------------------------------------------------------

	static Discovery discover(HttpClient http, URI base, Duration timeout)
			throws IOException, InterruptedException, BenchFailure {
		var response = http.send(HttpRequest.newBuilder(base.resolve("/.well-known/openid-configuration"))
			.timeout(timeout)
			.GET()
			.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new BenchFailure("discovery", "HTTP " + response.statusCode());
		}
		try {
			var json = JSONObjectUtils.parse(response.body());
			var methods = JSONObjectUtils.getStringList(json, "code_challenge_methods_supported");
			return new Discovery(JSONObjectUtils.getString(json, "issuer"),
					URI.create(JSONObjectUtils.getString(json, "authorization_endpoint")),
					URI.create(JSONObjectUtils.getString(json, "token_endpoint")),
					URI.create(JSONObjectUtils.getString(json, "jwks_uri")), methods == null ? List.of() : methods);
		}
		catch (ParseException ex) {
			throw new BenchFailure("discovery", "not JSON: " + ex.getMessage());
		}
	}

	void loadKeys() throws IOException, InterruptedException, BenchFailure {
		var response = backEnd.send(HttpRequest.newBuilder(discovery.jwks()).timeout(timeout).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new BenchFailure("GET jwks", "HTTP " + response.statusCode());
		}
		try {
			keys = JWKSet.parse(response.body());
		}
		catch (ParseException ex) {
			throw new BenchFailure("GET jwks", "not a JWK set");
		}
	}

	// ---- admin: register the partner service ---------------------------------------------------

	void signIn(Browser browser, String loginName, String password)
			throws IOException, InterruptedException, BenchFailure {
		browser.forget();
		var page = browser.get(resolve("/login"));
		expectStatus(page, 200, "GET /login");
		var after = browser.postForm(resolve("/login"),
				List.of(Map.entry("username", loginName), Map.entry("password", password),
						Map.entry("_csrf", csrf(page, "/login", "GET /login"))));
		if (!after.redirect() || after.location().isEmpty()
				|| after.location().get().getRawPath().startsWith("/login")) {
			throw new BenchFailure("POST /login " + after.describe());
		}
	}

	Client registerClient(Browser admin, String name, URI redirectUri, List<String> scopes, String requestScope)
			throws IOException, InterruptedException, BenchFailure {
		return registerClient(admin, name, redirectUri, scopes, requestScope, false);
	}

	/** @param backEnd ticks "back end" on the form: the client may also use the client_credentials grant */
	Client registerClient(Browser admin, String name, URI redirectUri, List<String> scopes, String requestScope,
			boolean backEnd) throws IOException, InterruptedException, BenchFailure {
		var form = admin.get(resolve("/admin/clients"));
		expectStatus(form, 200, "GET /admin/clients");
		var fields = new ArrayList<Map.Entry<String, String>>();
		fields.add(Map.entry("name", name));
		fields.add(Map.entry("redirectUris", redirectUri.toString()));
		fields.add(Map.entry("postLogoutRedirectUris", ""));
		scopes.forEach(s -> fields.add(Map.entry("scopes", s)));
		fields.add(Map.entry("confidential", "true"));
		if (backEnd) {
			fields.add(Map.entry("backEnd", "true"));
		}
		fields.add(Map.entry("_csrf", csrf(form, "/admin/clients", "GET /admin/clients")));
		var page = admin.postForm(resolve("/admin/clients"), fields);
		expectStatus(page, 200, "POST /admin/clients");
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
	 *
	 * @return true if registered now, false if the login name already existed (re-run on a kept database)
	 */
	boolean register(Browser browser, BenchUser user) throws IOException, InterruptedException, BenchFailure {
		browser.forget();
		var page = browser.get(resolve("/register"));
		expectStatus(page, 200, "GET /register");
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
		var seen = new java.util.HashSet<String>();
		var radios = new LinkedHashMap<String, List<String>>();
		for (var input : form.select("input[name], select[name], textarea[name]")) {
			var name = input.attr("name");
			var type = input.attr("type").toLowerCase(java.util.Locale.ROOT);
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
		var answer = browser.postForm(resolve("/register"), fields);
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

	/**
	 * A partner service sends an unauthenticated browser to the authorization endpoint; the person
	 * signs in with the form, returns to the authorization request, (first time: agrees on the
	 * consent page), and the service's back end exchanges the code for tokens.
	 *
	 * @param consent whether a consent page is expected (setup) or a failure (measurement)
	 */
	Tokens login(Browser browser, BenchUser user, boolean consent, Steps steps)
			throws IOException, InterruptedException, BenchFailure {
		var c = client;
		browser.forget();
		var verifier = new CodeVerifier();
		var challenge = CodeChallenge.compute(CodeChallengeMethod.S256, verifier);
		String state = random();
		String nonce = random();
		var authorize = URI.create(discovery.authorize() + "?response_type=code&client_id=" + Browser.encode(c.id())
				+ "&redirect_uri=" + Browser.encode(c.redirectUri().toString()) + "&scope=" + Browser.encode(c.scope())
				+ "&state=" + state + "&nonce=" + nonce + "&code_challenge=" + challenge.getValue()
				+ "&code_challenge_method=S256");

		long t = System.nanoTime();
		var first = browser.get(authorize);
		if (!first.redirect() || first.location().map(l -> !"/login".equals(l.getRawPath())).orElse(true)) {
			throw new BenchFailure("GET /oauth2/authorize (no session) " + first.describe() + ", expected -> /login");
		}
		t = lap(steps, 0, t);

		var loginPage = browser.get(first.location().get());
		expectStatus(loginPage, 200, "GET /login");
		var csrf = csrf(loginPage, "/login", "GET /login");
		t = lap(steps, 1, t);

		var posted = browser.postForm(resolve("/login"), List.of(Map.entry("username", user.loginName()),
				Map.entry("password", user.password()), Map.entry("_csrf", csrf)));
		if (!posted.redirect() || posted.location().isEmpty()) {
			throw new BenchFailure("POST /login " + posted.describe());
		}
		var saved = posted.location().get();
		if (!saved.getRawPath().equals(discovery.authorize().getRawPath())) {
			throw new BenchFailure("POST /login " + posted.describe() + ", expected -> saved /oauth2/authorize");
		}
		t = lap(steps, 2, t);

		var answer = browser.get(saved);
		if (answer.redirect() && answer.location().map(l -> l.getRawPath().equals("/oauth2/consent")).orElse(false)) {
			if (!consent) {
				throw new BenchFailure("GET /oauth2/authorize asked for consent again");
			}
			answer = agree(browser, browser.get(answer.location().get()));
		}
		var code = code(answer, c.redirectUri(), state);
		t = lap(steps, 3, t);

		var tokens = exchange(code, verifier.getValue(), nonce);
		lap(steps, 4, t);
		return tokens;
	}

	private Browser.Page agree(Browser browser, Browser.Page consentPage)
			throws IOException, InterruptedException, BenchFailure {
		expectStatus(consentPage, 200, "GET /oauth2/consent");
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
			var type = input.attr("type").toLowerCase(java.util.Locale.ROOT);
			if ((type.equals("checkbox") || type.equals("radio")) && !input.hasAttr("checked")) {
				continue;
			}
			if (type.equals("submit") || type.equals("button")) {
				continue;
			}
			fields.add(Map.entry(input.attr("name"), input.attr("value")));
		}
		var action = form.absUrl("action");
		return browser.postForm(URI.create(action.isEmpty() ? discovery.authorize().toString() : action), fields);
	}

	private static String code(Browser.Page answer, URI redirectUri, String state) throws BenchFailure {
		var location = answer.location().orElse(null);
		if (!answer.redirect() || location == null || !location.toString().startsWith(redirectUri.toString())) {
			throw new BenchFailure("GET /oauth2/authorize (session) " + answer.describe() + ", expected -> redirect_uri");
		}
		String code = null;
		String returnedState = null;
		String error = null;
		for (var param : location.getRawQuery() == null ? new String[0] : location.getRawQuery().split("&")) {
			int eq = param.indexOf('=');
			if (eq < 0) {
				continue;
			}
			var value = java.net.URLDecoder.decode(param.substring(eq + 1), StandardCharsets.UTF_8);
			switch (param.substring(0, eq)) {
				case "code" -> code = value;
				case "state" -> returnedState = value;
				case "error" -> error = value;
				default -> {
				}
			}
		}
		if (error != null) {
			throw new BenchFailure("authorization response error=" + error);
		}
		if (code == null) {
			throw new BenchFailure("authorization response without code");
		}
		if (!state.equals(returnedState)) {
			throw new BenchFailure("authorization response with wrong state");
		}
		return code;
	}

	// ---- the partner's back end: token endpoint ------------------------------------------------

	Tokens exchange(String code, String verifier, String nonce) throws IOException, InterruptedException, BenchFailure {
		var c = client;
		var json = token(List.of(Map.entry("grant_type", "authorization_code"), Map.entry("code", code),
				Map.entry("redirect_uri", c.redirectUri().toString()), Map.entry("code_verifier", verifier)),
				"POST /oauth2/token (code)");
		var tokens = tokens(json, "POST /oauth2/token (code)", true);
		checkIdToken(tokens.idToken(), nonce, "POST /oauth2/token (code)");
		return tokens;
	}

	Tokens refresh(String refreshToken) throws IOException, InterruptedException, BenchFailure {
		var json = token(List.of(Map.entry("grant_type", "refresh_token"), Map.entry("refresh_token", refreshToken)),
				"POST /oauth2/token (refresh)");
		var tokens = tokens(json, "POST /oauth2/token (refresh)", false);
		if (tokens.refreshToken().equals(refreshToken)) {
			throw new BenchFailure("POST /oauth2/token (refresh): refresh token not rotated");
		}
		if (tokens.idToken() != null) {
			checkIdToken(tokens.idToken(), null, "POST /oauth2/token (refresh)");
		}
		return tokens;
	}

	/** The raw status and error code of a refresh, for the rotation check (an old token must fail). */
	String refreshOutcome(String refreshToken) throws IOException, InterruptedException {
		var response = postToken(List.of(Map.entry("grant_type", "refresh_token"),
				Map.entry("refresh_token", refreshToken)));
		return "HTTP " + response.statusCode() + " " + errorCode(response.body());
	}

	private Map<String, Object> token(List<Map.Entry<String, String>> form, String step)
			throws IOException, InterruptedException, BenchFailure {
		var response = postToken(form);
		if (response.statusCode() != 200) {
			throw new BenchFailure(step + ": HTTP " + response.statusCode() + " " + errorCode(response.body()));
		}
		try {
			return JSONObjectUtils.parse(response.body());
		}
		catch (ParseException ex) {
			throw new BenchFailure(step + ": response is not JSON");
		}
	}

	private HttpResponse<String> postToken(List<Map.Entry<String, String>> form)
			throws IOException, InterruptedException {
		var c = client;
		var basic = Base64.getEncoder()
			.encodeToString((Browser.encode(c.id()) + ":" + Browser.encode(c.secret())).getBytes(StandardCharsets.UTF_8));
		return backEnd.send(HttpRequest.newBuilder(discovery.token())
			.timeout(timeout)
			.header("Authorization", "Basic " + basic)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Accept", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(Browser.formEncode(form)))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String errorCode(String body) {
		try {
			var error = JSONObjectUtils.getString(JSONObjectUtils.parse(body), "error");
			return error == null ? "" : error;
		}
		catch (ParseException ex) {
			return "(not JSON)";
		}
	}

	private static Tokens tokens(Map<String, Object> json, String step, boolean idTokenRequired) throws BenchFailure {
		try {
			var access = JSONObjectUtils.getString(json, "access_token");
			var id = JSONObjectUtils.getString(json, "id_token");
			var refresh = JSONObjectUtils.getString(json, "refresh_token");
			var type = JSONObjectUtils.getString(json, "token_type");
			if (access == null || access.isBlank()) {
				throw new BenchFailure(step + ": no access_token");
			}
			if (!"Bearer".equalsIgnoreCase(type)) {
				throw new BenchFailure(step + ": token_type " + type);
			}
			if (idTokenRequired && (id == null || id.isBlank())) {
				throw new BenchFailure(step + ": no id_token");
			}
			if (refresh == null || refresh.isBlank()) {
				throw new BenchFailure(step + ": no refresh_token");
			}
			return new Tokens(access, id, refresh);
		}
		catch (ParseException ex) {
			throw new BenchFailure(step + ": malformed token response");
		}
	}

	/** Signature (RS256 from the JWKS), issuer, audience, expiry and, for a login, the nonce. */
	private void checkIdToken(String idToken, String nonce, String step)
			throws IOException, InterruptedException, BenchFailure {
		try {
			var jwt = SignedJWT.parse(idToken);
			var kid = jwt.getHeader().getKeyID();
			var jwk = keys == null ? null : keys.getKeyByKeyId(kid);
			if (jwk == null) {
				synchronized (this) {
					loadKeys();
				}
				jwk = keys.getKeyByKeyId(kid);
			}
			if (!(jwk instanceof RSAKey rsa) || !jwt.verify(new RSASSAVerifier(rsa))) {
				throw new BenchFailure(step + ": id_token signature does not verify");
			}
			var claims = jwt.getJWTClaimsSet();
			if (!discovery.issuer().equals(claims.getIssuer())) {
				throw new BenchFailure(step + ": id_token iss " + claims.getIssuer());
			}
			if (claims.getAudience() == null || !claims.getAudience().contains(client.id())) {
				throw new BenchFailure(step + ": id_token aud does not name the client");
			}
			if (claims.getExpirationTime() == null || claims.getExpirationTime().before(new Date())) {
				throw new BenchFailure(step + ": id_token expired");
			}
			if (nonce != null && !nonce.equals(claims.getStringClaim("nonce"))) {
				throw new BenchFailure(step + ": id_token nonce does not match");
			}
		}
		catch (ParseException | JOSEException ex) {
			throw new BenchFailure(step + ": id_token unreadable", ex.getMessage());
		}
	}

	// ---- helpers -------------------------------------------------------------------------------

	private static long lap(Steps steps, int index, long since) {
		long now = System.nanoTime();
		steps.step(index, now - since);
		return now;
	}

	private static void expectStatus(Browser.Page page, int status, String step) throws BenchFailure {
		if (page.status() != status) {
			throw new BenchFailure(step + " " + page.describe() + ", expected HTTP " + status);
		}
	}

	/** The CSRF token of the form posting to {@code action} (not the layout's logout form). */
	static String csrf(Browser.Page page, String action, String step) throws BenchFailure {
		Document doc = Jsoup.parse(page.body(), page.uri().toString());
		var input = doc.selectFirst("form[action=\"" + action + "\"] input[name=_csrf]");
		if (input == null) {
			input = doc.selectFirst("form:not([action$=/logout]) input[name=_csrf]");
		}
		if (input != null && !input.attr("value").isBlank()) {
			return input.attr("value");
		}
		var meta = doc.selectFirst("meta[name=_csrf]");
		if (meta != null && !meta.attr("content").isBlank()) {
			return meta.attr("content");
		}
		throw new BenchFailure(step + ": no _csrf on the page");
	}

	static String random() {
		var bytes = new byte[16];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}
}
