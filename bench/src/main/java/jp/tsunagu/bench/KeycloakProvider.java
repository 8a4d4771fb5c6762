package jp.tsunagu.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jsoup.Jsoup;

import com.nimbusds.jose.util.JSONObjectUtils;

import jp.tsunagu.bench.IdentityFlows.BenchUser;
import jp.tsunagu.bench.IdentityFlows.Client;
import jp.tsunagu.bench.IdentityFlows.Steps;
import jp.tsunagu.bench.IdentityFlows.Tokens;

/**
 * Keycloak (Quarkus distribution) as the reference: setup uses its admin REST API with the bootstrap
 * administrator of the master realm (password grant on {@code admin-cli}) to create a realm with
 * rotating refresh tokens ({@code revokeRefreshToken=true}, {@code refreshTokenMaxReuse=0}), an
 * optional client scope {@code activity.write}, a confidential client (client_secret_basic, standard
 * flow with PKCE S256 required, service account for client_credentials, no consent screen) and the
 * users with their passwords (hashed with the realm's default password policy: argon2id). A login is
 * Keycloak's own login page: the authorization endpoint answers with the form, the form posts to
 * its {@code login-actions/authenticate} URL, which redirects to the partner with the code.
 */
final class KeycloakProvider implements Provider {

	private static final String FORM = "form#kc-form-login";

	private final Options options;

	private final URI base;

	private final String realm;

	private final Duration timeout;

	private final HttpClient http = Browser.newClient();

	private IdentityFlows flows;

	private String adminToken;

	private long adminTokenUntil;

	KeycloakProvider(Options options) throws BenchFailure {
		this.options = options;
		this.base = URI.create(options.get("base-url"));
		this.realm = options.get("kc-realm");
		this.timeout = options.seconds("timeout");
	}

	@Override
	public String id() {
		return "keycloak";
	}

	@Override
	public String title() {
		return "Keycloak " + options.get("kc-version") + " (Quarkus distribution, production mode)";
	}

	@Override
	public List<String> loginSteps() {
		return List.of("GET  /realms/" + realm + "/…/auth (no session) -> login form",
				"POST /login-actions/authenticate (argon2id) -> code",
				"POST /realms/" + realm + "/…/token code+PKCE (client secret)");
	}

	@Override
	public String clientCredentialsScope() {
		return "activity.write";
	}

	@Override
	public String howUsersAreCreated() {
		return "created with Keycloak's admin REST API (POST /admin/realms/" + realm
				+ "/users with a non-temporary password credential)";
	}

	private URI issuer() {
		return base.resolve("/realms/" + realm);
	}

	// ---- setup: realm, client scope, client ------------------------------------------------------

	@Override
	public IdentityFlows prepare(String clientName, URI redirectUri, boolean backEnd) throws Exception {
		var existing = admin("GET", "/admin/realms/" + realm, null);
		if (existing.statusCode() == 200) {
			expect(admin("DELETE", "/admin/realms/" + realm, null), 204, "DELETE realm (left from an earlier setup)");
		}
		var realmJson = new LinkedHashMap<String, Object>();
		realmJson.put("realm", realm);
		realmJson.put("enabled", true);
		realmJson.put("revokeRefreshToken", true);
		realmJson.put("refreshTokenMaxReuse", 0);
		expect(admin("POST", "/admin/realms", realmJson), 201, "POST /admin/realms");

		var scope = new LinkedHashMap<String, Object>();
		scope.put("name", clientCredentialsScope());
		scope.put("protocol", "openid-connect");
		scope.put("attributes", Map.of("include.in.token.scope", "true", "display.on.consent.screen", "false"));
		var scopeId = createdId(expect(admin("POST", "/admin/realms/" + realm + "/client-scopes", scope), 201,
				"POST client-scopes"));

		var secret = IdentityFlows.random() + IdentityFlows.random();
		var clientId = "tsunagu-bench-partner";
		var client = new LinkedHashMap<String, Object>();
		client.put("clientId", clientId);
		client.put("name", clientName);
		client.put("enabled", true);
		client.put("protocol", "openid-connect");
		client.put("publicClient", false);
		client.put("clientAuthenticatorType", "client-secret");
		client.put("secret", secret);
		client.put("standardFlowEnabled", true);
		client.put("implicitFlowEnabled", false);
		client.put("directAccessGrantsEnabled", false);
		client.put("serviceAccountsEnabled", backEnd);
		client.put("consentRequired", false);
		client.put("redirectUris", List.of(redirectUri.toString()));
		client.put("attributes", Map.of("pkce.code.challenge.method", "S256"));
		var id = createdId(expect(admin("POST", "/admin/realms/" + realm + "/clients", client), 201, "POST clients"));
		expect(admin("PUT", "/admin/realms/" + realm + "/clients/" + id + "/optional-client-scopes/" + scopeId, null),
				204, "PUT optional-client-scopes");
		return connect(new Client(clientId, secret, redirectUri, options.get("kc-scope")));
	}

	@Override
	public IdentityFlows connect(Client client) throws IOException, InterruptedException, BenchFailure {
		flows = new IdentityFlows(IdentityFlows.discover(http, issuer(), timeout), http, timeout);
		flows.loadKeys();
		flows.use(client);
		return flows;
	}

	@Override
	public boolean createUser(Browser browser, BenchUser user) throws IOException, InterruptedException, BenchFailure {
		var json = new LinkedHashMap<String, Object>();
		json.put("username", user.loginName());
		json.put("email", user.loginName());
		json.put("emailVerified", true);
		json.put("firstName", "Shiken" + user.index());
		json.put("lastName", "Fuka");
		json.put("enabled", true);
		json.put("credentials", List.of(Map.of("type", "password", "value", user.password(), "temporary", false)));
		var response = admin("POST", "/admin/realms/" + realm + "/users", json);
		if (response.statusCode() == 409) {
			return false;
		}
		expect(response, 201, "POST /admin/realms/" + realm + "/users");
		return true;
	}

	// ---- the login: Keycloak's login page, code + PKCE -----------------------------------------

	@Override
	public Tokens login(Browser browser, BenchUser user, boolean firstTime, Steps steps)
			throws IOException, InterruptedException, BenchFailure {
		browser.forget();
		var request = flows.authorization();

		long t = System.nanoTime();
		var page = browser.get(request.uri());
		IdentityFlows.expectStatus(page, 200, "GET auth (no session)");
		var doc = Jsoup.parse(page.body(), page.uri().toString());
		var form = doc.selectFirst(FORM);
		if (form == null || form.absUrl("action").isEmpty()) {
			throw new BenchFailure("GET auth (no session): no " + FORM + " with an action");
		}
		var fields = new ArrayList<Map.Entry<String, String>>();
		for (var input : form.select("input[name]")) {
			var type = input.attr("type").toLowerCase(Locale.ROOT);
			var name = input.attr("name");
			if (type.equals("checkbox") || type.equals("submit") || type.equals("button")) {
				continue; // "remember me" stays unticked
			}
			fields.add(Map.entry(name, switch (name) {
				case "username" -> user.loginName();
				case "password" -> user.password();
				default -> input.val();
			}));
		}
		if (fields.stream().noneMatch(f -> f.getKey().equals("password"))) {
			throw new BenchFailure("GET auth (no session): login form without a password field");
		}
		t = IdentityFlows.lap(steps, 0, t);

		var answer = browser.postForm(URI.create(form.absUrl("action")), fields);
		if (answer.status() == 200) {
			var error = Jsoup.parse(answer.body()).selectFirst("#input-error, .pf-m-error, .alert-error, h1#kc-page-title");
			throw new BenchFailure("POST login-actions/authenticate HTTP 200 (a page, not the code)",
					error == null ? null : error.text());
		}
		var code = flows.code(answer, request, "POST login-actions/authenticate");
		t = IdentityFlows.lap(steps, 1, t);

		var tokens = flows.exchange(code, request);
		IdentityFlows.lap(steps, 2, t);
		return tokens;
	}

	// ---- admin REST API --------------------------------------------------------------------------

	private synchronized String adminToken() throws IOException, InterruptedException, BenchFailure {
		if (adminToken != null && System.nanoTime() < adminTokenUntil) {
			return adminToken;
		}
		var form = Browser.formEncode(List.of(Map.entry("grant_type", "password"), Map.entry("client_id", "admin-cli"),
				Map.entry("username", options.get("kc-admin-user")),
				Map.entry("password", options.get("kc-admin-password"))));
		var response = http.send(HttpRequest.newBuilder(base.resolve("/realms/master/protocol/openid-connect/token"))
			.timeout(timeout)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build(), HttpResponse.BodyHandlers.ofString());
		expect(response, 200, "admin token (master realm, admin-cli)");
		try {
			var json = JSONObjectUtils.parse(response.body());
			adminToken = JSONObjectUtils.getString(json, "access_token");
			long lifetime = JSONObjectUtils.getLong(json, "expires_in");
			// the master realm's tokens live 60 s: take a new one well before that
			adminTokenUntil = System.nanoTime() + Duration.ofSeconds(Math.max(5, lifetime / 2)).toNanos();
			return adminToken;
		}
		catch (ParseException ex) {
			throw new BenchFailure("admin token: not JSON");
		}
	}

	private HttpResponse<String> admin(String method, String path, Map<String, Object> json)
			throws IOException, InterruptedException, BenchFailure {
		var builder = HttpRequest.newBuilder(base.resolve(path))
			.timeout(timeout)
			.header("Authorization", "Bearer " + adminToken())
			.header("Accept", "application/json");
		if (json != null) {
			builder.header("Content-Type", "application/json")
				.method(method, HttpRequest.BodyPublishers.ofString(JSONObjectUtils.toJSONString(json)));
		}
		else {
			builder.method(method, HttpRequest.BodyPublishers.noBody());
		}
		return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static HttpResponse<String> expect(HttpResponse<String> response, int status, String step)
			throws BenchFailure {
		if (response.statusCode() != status) {
			var body = response.body() == null ? "" : response.body();
			throw new BenchFailure(step + ": HTTP " + response.statusCode() + ", expected " + status,
					body.length() > 300 ? body.substring(0, 300) : body);
		}
		return response;
	}

	/** The id at the end of the Location of a 201 Created. */
	private static String createdId(HttpResponse<String> created) throws BenchFailure {
		var location = created.headers().firstValue("Location")
			.orElseThrow(() -> new BenchFailure(created.request().uri() + ": 201 without Location"));
		return location.substring(location.lastIndexOf('/') + 1);
	}
}
