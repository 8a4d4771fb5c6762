package jp.tsunagu.hub;

import static jp.tsunagu.hub.HubJson.array;
import static jp.tsunagu.hub.HubJson.assertProblem;
import static jp.tsunagu.hub.HubJson.assertSame;
import static jp.tsunagu.hub.HubJson.object;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import jakarta.json.JsonValue;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.identity.PartnerClients;

/**
 * {@code /ngsi-ld/v1/jsonldContexts} over HTTP (NGSI-LD clause 5.13) as the ETSI suite's purposes
 * 050 to 053 and 5132 to 5135 describe it: contexts the hub hosts (added, listed, served as sent,
 * deleted, private to their tenant), contexts it fetched and keeps (listed, served, forgotten,
 * fetched again, the core context never deleted), and the refusals. Contexts from elsewhere are
 * served by small HTTP servers of the test, one of them stopped to have a context that cannot be had.
 */
@TsunaguTest
class HubContextsTests {

	static final String MINIMAL = """
			{"@context": {"A1": "urn:ngsi-ld:attributes:A1", "A2": "urn:ngsi-ld:attributes:A2", "A3": "urn:ngsi-ld:attributes:A3"}}""";

	@LocalServerPort
	int port;

	@Autowired
	PartnerClients clients;

	@Autowired
	JdbcTemplate jdbc;

	final HttpClient http = HttpClient.newHttpClient();

	String writer;

	String reader;

	String tenant;

	@BeforeEach
	void tokens() throws Exception {
		var partner = HubPartner.register(clients, port, "hub.read", "hub.write");
		writer = partner.token("hub.write");
		reader = partner.token("hub.read");
		tenant = "c" + UUID.randomUUID().toString().substring(0, 8);
	}

	// ---- hosted (050, 052, 053, 051)

	@Test
	void aHostedContextIsListedServedAsSentAndDeleted_050_01_052_02_052_03_052_05_053_01_053_02_051_01() throws Exception {
		var location = add(MINIMAL);
		var localId = location.substring(location.lastIndexOf('/') + 1);
		var served = get("/ngsi-ld/v1/jsonldContexts/" + localId);
		assertThat(served.statusCode()).isEqualTo(200);
		assertThat(served.headers().firstValue("Content-Type")).hasValue("application/json");
		assertSame(HubJson.parse(served.body()), MINIMAL);
		assertSame(HubJson.parse(get("/ngsi-ld/v1/jsonldContexts/" + localId + "?details=false").body()), MINIMAL);
		var details = object(get("/ngsi-ld/v1/jsonldContexts/" + localId + "?details=true"));
		assertThat(details.keySet()).containsExactlyInAnyOrder("URL", "localId", "kind", "createdAt");
		assertThat(details.getString("URL")).isEqualTo("http://localhost:" + port + location);
		assertThat(details.getString("localId")).isEqualTo(localId);
		assertThat(details.getString("kind")).isEqualTo("Hosted");
		assertThat(details.getString("createdAt")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
		var second = add(MINIMAL.replace("A", "B"));
		var third = add(MINIMAL.replace("A", "C"));
		for (var query : List.of("", "?details=false", "?kind=Hosted", "?details=false&kind=Hosted")) {
			assertThat(urls(array(get("/ngsi-ld/v1/jsonldContexts" + query)))).as(query)
				.anyMatch(u -> u.endsWith(location)).anyMatch(u -> u.endsWith(second)).anyMatch(u -> u.endsWith(third));
		}
		var detailed = array(get("/ngsi-ld/v1/jsonldContexts?details=true&kind=Hosted"));
		assertThat(detailed).hasSize(3).allSatisfy(entry -> assertThat(entry.asJsonObject().getString("kind")).isEqualTo("Hosted"));
		// 050_01_02: a context that only names others is hosted as well
		var names = add("{\"@context\": [\"https://example.org/one.jsonld\", \"https://example.org/two.jsonld\"]}");
		assertThat(object(get(names + "?details=true")).getString("kind")).isEqualTo("Hosted");
		var deleted = send(writer, HttpRequest.newBuilder(uri(location)).DELETE());
		assertThat(deleted.statusCode()).isEqualTo(204);
		assertThat(deleted.body()).isEmpty();
		assertProblem(get(location), 404, "ResourceNotFound");
		assertThat(urls(array(get("/ngsi-ld/v1/jsonldContexts")))).noneMatch(u -> u.endsWith(location));
	}

	@Test
	void anEntityReadsAHostedContextByItsUrlAndItsContextsAreFetchedAndKept_050_04_052_07_051_03() throws Exception {
		try (var remote = UserContext.serve("{\"@context\": {\"Building\": \"https://example.org/city#Building\","
				+ " \"name\": \"https://example.org/city#name\"}}")) {
			var location = add("{\"@context\": [\"" + remote.url + "\"]}");
			var created = send(writer, HttpRequest.newBuilder(uri("/ngsi-ld/v1/entities"))
				.header("Content-Type", "application/json")
				.header("Link", "<http://localhost:" + port + location + ">; rel=\"http://www.w3.org/ns/json-ld#context\"")
				.POST(HttpRequest.BodyPublishers.ofString("{\"id\": \"urn:ngsi-ld:Building:c1\", \"type\": \"Building\","
						+ " \"name\": {\"type\": \"Property\", \"value\": \"Clock Tower\"}}")));
			assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
			var stored = jdbc.queryForObject("SELECT body FROM hub_entity WHERE tenant = ? AND id = ?", String.class, tenant,
					"urn:ngsi-ld:Building:c1");
			assertThat(stored).as("the hosted context named the city's terms").contains("https://example.org/city#name");
			var cached = array(get("/ngsi-ld/v1/jsonldContexts?details=true&kind=Cached")).stream()
				.map(JsonValue::asJsonObject)
				.filter(entry -> entry.getString("URL").equals(remote.url))
				.findFirst()
				.orElseThrow();
			assertThat(cached.getString("kind")).isEqualTo("Cached");
			assertThat(cached.getString("createdAt")).endsWith("Z");
			var byUrl = "/ngsi-ld/v1/jsonldContexts/" + URLEncoder.encode(remote.url, StandardCharsets.UTF_8);
			assertThat(object(get(byUrl + "?details=true")).getString("kind")).isEqualTo("Cached");
			assertThat(get(byUrl).body()).contains("https://example.org/city#Building");
			assertThat(object(get("/ngsi-ld/v1/jsonldContexts/" + cached.getString("localId") + "?details=true")).getString("URL"))
				.isEqualTo(remote.url);
			assertThat(send(writer, HttpRequest.newBuilder(uri(byUrl)).DELETE()).statusCode()).isEqualTo(204);
			assertThat(urls(array(get("/ngsi-ld/v1/jsonldContexts?kind=Cached")))).doesNotContain(remote.url);
		}
	}

	@Test
	void aCachedContextThatCannotBeFetchedAgainStaysAndTheCoreIsNeverDeleted_051_05_5135_051_08_051_09() throws Exception {
		var remote = UserContext.serve("{\"@context\": {\"Shop\": \"https://example.org/city#Shop\"}}");
		var created = send(writer, HttpRequest.newBuilder(uri("/ngsi-ld/v1/entities"))
			.header("Content-Type", "application/ld+json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"id\": \"urn:ngsi-ld:Shop:s1\", \"type\": \"Shop\", \"@context\": \""
					+ remote.url + "\"}")));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		var byUrl = "/ngsi-ld/v1/jsonldContexts/" + URLEncoder.encode(remote.url, StandardCharsets.UTF_8);
		assertThat(send(writer, HttpRequest.newBuilder(uri(byUrl + "?reload=true")).DELETE()).statusCode())
			.as("fetched again while it can be").isEqualTo(204);
		remote.close();
		assertProblem(send(writer, HttpRequest.newBuilder(uri(byUrl + "?reload=true")).DELETE()), 504, "LdContextNotAvailable");
		assertThat(object(get(byUrl + "?details=true")).getString("kind")).as("the one kept stays").isEqualTo("Cached");
		assertThat(send(writer, HttpRequest.newBuilder(uri(byUrl)).DELETE()).statusCode()).isEqualTo(204);
		assertProblem(get(byUrl + "?details=true"), 404, "ResourceNotFound");
		var core = "/ngsi-ld/v1/jsonldContexts/" + URLEncoder.encode(NgsiLd.CORE_CONTEXT, StandardCharsets.UTF_8);
		assertProblem(send(writer, HttpRequest.newBuilder(uri(core)).DELETE()), 400, "BadRequestData");
		assertProblem(send(writer, HttpRequest.newBuilder(uri(core + "?reload=false")).DELETE()), 400, "BadRequestData");
		assertThat(send(writer, HttpRequest.newBuilder(uri(core + "?reload=true")).DELETE()).statusCode()).isEqualTo(204);
		assertThat(object(get(core + "?details=true")).getString("kind")).isEqualTo("Cached");
		assertThat(get(core).body()).contains("\"ngsi-ld\"");
		// an earlier version's URL is the core context too
		assertThat(object(get("/ngsi-ld/v1/jsonldContexts/" + URLEncoder.encode(
				"https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.6.jsonld", StandardCharsets.UTF_8) + "?details=true"))
			.getString("URL")).isEqualTo(NgsiLd.CORE_CONTEXT);
	}

	@Test
	void whatIsNoContextOrNoRequestOfOneIsRefusedAndNothingIsStored_050_02_5132_052_04_053_03_051_02_051_04() throws Exception {
		assertProblem(post("{\"A1\": \"urn:ngsi-ld:attributes:A1\"}"), 400, "InvalidRequest");
		assertProblem(post("{\"@context\": {\"A1\": \"urn:x:A1\" \"A2\": \"urn:x:A2\"}}"), 400, "InvalidRequest");
		for (var wrong : List.of("{\"@context\": 42}", "{\"@context\": true}", "{\"@context\": [\"https://example.org/ctx.jsonld\", 7]}",
				"{\"@context\": null}", "{\"@context\": \"not a url\"}")) {
			var refused = post(wrong);
			assertProblem(refused, 400, "BadRequestData");
			assertThat(refused.headers().firstValue("Location")).isEmpty();
		}
		assertThat(jdbc.queryForObject("SELECT count(*) FROM hub_context WHERE tenant = ?", Long.class, tenant)).isZero();
		var location = add(MINIMAL);
		var localId = location.substring(location.lastIndexOf('/') + 1);
		for (var query : List.of("?kind=other", "?details=other", "?details=other&kind=other", "?details=true&kind=other",
				"?details=other&kind=Hosted", "?limit=3")) {
			assertProblem(get("/ngsi-ld/v1/jsonldContexts" + query), 400, "BadRequestData");
		}
		assertProblem(get("/ngsi-ld/v1/jsonldContexts/wrong_id_context?details=true"), 404, "ResourceNotFound");
		assertProblem(get("/ngsi-ld/v1/jsonldContexts/" + localId + "?details=maybe"), 400, "BadRequestData");
		assertProblem(delete("/ngsi-ld/v1/jsonldContexts/1234567890123456"), 404, "ResourceNotFound");
		assertProblem(delete("/ngsi-ld/v1/jsonldContexts/wrong_id_context?reload=true"), 400, "BadRequestData");
		assertProblem(delete("/ngsi-ld/v1/jsonldContexts/wrong_id_context?reload=false"), 404, "ResourceNotFound");
		assertProblem(delete("/ngsi-ld/v1/jsonldContexts/wrong_id_context?reload=xxx"), 400, "BadRequestData");
		assertProblem(delete(location + "?reload=true"), 400, "BadRequestData");
		assertThat(get(location).statusCode()).as("still there").isEqualTo(200);
		// a context named by a path alone is no URL: refused, never read
		var relative = send(writer, HttpRequest.newBuilder(uri("/ngsi-ld/v1/entities"))
			.header("Content-Type", "application/ld+json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"id\": \"urn:ngsi-ld:Testing:r1\", \"type\": \"Testing\", "
					+ "\"A1\": {\"type\": \"Property\", \"value\": 1}, \"@context\": \"" + location + "\"}")));
		assertThat(relative.statusCode()).as(relative.body()).isIn(400, 504);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM hub_entity WHERE tenant = ?", Long.class, tenant)).isZero();
	}

	@Test
	void aSubscriptionWrittenInAListOfContextsNamesItByOneUrlItsImplicitlyCreatedContext_050_03_052_06_053_07_053_08_051_06_051_07()
			throws Exception {
		try (var one = UserContext.serve("{\"@context\": {\"Shop\": \"https://example.org/city#Shop\"}}");
				var two = UserContext.serve("{\"@context\": {\"stock\": \"https://example.org/city#stock\"}}")) {
			var subscription = send(writer, HttpRequest.newBuilder(uri("/ngsi-ld/v1/subscriptions"))
				.header("Content-Type", "application/ld+json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"id\": \"urn:ngsi-ld:Subscription:shops\", \"type\": \"Subscription\","
						+ " \"entities\": [{\"type\": \"Shop\"}], \"notification\": {\"endpoint\": {\"uri\": \"http://shops.example.org/123\"}},"
						+ " \"@context\": [\"" + one.url + "\", \"" + two.url + "\"]}")));
			assertThat(subscription.statusCode()).as(subscription.body()).isEqualTo(201);
			var url = object(get("/ngsi-ld/v1/subscriptions/urn:ngsi-ld:Subscription:shops")).getString("jsonldContext");
			assertThat(url).startsWith("http://localhost:" + port + "/ngsi-ld/v1/jsonldContexts/");
			var localId = url.substring(url.lastIndexOf('/') + 1);
			// anyone reads it: a subscriber without a token of the hub
			var anonymous = http.send(HttpRequest.newBuilder(URI.create(url)).header("NGSILD-Tenant", tenant).GET().build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(anonymous.statusCode()).isEqualTo(200);
			assertSame(HubJson.parse(anonymous.body()), "{\"@context\": [\"" + one.url + "\", \"" + two.url + "\"]}");
			var details = object(get("/ngsi-ld/v1/jsonldContexts/" + localId + "?details=true"));
			assertThat(details.getString("kind")).isEqualTo("ImplicitlyCreated");
			assertThat(details.getString("URL")).isEqualTo(url);
			assertThat(urls(array(get("/ngsi-ld/v1/jsonldContexts?kind=ImplicitlyCreated")))).containsExactly(url);
			assertThat(urls(array(get("/ngsi-ld/v1/jsonldContexts?kind=Cached")))).contains(one.url, two.url);
			assertThat(urls(array(get("/ngsi-ld/v1/jsonldContexts?kind=Hosted")))).doesNotContain(url);
			// an entity written in it by its URL reads both contexts' terms
			var entity = send(writer, HttpRequest.newBuilder(uri("/ngsi-ld/v1/entities"))
				.header("Content-Type", "application/ld+json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"id\": \"urn:ngsi-ld:Shop:s2\", \"type\": \"Shop\", \"stock\": "
						+ "{\"type\": \"Property\", \"value\": 3}, \"@context\": \"" + url + "\"}")));
			assertThat(entity.statusCode()).as(entity.body()).isEqualTo(201);
			assertThat(jdbc.queryForObject("SELECT body FROM hub_entity WHERE tenant = ? AND id = ?", String.class, tenant,
					"urn:ngsi-ld:Shop:s2")).contains("https://example.org/city#stock").contains("https://example.org/city#Shop");
			assertProblem(delete("/ngsi-ld/v1/jsonldContexts/" + localId + "?reload=true"), 400, "BadRequestData");
			assertThat(delete("/ngsi-ld/v1/jsonldContexts/" + localId).statusCode()).isEqualTo(204);
			// a subscription written in one context URL names that one
			var single = send(writer, HttpRequest.newBuilder(uri("/ngsi-ld/v1/subscriptions"))
				.header("Content-Type", "application/json").header("Link", "<" + one.url + ">; rel=\"http://www.w3.org/ns/json-ld#context\"")
				.POST(HttpRequest.BodyPublishers.ofString("{\"id\": \"urn:ngsi-ld:Subscription:one\", \"type\": \"Subscription\","
						+ " \"entities\": [{\"type\": \"Shop\"}], \"notification\": {\"endpoint\": {\"uri\": \"http://shops.example.org/1\"}}}")));
			assertThat(single.statusCode()).as(single.body()).isEqualTo(201);
			assertThat(object(get("/ngsi-ld/v1/subscriptions/urn:ngsi-ld:Subscription:one"))).doesNotContainKey("jsonldContext");
		}
	}

	@Test
	void aHostedContextIsItsTenantsOwn_5134_01() throws Exception {
		var location = add("{\"@context\": {\"TenantPrivateTerm\": \"urn:ngsi-ld:attributes:TenantPrivateTerm\"}}");
		var localId = location.substring(location.lastIndexOf('/') + 1);
		var mine = tenant;
		tenant = "o" + UUID.randomUUID().toString().substring(0, 8);
		assertThat(get("/ngsi-ld/v1/jsonldContexts?details=true").body()).doesNotContain(localId);
		assertThat(get("/ngsi-ld/v1/jsonldContexts").body()).doesNotContain(localId);
		for (var path : List.of(location, location + "?details=true")) {
			var response = get(path);
			assertProblem(response, 404, "ResourceNotFound");
			assertThat(response.body()).doesNotContain("TenantPrivateTerm");
		}
		assertProblem(delete(location), 404, "ResourceNotFound");
		tenant = mine;
		assertThat(get(location).body()).contains("TenantPrivateTerm");
		assertThat(delete(location).statusCode()).isEqualTo(204);
	}

	// ---- HTTP

	private String add(String document) throws Exception {
		var response = post(document);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		assertThat(response.body()).isEmpty();
		var location = response.headers().firstValue("Location").orElseThrow();
		assertThat(location).startsWith("/ngsi-ld/v1/jsonldContexts/");
		return location;
	}

	private HttpResponse<String> post(String document) throws Exception {
		return send(writer, HttpRequest.newBuilder(uri("/ngsi-ld/v1/jsonldContexts"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(document)));
	}

	private HttpResponse<String> get(String path) throws Exception {
		return send(reader, HttpRequest.newBuilder(uri(path)).GET());
	}

	private HttpResponse<String> delete(String path) throws Exception {
		return send(writer, HttpRequest.newBuilder(uri(path)).DELETE());
	}

	private HttpResponse<String> send(String token, HttpRequest.Builder request) throws Exception {
		return http.send(request.header("Authorization", "Bearer " + token).header("NGSILD-Tenant", tenant).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + port + path);
	}

	private static List<String> urls(jakarta.json.JsonArray list) {
		return list.stream().map(url -> ((jakarta.json.JsonString) url).getString()).toList();
	}
}
