package jp.tsunagu.bench;

import java.io.IOException;
import java.net.URI;
import java.util.List;

import jp.tsunagu.bench.IdentityFlows.BenchUser;
import jp.tsunagu.bench.IdentityFlows.Steps;
import jp.tsunagu.bench.IdentityFlows.Tokens;

/**
 * An OpenID Connect provider under test: how its partner client and users are set up, and what a
 * person's browser does on its login pages. Everything a partner service does (authorization request,
 * code, token endpoint, token checks) is the same for every provider and lives in
 * {@link IdentityFlows}, which {@link #prepare} returns ready to use.
 */
interface Provider {

	/** "tsunagu" or "keycloak", as in {@code --provider}. */
	String id();

	/** For the report, e.g. "Tsunagu (Sapporo Smart ID)". */
	String title();

	/** The HTTP requests of one measured login, in order; indexes of {@link Steps#step}. */
	List<String> loginSteps();

	/** The scope a back end asks for with client_credentials. */
	String clientCredentialsScope();

	/** How setup registers users, for the report ("self-registration on /register", "admin REST API"). */
	String howUsersAreCreated();

	/**
	 * Registers a confidential partner client (client_secret_basic, code + PKCE S256, rotating refresh
	 * tokens, and client_credentials if {@code backEnd}), as an administrator of this provider would,
	 * and returns the flows of that partner (discovery read, keys loaded, client set).
	 */
	IdentityFlows prepare(String clientName, URI redirectUri, boolean backEnd) throws Exception;

	/** The flows of a partner client registered earlier (discovery read, keys loaded): for "measure" on its own. */
	IdentityFlows connect(IdentityFlows.Client client) throws IOException, InterruptedException, BenchFailure;

	/**
	 * Creates a user with that login name and password.
	 *
	 * @return true if created now, false if it existed already (same password)
	 */
	boolean createUser(Browser browser, BenchUser user) throws IOException, InterruptedException, BenchFailure;

	/**
	 * A partner sends an unauthenticated browser (empty cookie jar) to the authorization endpoint;
	 * the person signs in with the provider's form (the first time also agreeing to share, where the
	 * provider asks); the partner's back end exchanges the code with PKCE and checks the ID token.
	 *
	 * @param firstTime whether a consent page may appear (setup) or is a failure (measurement)
	 */
	Tokens login(Browser browser, BenchUser user, boolean firstTime, Steps steps)
			throws IOException, InterruptedException, BenchFailure;

	static Provider of(Options options) throws BenchFailure {
		return switch (options.get("provider")) {
			case "tsunagu" -> new TsunaguProvider(options);
			case "keycloak" -> new KeycloakProvider(options);
			default -> throw new BenchFailure("--provider must be tsunagu or keycloak, not " + options.get("provider"));
		};
	}
}
