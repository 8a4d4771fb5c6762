package jp.tsunagu.hub;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import jp.tsunagu.identity.PartnerClients;

/**
 * One partner's calls to the data hub over HTTP, in a tenant of their own: a token to write and a
 * token to read, taken from Sapporo Smart ID, and the tenant sent with every request.
 */
final class HubClient {

	final String writer;

	final String reader;

	final String tenant;

	private final int port;

	private final HttpClient http = HttpClient.newHttpClient();

	private HubClient(int port, String writer, String reader, String tenant) {
		this.port = port;
		this.writer = writer;
		this.reader = reader;
		this.tenant = tenant;
	}

	/** A newly registered partner with hub.read and hub.write, in a tenant no other test uses. */
	static HubClient inNewTenant(PartnerClients clients, int port) throws Exception {
		var partner = HubPartner.register(clients, port, "hub.read", "hub.write");
		return new HubClient(port, partner.token("hub.write"), partner.token("hub.read"),
				"s" + UUID.randomUUID().toString().substring(0, 8));
	}

	HttpResponse<String> send(HttpRequest.Builder request, String token) throws Exception {
		return http.send(request.header("Authorization", "Bearer " + token).header("NGSILD-Tenant", tenant)
			.timeout(Duration.ofSeconds(30))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	URI uri(String path) {
		return URI.create("http://localhost:" + port + path);
	}

	/** A Link header naming this JSON-LD context. */
	static String link(String context) {
		return "<" + context + ">; rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\"";
	}
}
