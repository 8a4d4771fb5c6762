package jp.tsunagu.hub;

import java.net.URI;
import java.util.Set;

import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;

import jp.tsunagu.identity.PartnerClient;
import jp.tsunagu.identity.PartnerClients;
import jp.tsunagu.identity.TestClients;

/** A partner's back end registered for the data hub, taking tokens by client credentials. */
record HubPartner(int port, PartnerClient.Registered client) {

	static HubPartner register(PartnerClients clients, int port, String... scopes) {
		var all = new java.util.HashSet<>(Set.of(scopes));
		all.add("openid");
		return new HubPartner(port, TestClients.confidential(clients, all));
	}

	/** An access token with this scope, from Sapporo Smart ID's token endpoint. */
	String token(String scope) throws Exception {
		TokenResponse response = TokenResponse.parse(new TokenRequest(URI.create("http://localhost:" + port + "/oauth2/token"),
				new ClientSecretBasic(new ClientID(client.client().clientId()), new Secret(client.secret())),
				new ClientCredentialsGrant(), new Scope(scope)).toHTTPRequest().send());
		return response.toSuccessResponse().getTokens().getAccessToken().getValue();
	}
}
