package jp.tsunagu.identity;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;

import org.jsoup.Jsoup;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;

import jp.tsunagu.Browser;

/**
 * A relying party built on the Nimbus OAuth 2.0 SDK, as a partner service would build one: it
 * discovers the provider, sends the browser to the authorization endpoint with PKCE, exchanges the
 * code and validates ID tokens against the published JWKS. Every call is real HTTP.
 */
public final class TestRelyingParty {

	final OIDCProviderMetadata provider;

	final ClientID clientId;

	final ClientAuthentication auth;

	final URI redirect = URI.create(TestClients.REDIRECT);

	public ClientAuthentication auth() {
		return auth;
	}

	public URI redirect() {
		return redirect;
	}

	public TestRelyingParty(String issuer, PartnerClient.Registered client) {
		try {
			this.provider = OIDCProviderMetadata.resolve(new Issuer(issuer));
		}
		catch (Exception ex) {
			throw new IllegalStateException("Discovery failed", ex);
		}
		this.clientId = new ClientID(client.client().clientId());
		this.auth = client.secret() == null ? null
				: new ClientSecretBasic(clientId, new Secret(client.secret()));
	}

	/** One authorization attempt: what was sent and what the browser was redirected to. */
	public record Attempt(State state, Nonce nonce, CodeVerifier verifier, URI request) {
	}

	public Attempt attempt(Scope scope) {
		return attempt(scope, builder -> {
		});
	}

	/** An attempt with more parameters (prompt, max_age, response_mode…) set on the request. */
	public Attempt attempt(Scope scope, java.util.function.Consumer<AuthenticationRequest.Builder> more) {
		var verifier = new CodeVerifier();
		var state = new State();
		var nonce = new Nonce();
		var builder = new AuthenticationRequest.Builder(ResponseType.CODE, scope, clientId, redirect).state(state)
			.nonce(nonce)
			.codeChallenge(verifier, CodeChallengeMethod.S256)
			.endpointURI(provider.getAuthorizationEndpointURI());
		more.accept(builder);
		return new Attempt(state, nonce, verifier, builder.build().toURI());
	}

	/**
	 * Drives the signed-in browser through authorization (agreeing on the consent page if shown)
	 * and returns the final redirect to the client.
	 */
	public URI authorize(Browser browser, URI request) {
		var response = answer(browser, request);
		var location = response.headers().firstValue("Location").map(URI::create).orElse(null);
		if (location == null) {
			throw new AssertionError("No redirect from the authorization endpoint: " + response.statusCode());
		}
		return location;
	}

	/** The authorization endpoint's last answer to the signed-in browser, after the consent page if shown. */
	public java.net.http.HttpResponse<String> answer(Browser browser, URI request) {
		var response = browser.get(request.toString());
		var location = response.headers().firstValue("Location").map(URI::create).orElse(null);
		if (location != null && location.getPath().equals("/oauth2/consent")) {
			var page = browser.get(location.toString()).body();
			var doc = Jsoup.parse(page);
			var form = doc.selectFirst("form#consent-form");
			var fields = new java.util.ArrayList<Map.Entry<String, String>>();
			form.select("input[type=hidden]").forEach(i -> fields.add(Map.entry(i.attr("name"), i.attr("value"))));
			form.select("input[type=checkbox][checked]").forEach(i -> fields.add(Map.entry(i.attr("name"), i.attr("value"))));
			response = browser.post("/oauth2/authorize", fields);
		}
		return response;
	}

	public static Map<String, List<String>> query(URI uri) {
		return URLUtils.parseParameters(uri.getRawQuery());
	}

	public TokenResponse exchange(String code, CodeVerifier verifier) {
		return token(new AuthorizationCodeGrant(new AuthorizationCode(code), redirect, verifier));
	}

	public TokenResponse token(AuthorizationGrant grant) {
		return token(grant, null);
	}

	public TokenResponse token(AuthorizationGrant grant, Scope scope) {
		var request = auth == null ? new TokenRequest(provider.getTokenEndpointURI(), clientId, grant, scope)
				: new TokenRequest(provider.getTokenEndpointURI(), auth, grant, scope);
		try {
			return OIDCTokenResponseParser.parse(request.toHTTPRequest().send());
		}
		catch (IOException | ParseException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String error(TokenResponse response) {
		return ((TokenErrorResponse) response).getErrorObject().getCode();
	}

	public IDTokenValidator idTokenValidator() {
		try {
			return new IDTokenValidator(provider.getIssuer(), clientId, JWSAlgorithm.RS256,
					provider.getJWKSetURI().toURL());
		}
		catch (java.net.MalformedURLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String kid(JWT token) {
		return ((com.nimbusds.jwt.SignedJWT) token).getHeader().getKeyID();
	}
}
