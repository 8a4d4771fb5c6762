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
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

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
 * What a partner service (relying party) does against any OpenID Connect provider, checking every
 * answer: discovery, the authorization request it sends the browser to, the code in the redirect,
 * and its back end's calls to the token endpoint (client_secret_basic). A wrong status or a missing
 * token is a {@link BenchFailure}, never silently counted as a success. What the browser does in
 * between (the provider's own login pages) is the {@link Provider}'s part.
 */
final class IdentityFlows {

	private static final SecureRandom RANDOM = new SecureRandom();

	private final Discovery discovery;

	private final HttpClient backEnd;

	private final Duration timeout;

	private volatile JWKSet keys;

	private volatile Client client;

	IdentityFlows(Discovery discovery, HttpClient backEnd, Duration timeout) {
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

	/** One authorization request: its URI and the secrets the partner keeps until the code comes back. */
	record Authorization(URI uri, String verifier, String state, String nonce) {
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

	// ---- discovery and keys --------------------------------------------------------------------

	/** @param issuer the issuer URL; its discovery document is {@code issuer/.well-known/openid-configuration} */
	static Discovery discover(HttpClient http, URI issuer, Duration timeout)
			throws IOException, InterruptedException, BenchFailure {
		var text = issuer.toString();
		var uri = URI.create((text.endsWith("/") ? text.substring(0, text.length() - 1) : text)
				+ "/.well-known/openid-configuration");
		var response = http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new BenchFailure("discovery", "HTTP " + response.statusCode() + " from " + uri);
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

	// ---- the authorization request and its answer ----------------------------------------------

	/** A fresh authorization code request with PKCE (S256), state and nonce. */
	Authorization authorization() {
		var c = client;
		var verifier = new CodeVerifier();
		var challenge = CodeChallenge.compute(CodeChallengeMethod.S256, verifier);
		String state = random();
		String nonce = random();
		var uri = URI.create(discovery.authorize() + "?response_type=code&client_id=" + Browser.encode(c.id())
				+ "&redirect_uri=" + Browser.encode(c.redirectUri().toString()) + "&scope=" + Browser.encode(c.scope())
				+ "&state=" + state + "&nonce=" + nonce + "&code_challenge=" + challenge.getValue()
				+ "&code_challenge_method=S256");
		return new Authorization(uri, verifier.getValue(), state, nonce);
	}

	/** The code from the redirect to the partner's redirect URI (not followed); the state must match. */
	String code(Browser.Page answer, Authorization request, String step) throws BenchFailure {
		var redirectUri = client.redirectUri();
		var location = answer.location().orElse(null);
		if (!answer.redirect() || location == null || !location.toString().startsWith(redirectUri.toString())) {
			throw new BenchFailure(step + " " + answer.describe() + ", expected -> redirect_uri");
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
		if (!request.state().equals(returnedState)) {
			throw new BenchFailure("authorization response with wrong state");
		}
		return code;
	}

	// ---- the partner's back end: token endpoint ------------------------------------------------

	Tokens exchange(String code, Authorization request) throws IOException, InterruptedException, BenchFailure {
		var c = client;
		var json = token(List.of(Map.entry("grant_type", "authorization_code"), Map.entry("code", code),
				Map.entry("redirect_uri", c.redirectUri().toString()), Map.entry("code_verifier", request.verifier())),
				"POST token (code)");
		var tokens = tokens(json, "POST token (code)", true);
		checkJwt(tokens.idToken(), request.nonce(), true, "POST token (code): id_token");
		return tokens;
	}

	Tokens refresh(String refreshToken) throws IOException, InterruptedException, BenchFailure {
		var json = token(List.of(Map.entry("grant_type", "refresh_token"), Map.entry("refresh_token", refreshToken)),
				"POST token (refresh)");
		var tokens = tokens(json, "POST token (refresh)", false);
		if (tokens.refreshToken() == null) {
			throw new BenchFailure("POST token (refresh): no refresh_token");
		}
		if (tokens.refreshToken().equals(refreshToken)) {
			throw new BenchFailure("POST token (refresh): refresh token not rotated");
		}
		if (tokens.idToken() != null) {
			checkJwt(tokens.idToken(), null, true, "POST token (refresh): id_token");
		}
		return tokens;
	}

	/**
	 * A back end's own token: {@code grant_type=client_credentials} with client_secret_basic. The
	 * answer must be a Bearer access token granting {@code scope}; a JWT one must be signed with a key
	 * of the JWKS, with this issuer and not expired (an opaque one can only be checked by its owner).
	 */
	String clientCredentials(String scope) throws IOException, InterruptedException, BenchFailure {
		var step = "POST token (client_credentials)";
		var json = token(List.of(Map.entry("grant_type", "client_credentials"), Map.entry("scope", scope)), step);
		var tokens = tokens(json, step, false);
		try {
			var granted = JSONObjectUtils.getString(json, "scope");
			if (granted == null || !List.of(granted.split(" ")).contains(scope)) {
				throw new BenchFailure(step + ": scope " + scope + " not granted", "scope=" + granted);
			}
		}
		catch (ParseException ex) {
			throw new BenchFailure(step + ": malformed scope");
		}
		if (isJwt(tokens.accessToken())) {
			checkJwt(tokens.accessToken(), null, false, step + ": access_token");
		}
		return tokens.accessToken();
	}

	/** Three base64url parts, the first a JOSE header: a JWS (else an opaque token). */
	static boolean isJwt(String token) {
		var parts = token.split("\\.");
		if (parts.length != 3) {
			return false;
		}
		try {
			return new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8).contains("\"alg\"");
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
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

	private static Tokens tokens(Map<String, Object> json, String step, boolean login) throws BenchFailure {
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
			if (login && (id == null || id.isBlank())) {
				throw new BenchFailure(step + ": no id_token");
			}
			if (login && (refresh == null || refresh.isBlank())) {
				throw new BenchFailure(step + ": no refresh_token");
			}
			return new Tokens(access, id, refresh);
		}
		catch (ParseException ex) {
			throw new BenchFailure(step + ": malformed token response");
		}
	}

	/**
	 * Signature (RS256 from the JWKS), issuer, expiry; for an ID token also the audience (the
	 * client) and, for a login, the nonce.
	 */
	private void checkJwt(String token, String nonce, boolean idToken, String step)
			throws IOException, InterruptedException, BenchFailure {
		try {
			var jwt = SignedJWT.parse(token);
			var kid = jwt.getHeader().getKeyID();
			var jwk = keys == null ? null : keys.getKeyByKeyId(kid);
			if (jwk == null) {
				synchronized (this) {
					loadKeys();
				}
				jwk = keys.getKeyByKeyId(kid);
			}
			if (!(jwk instanceof RSAKey rsa) || !jwt.verify(new RSASSAVerifier(rsa))) {
				throw new BenchFailure(step + " signature does not verify");
			}
			var claims = jwt.getJWTClaimsSet();
			if (!discovery.issuer().equals(claims.getIssuer())) {
				throw new BenchFailure(step + " iss " + claims.getIssuer());
			}
			if (idToken && (claims.getAudience() == null || !claims.getAudience().contains(client.id()))) {
				throw new BenchFailure(step + " aud does not name the client");
			}
			if (claims.getExpirationTime() == null || claims.getExpirationTime().before(new Date())) {
				throw new BenchFailure(step + " expired");
			}
			if (nonce != null && !nonce.equals(claims.getStringClaim("nonce"))) {
				throw new BenchFailure(step + " nonce does not match");
			}
		}
		catch (ParseException | JOSEException ex) {
			throw new BenchFailure(step + " unreadable", ex.getMessage());
		}
	}

	// ---- helpers -------------------------------------------------------------------------------

	static long lap(Steps steps, int index, long since) {
		long now = System.nanoTime();
		steps.step(index, now - since);
		return now;
	}

	static void expectStatus(Browser.Page page, int status, String step) throws BenchFailure {
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
