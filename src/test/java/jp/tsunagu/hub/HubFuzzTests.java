package jp.tsunagu.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;


import jp.tsunagu.TsunaguTest;
import jp.tsunagu.identity.PartnerClients;

/**
 * Hostile entities and queries for the data hub, from a seeded generator: a valid entity with one
 * member replaced by junk (wrong JSON types, NUL, huge strings, unknown attribute types, contexts
 * that are no contexts), and query parameters of junk. Properties: no answer is a 5xx other than
 * LdContextNotAvailable's 504, a refusal stores nothing, and each entity accepted is stored once.
 * {@code -Dtsunagu.fuzz.seed=…} replays a failure.
 */
@TsunaguTest
class HubFuzzTests {

	@LocalServerPort
	int port;

	@Autowired
	PartnerClients clients;

	@Autowired
	JdbcTemplate jdbc;

	static final List<String> JUNK = List.of("null", "0", "-1", "1e309", "1e99999999999", "true", "\"\"", "\"x\"", "[]", "{}", "[{}]",
			"\"\\u0000\"", "\"" + "あ".repeat(3000) + "\"", "{\"type\": \"Property\"}", "{\"type\": \"Nonsense\", \"value\": 1}",
			"{\"type\": \"Relationship\", \"object\": 5}", "{\"type\": \"Relationship\", \"object\": \"no uri\"}",
			"{\"type\": \"GeoProperty\", \"value\": \"here\"}", "[{\"type\": \"Property\", \"value\": 1}, {\"type\": \"Property\", \"value\": 2}]",
			"{\"@id\": \"urn:x\"}", "{\"@context\": \"http://127.0.0.1:1/x\"}", "{\"type\": \"Property\", \"value\": {\"@value\": 1, \"@type\": 5}}");

	static final List<String> MEMBERS = List.of("id", "type", "name", "@context", "location", "owner", "@graph",
			"createdAt");

	@Test
	void hostileEntitiesAndQueriesAreRefusedAndStoreNothing() throws Exception {
		long seed = Long.getLong("tsunagu.fuzz.seed", 18L);
		var random = new Random(seed);
		var token = HubPartner.register(clients, port, "hub.write").token("hub.write");
		var http = HttpClient.newHttpClient();
		int accepted = 0;
		long before = count();
		for (int i = 0; i < 160; i++) {
			var id = "urn:ngsi-ld:FuzzThing:" + seed + "-" + i;
			var members = new java.util.LinkedHashMap<String, String>();
			members.put("id", "\"" + id + "\"");
			members.put("type", "\"FuzzThing\"");
			members.put("name", "{\"type\": \"Property\", \"value\": \"n" + i + "\"}");
			members.put("location", "{\"type\": \"GeoProperty\", \"value\": {\"type\": \"Point\", \"coordinates\": [141.3, 43.0]}}");
			if (i % 8 != 0) {
				members.put(MEMBERS.get(random.nextInt(MEMBERS.size())), JUNK.get(random.nextInt(JUNK.size())));
			}
			var body = new StringBuilder("{");
			members.forEach((k, v) -> body.append(body.length() > 1 ? ", " : "").append('"').append(k).append("\": ").append(v));
			body.append('}');
			var contentType = random.nextInt(5) == 0 ? "application/ld+json" : "application/json";
			var response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/ngsi-ld/v1/entities"))
				.header("Authorization", "Bearer " + token)
				.header("Content-Type", contentType)
				.POST(HttpRequest.BodyPublishers.ofString(body.toString()))
				.build(), HttpResponse.BodyHandlers.ofString());
			var said = "seed " + seed + ", case " + i + ": " + body.substring(0, Math.min(300, body.length())) + " -> "
					+ response.statusCode() + " " + response.body();
			assertThat(response.statusCode()).as(said).isIn(201, 400, 409, 413, 415, 504);
			if (response.statusCode() == 504) {
				assertThat(response.body()).as(said).contains("LdContextNotAvailable");
			}
			var stored = jdbc.queryForObject("SELECT count(*) FROM hub_entity WHERE id = ?", Long.class, id);
			assertThat(stored).as(said).isEqualTo(response.statusCode() == 201 ? 1L : 0L);
			if (response.statusCode() == 201) {
				accepted++;
			}
		}
		assertThat(accepted).as("the valid ones (every eighth, and junk that is still an entity) are stored").isGreaterThanOrEqualTo(20);
		assertThat(count() - before).isEqualTo(accepted);

		// attribute operations and batches on the entities stored above: junk never a 5xx, never changes a refused entity
		var target = "urn:ngsi-ld:FuzzThing:" + seed + "-0";
		var operations = List.of("POST /attrs", "PATCH /attrs", "PATCH /attrs/name", "PUT /attrs/name", "PUT /attrs/%00",
				"PUT /attrs/scope", "DELETE /attrs/name?datasetId=x",
				"POST batch/create", "POST batch/upsert", "POST batch/update", "POST batch/delete", "PUT ", "PATCH ");
		for (int i = 0; i < 120; i++) {
			var operation = operations.get(random.nextInt(operations.size()));
			var junk = JUNK.get(random.nextInt(JUNK.size()));
			var member = MEMBERS.get(random.nextInt(MEMBERS.size()));
			var body = operation.contains("batch") ? (random.nextBoolean() ? "[" + junk + "]" : junk)
					: operation.contains("/attrs/") ? junk : "{\"" + member + "\": " + junk + "}";
			var method = operation.substring(0, operation.indexOf(' '));
			var path = operation.contains("batch") ? "/ngsi-ld/v1/entityOperations/" + operation.substring(operation.indexOf('/') + 1)
					: "/ngsi-ld/v1/entities/" + target + operation.substring(operation.indexOf(' ') + 1);
			var entitiesBefore = jdbc.queryForObject("SELECT count(*) FROM hub_entity", Long.class);
			var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
				.header("Authorization", "Bearer " + token)
				.header("Content-Type", "application/json");
			var response = http.send(method.equals("DELETE") ? request.DELETE().build()
					: request.method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
			var said = "seed " + seed + ", " + operation + " " + body.substring(0, Math.min(200, body.length())) + " -> "
					+ response.statusCode() + " " + response.body();
			assertThat(response.statusCode()).as(said).isIn(200, 201, 204, 207, 400, 404, 409, 413, 504);
			if (response.statusCode() >= 400) {
				assertThat(jdbc.queryForObject("SELECT count(*) FROM hub_entity", Long.class)).as(said).isEqualTo(entitiesBefore);
			}
		}

		var parameters = List.of("type", "id", "idPattern", "attrs", "limit", "offset", "count", "options", "q", "x",
				"georel", "geometry", "coordinates", "geoproperty", "join", "joinLevel", "pick", "omit");
		var values = List.of("", "\u0000", "-1", "99999999999", "[", "(", "*", "a,,b", "urn:x", "keyValues,normalized",
				"あ".repeat(500), "%00", "true", "size>1", "size==1..\"a\"", "(size>1|!size);n~=(.*a){9}", "near;maxDistance==10",
				"within", "Point", "Polygon", "[141.3,43]", "[[[0,0],[1,0],[0,0]]]", "[1e999,0]", "flat", "inline", "@none",
				"0", "9", "id,ref{id,name{x}}", "ref{", "ref{size}>1", "ref{ref{size}}<2", "{}");
		for (int i = 0; i < 160; i++) {
			var query = parameters.get(random.nextInt(parameters.size())) + "="
					+ URLEncoder.encode(values.get(random.nextInt(values.size())), StandardCharsets.UTF_8);
			if (random.nextInt(3) == 0) {
				// a geo-query with its three parts, each from the junk
				query += "&georel=" + URLEncoder.encode(values.get(random.nextInt(values.size())), StandardCharsets.UTF_8)
						+ "&geometry=" + values.get(random.nextInt(values.size())).replaceAll("[^A-Za-z]", "")
						+ "&coordinates=" + URLEncoder.encode(values.get(random.nextInt(values.size())), StandardCharsets.UTF_8);
			}
			if (random.nextBoolean()) {
				query = "type=FuzzThing&" + query;
			}
			var response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/ngsi-ld/v1/entities?" + query))
				.header("Authorization", "Bearer " + token)
				.GET()
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as("seed " + seed + ", query " + query + " -> " + response.body())
				.isIn(200, 400, 403);
		}
	}

	static final List<String> SUBSCRIPTION_MEMBERS = List.of("id", "type", "entities", "watchedAttributes", "q", "geoQ",
			"notificationTrigger", "throttling", "timeInterval", "expiresAt", "isActive", "jsonldContext", "notification",
			"datasetId", "csf", "@context");

	static final List<String> SUBSCRIPTION_JUNK = List.of("null", "0", "-1", "1e99999999999", "true", "\"\"", "\"x\"", "[]",
			"{}", "[{}]", "[\"\"]", "[{\"type\": 5}]", "[{\"type\": \"(A|\"}]", "\"((\"", "\"a==\\\"x\"",
			"\"2000-01-01T00:00:00Z\"", "{\"georel\": \"near;maxDistance==5\", \"geometry\": \"Point\", \"coordinates\": \"[1e400,0]\"}",
			"{\"endpoint\": {\"uri\": \"mqtt://\"}}", "{\"endpoint\": {\"uri\": \"http://x.example/\", \"receiverInfo\": [{\"key\": \"Bad Header\", \"value\": \"v\"}]}}",
			"{\"endpoint\": {\"uri\": \"http://x.example/\", \"accept\": \"text/html\"}}", "\"\\u0000\"",
			"\"" + "あ".repeat(3000) + "\"", "[\"entityChanged\"]", "\"http://127.0.0.1:1/none.jsonld\"",
			"{\"endpoint\": {\"uri\": \"http://x.example/\"}, \"join\": \"sideways\", \"joinLevel\": 0}",
			"{\"endpoint\": {\"uri\": \"http://x.example/\"}, \"join\": \"flat\", \"joinLevel\": \"1\"}",
			"{\"endpoint\": {\"uri\": \"http://x.example/\"}, \"pick\": [\"id\"], \"omit\": [\"type\"]}",
			"{\"endpoint\": {\"uri\": \"http://x.example/\"}, \"pick\": [\"a{b\"]}",
			"{\"endpoint\": {\"uri\": \"http://x.example/\"}, \"showChanges\": \"yes\"}", "\"ref{a}<1\"", "\"ref{\"",
			"[\"@none\"]");

	@Test
	void hostileSubscriptionsAreRefusedAndStoreNothing() throws Exception {
		long seed = Long.getLong("tsunagu.fuzz.seed", 18L);
		var random = new Random(seed);
		var token = HubPartner.register(clients, port, "hub.write").token("hub.write");
		var http = HttpClient.newHttpClient();
		int accepted = 0;
		String target = null;
		for (int i = 0; i < 160; i++) {
			var id = "urn:ngsi-ld:Subscription:fuzz-" + seed + "-" + i;
			var members = new java.util.LinkedHashMap<String, String>();
			members.put("id", "\"" + id + "\"");
			members.put("type", "\"Subscription\"");
			members.put("entities", "[{\"type\": \"FuzzThing\"}]");
			members.put("notification", "{\"endpoint\": {\"uri\": \"http://notify.example/x\"}}");
			if (i % 8 != 0) {
				members.put(SUBSCRIPTION_MEMBERS.get(random.nextInt(SUBSCRIPTION_MEMBERS.size())),
						SUBSCRIPTION_JUNK.get(random.nextInt(SUBSCRIPTION_JUNK.size())));
			}
			var body = new StringBuilder("{");
			members.forEach((k, v) -> body.append(body.length() > 1 ? ", " : "").append('"').append(k).append("\": ").append(v));
			body.append('}');
			var contentType = random.nextInt(5) == 0 ? "application/ld+json" : "application/json";
			var patch = i % 3 == 0 && target != null;
			var uri = URI.create("http://localhost:" + port + "/ngsi-ld/v1/subscriptions" + (patch ? "/" + target : ""));
			var request = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token).header("Content-Type", contentType);
			var response = http.send((patch ? request.method("PATCH", HttpRequest.BodyPublishers.ofString(body.toString()))
					: request.POST(HttpRequest.BodyPublishers.ofString(body.toString()))).build(), HttpResponse.BodyHandlers.ofString());
			var said = "seed " + seed + ", case " + i + (patch ? " (PATCH)" : "") + ": "
					+ body.substring(0, Math.min(300, body.length())) + " -> " + response.statusCode() + " " + response.body();
			assertThat(response.statusCode()).as(said).isIn(201, 204, 400, 409, 413, 504);
			if (!patch && members.get("id").equals("\"" + id + "\"")) {
				var stored = jdbc.queryForObject("SELECT count(*) FROM hub_subscription WHERE id = ?", Long.class, id);
				assertThat(stored).as(said).isEqualTo(response.statusCode() == 201 ? 1L : 0L);
				if (response.statusCode() == 201) {
					accepted++;
					target = target == null ? id : target;
				}
				else if (i % 8 == 0 && contentType.equals("application/json")) {
					fail("a subscription without junk is refused: " + said);
				}
			}
		}
		assertThat(accepted).as("the valid ones are stored").isGreaterThanOrEqualTo(10);
		jdbc.update("DELETE FROM hub_subscription WHERE tenant = ''");
	}

	@Test
	void hostileTemporalRequestsAreRefusedNeverA500() throws Exception {
		long seed = Long.getLong("tsunagu.fuzz.seed", 18L);
		var random = new Random(seed);
		var token = HubPartner.register(clients, port, "hub.write").token("hub.write");
		var http = HttpClient.newHttpClient();
		var parameters = List.of("timerel", "timeAt", "endTimeAt", "timeproperty", "lastN", "options", "aggrMethods",
				"aggrPeriodDuration", "attrs", "type", "limit", "x", "pick", "omit");
		var values = List.of("", "\u0000", "-1", "0", "99999999999", "before", "after", "between", "2026-12-01T00:00:00Z",
				"2026-13-01T00:00:00Z", "2026-12-01", "observedAt", "deletedAt", "aggregatedValues", "temporalValues,sysAttrs",
				"avg,min", "median", "PT1H", "P1M", "PT0.001S", "PT-1H", "あ".repeat(300), "a,,b", "id,n", "n{value}", "{{{",
				"id|type", "n".repeat(3000));
		var created = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/ngsi-ld/v1/temporal/entities"))
			.header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"id\": \"urn:ngsi-ld:FuzzThing:t" + seed + "\", \"type\": \"FuzzThing\","
					+ " \"n\": [{\"type\": \"Property\", \"value\": 1, \"observedAt\": \"2026-12-01T00:00:00Z\"}]}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(created.statusCode()).as(created.body()).isIn(201, 204);
		for (int i = 0; i < 200; i++) {
			var query = new StringBuilder();
			for (int k = 1 + random.nextInt(4); k > 0; k--) {
				query.append(query.isEmpty() ? "" : "&").append(parameters.get(random.nextInt(parameters.size()))).append('=')
					.append(URLEncoder.encode(values.get(random.nextInt(values.size())), StandardCharsets.UTF_8));
			}
			var path = random.nextBoolean() ? "/ngsi-ld/v1/temporal/entities/urn:ngsi-ld:FuzzThing:t" + seed
					: "/ngsi-ld/v1/temporal/entities";
			var response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path + "?" + query))
				.header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as("seed " + seed + ", " + path + "?" + query + " -> " + response.body())
				.isIn(200, 206, 400, 403, 404);
		}
		for (int i = 0; i < 80; i++) {
			var junk = JUNK.get(random.nextInt(JUNK.size()));
			var body = random.nextBoolean()
					? "{\"id\": \"urn:ngsi-ld:FuzzThing:t" + seed + "\", \"type\": \"FuzzThing\", \"n\": [" + junk + "]}"
					: "{\"id\": \"urn:ngsi-ld:FuzzThing:t" + seed + "\", \"type\": \"FuzzThing\", \"n\": " + junk + "}";
			var response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/ngsi-ld/v1/temporal/entities"))
				.header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as("seed " + seed + ", " + body.substring(0, Math.min(200, body.length())) + " -> "
					+ response.body()).isIn(204, 400, 413, 504);
		}
	}

	@Test
	void hostileDiscoveryRequestsAreRefusedNeverA500AndWriteNothing() throws Exception {
		long seed = Long.getLong("tsunagu.fuzz.seed", 18L);
		var random = new Random(seed);
		var token = HubPartner.register(clients, port, "hub.read").token("hub.read");
		var http = HttpClient.newHttpClient();
		var names = List.of("", "Building", "%00", "%2F%2F", "https%3A%2F%2Fexample.org%2Fcity%23Building", "..%2F..%2Fadmin",
				"%25", "id", "@id", "%40type", "createdAt", "a".repeat(2000), "%E3%81%82".repeat(200), "urn:ngsi-ld:X", "%0D%0Ax:%20y");
		var parameters = List.of("details", "local", "limit", "type", "count", "x");
		var values = List.of("true", "false", "", "%00", "maybe", "1", "-1");
		var tenants = List.of("", "fuzzNever" + seed, "bad tenant", "x".repeat(65), "%00");
		var contexts = List.of("", "<http://127.0.0.1:1/none.jsonld>; rel=\"http://www.w3.org/ns/json-ld#context\"",
				"<not a url>; rel=\"http://www.w3.org/ns/json-ld#context\"", "garbage");
		long before = jdbc.queryForObject("SELECT count(*) FROM hub_tenant", Long.class);
		for (int i = 0; i < 200; i++) {
			var path = new StringBuilder(random.nextBoolean() ? "/ngsi-ld/v1/types" : "/ngsi-ld/v1/attributes");
			if (random.nextBoolean()) {
				path.append('/').append(names.get(random.nextInt(names.size())));
			}
			for (int k = random.nextInt(3); k > 0; k--) {
				path.append(path.indexOf("?") < 0 ? '?' : '&').append(parameters.get(random.nextInt(parameters.size())))
					.append('=').append(values.get(random.nextInt(values.size())));
			}
			var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Authorization", "Bearer " + token);
			var tenant = tenants.get(random.nextInt(tenants.size()));
			if (!tenant.isEmpty() && !tenant.contains("%")) {
				request.header("NGSILD-Tenant", tenant);
			}
			var context = contexts.get(random.nextInt(contexts.size()));
			if (!context.isEmpty()) {
				request.header("Link", context);
			}
			HttpResponse<String> response;
			try {
				response = http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
			}
			catch (IllegalArgumentException unsendable) {
				continue; // a header the client itself will not send
			}
			assertThat(response.statusCode()).as("seed " + seed + ", " + path + " [" + tenant + "] -> " + response.body())
				.isIn(200, 400, 404, 504);
		}
		assertThat(jdbc.queryForObject("SELECT count(*) FROM hub_tenant", Long.class)).as("reads create no tenant")
			.isEqualTo(before);
	}

	@Test
	void hostileRegistrationsAndTheirQueriesAreRefusedAndStoreNothing() throws Exception {
		long seed = Long.getLong("tsunagu.fuzz.seed", 18L);
		var random = new Random(seed);
		var token = HubPartner.register(clients, port, "hub.read", "hub.write").token("hub.read hub.write");
		var http = HttpClient.newHttpClient();
		var tenant = "fuzzreg" + java.util.UUID.randomUUID().toString().substring(0, 8);
		var members = List.of("id", "type", "information", "endpoint", "expiresAt", "mode", "operations", "location",
				"observationInterval", "managementInterval", "scope", "contextSourceInfo", "management", "custom");
		int created = 0;
		for (int i = 0; i < 150; i++) {
			var registration = new java.util.LinkedHashMap<String, String>();
			registration.put("id", "\"urn:ngsi-ld:ContextSourceRegistration:" + seed + "-" + i + "\"");
			registration.put("type", "\"ContextSourceRegistration\"");
			registration.put("information", "[{\"entities\": [{\"type\": \"Building\"}]}]");
			registration.put("endpoint", "\"http://source.example.org\"");
			if (i % 6 != 0) {
				registration.put(members.get(random.nextInt(members.size())), JUNK.get(random.nextInt(JUNK.size())));
			}
			var body = new StringBuilder("{");
			registration.forEach((name, value) -> body.append(body.length() > 1 ? ", " : "").append('"').append(name)
				.append("\": ").append(value));
			var response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/ngsi-ld/v1/csourceRegistrations"))
				.header("Authorization", "Bearer " + token).header("Content-Type", "application/json").header("NGSILD-Tenant", tenant)
				.POST(HttpRequest.BodyPublishers.ofString(body.append('}').toString())).build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as("seed " + seed + ", " + body + " -> " + response.body()).isIn(201, 400, 409, 413, 504);
			if (response.statusCode() == 201) {
				created++;
			}
		}
		assertThat(jdbc.queryForObject("SELECT count(*) FROM hub_registration WHERE tenant = ?", Long.class, tenant))
			.as("only what was accepted is stored").isEqualTo(created);
		assertThat(created).as("the untouched ones, and junk that is still a registration").isGreaterThanOrEqualTo(25);
		var parameters = List.of("type", "id", "idPattern", "attrs", "q", "csf", "scopeQ", "georel", "geometry", "coordinates",
				"timerel", "timeAt", "limit", "offset", "count", "x");
		var values = List.of("", "%00", "Building", "urn:x:1", "(", "a==1", "/#", "/+/x,/y;/z", "near;maxDistance==5", "Point",
				"[141,43]", "before", "2026-12-01T00:00:00Z", "-1", "99999999", "true", "[", "%E3%81%82".repeat(300));
		for (int i = 0; i < 150; i++) {
			var query = new StringBuilder();
			for (int k = 1 + random.nextInt(3); k > 0; k--) {
				query.append(query.isEmpty() ? "" : "&").append(parameters.get(random.nextInt(parameters.size()))).append('=')
					.append(values.get(random.nextInt(values.size())));
			}
			var response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
					+ "/ngsi-ld/v1/csourceRegistrations?" + query)).header("Authorization", "Bearer " + token)
				.header("NGSILD-Tenant", tenant).GET().build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as("seed " + seed + ", " + query + " -> " + response.body()).isIn(200, 400, 403);
		}
	}

	@Test
	void hostileContextsAndTheirRequestsAreRefusedNeverA500() throws Exception {
		long seed = Long.getLong("tsunagu.fuzz.seed", 18L);
		var random = new Random(seed);
		var token = HubPartner.register(clients, port, "hub.read", "hub.write").token("hub.read hub.write");
		var http = HttpClient.newHttpClient();
		var tenant = "fuzzctx" + java.util.UUID.randomUUID().toString().substring(0, 8);
		int created = 0;
		for (int i = 0; i < 120; i++) {
			var junk = JUNK.get(random.nextInt(JUNK.size()));
			var body = switch (random.nextInt(3)) {
				case 0 -> junk;
				case 1 -> "{\"@context\": " + junk + "}";
				default -> "{\"@context\": [" + junk + ", {\"x\": \"urn:x\"}]}";
			};
			var response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/ngsi-ld/v1/jsonldContexts"))
				.header("Authorization", "Bearer " + token).header("Content-Type", "application/json").header("NGSILD-Tenant", tenant)
				.POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as("seed " + seed + ", " + body.substring(0, Math.min(200, body.length())) + " -> "
					+ response.body()).isIn(201, 400, 413);
			if (response.statusCode() == 201) {
				created++;
			}
		}
		assertThat(jdbc.queryForObject("SELECT count(*) FROM hub_context WHERE tenant = ?", Long.class, tenant))
			.as("only what was accepted is stored").isEqualTo(created);
		var ids = List.of("", "x", "%00", "%2F%2F", "https%3A%2F%2Fexample.org%2Fnone.jsonld", "..%2F..", "a".repeat(2000),
				"1234567890123456", "%E3%81%82");
		var queries = List.of("", "?details=true", "?details=x", "?kind=Cached", "?kind=x", "?reload=true", "?reload=x", "?x=1",
				"?details=true&details=false");
		for (int i = 0; i < 120; i++) {
			var path = "/ngsi-ld/v1/jsonldContexts" + (random.nextBoolean() ? "/" + ids.get(random.nextInt(ids.size())) : "")
					+ queries.get(random.nextInt(queries.size()));
			var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
				.header("Authorization", "Bearer " + token).header("NGSILD-Tenant", tenant);
			var response = http.send((random.nextBoolean() ? request.GET() : request.DELETE()).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as("seed " + seed + ", " + path + " -> " + response.body()).isIn(200, 204, 400, 404,
					405, 504);
		}
	}

	@Test
	void hostileQueryObjectsAreRefusedNeverA500() throws Exception {
		long seed = Long.getLong("tsunagu.fuzz.seed", 18L);
		var random = new Random(seed);
		var token = HubPartner.register(clients, port, "hub.read").token("hub.read");
		var http = HttpClient.newHttpClient();
		var members = List.of("type", "entities", "attrs", "q", "geoQ", "temporalQ", "pick", "@context", "scopeQ", "join",
				"joinLevel");
		for (int i = 0; i < 150; i++) {
			var body = new StringBuilder("{\"type\": \"Query\"");
			for (int k = 1 + random.nextInt(3); k > 0; k--) {
				var member = members.get(random.nextInt(members.size()));
				var junk = JUNK.get(random.nextInt(JUNK.size()));
				body.append(", \"").append(member).append("\": ").append(switch (random.nextInt(4)) {
					case 0 -> junk;
					case 1 -> "[" + junk + "]";
					case 2 -> "{\"timerel\": " + junk + ", \"timeAt\": " + junk + "}";
					default -> "[{\"type\": \"FuzzThing\", \"id\": " + junk + "}]";
				});
			}
			// the query of entities and the query of their histories, by a body
			var path = random.nextBoolean() ? "/ngsi-ld/v1/entityOperations/query" : "/ngsi-ld/v1/temporal/entityOperations/query";
			var response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
				.header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body.append('}').toString())).build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as("seed " + seed + ", " + path + " " + body.substring(0, Math.min(300, body.length()))
					+ " -> " + response.body()).isIn(200, 206, 400, 403, 413, 504);
		}
	}

	private long count() {
		var n = jdbc.queryForObject("SELECT count(*) FROM hub_entity", Long.class);
		return n == null ? 0 : n;
	}
}
