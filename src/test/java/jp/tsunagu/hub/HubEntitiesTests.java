package jp.tsunagu.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;


import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.identity.PartnerClients;

/**
 * The data hub's entities as an NGSI-LD client uses them, over HTTP with Sapporo Smart ID tokens:
 * the behaviour the ETSI conformance suite's test purposes for entity creation, retrieval, deletion
 * and query describe (each test names the purposes it covers by their numbers: 001_01 is "one can
 * create an entity", 018_01_01 "one can get an entity by id", 002_01 "one can delete an entity"),
 * written here from those purposes, not copied from the suite. A user context is served by a small
 * HTTP server of the test, as a partner's would be.
 */
@TsunaguTest
class HubEntitiesTests {

	static final String CORE = NgsiLd.CORE_CONTEXT;

	static UserContext contextServer;

	static String userContext;

	@LocalServerPort
	int port;

	@Autowired
	PartnerClients clients;

	@Autowired
	JdbcTemplate jdbc;

	final HttpClient http = HttpClient.newHttpClient();

	String writer;

	String reader;

	@BeforeAll
	static void serveUserContext() throws Exception {
		contextServer = UserContext.serve("""
				{"@context": {"Building": "https://example.org/city#Building",
				              "Shop": "https://example.org/city#Shop",
				              "name": "https://example.org/city#name",
				              "floors": "https://example.org/city#floors",
				              "locatedIn": "https://example.org/city#locatedIn"}}
				""");
		userContext = contextServer.url;
	}

	@AfterAll
	static void stop() {
		contextServer.close();
	}

	@BeforeEach
	void tokens() throws Exception {
		var partner = HubPartner.register(clients, port, "hub.read", "hub.write");
		writer = partner.token("hub.write");
		reader = partner.token("hub.read");
	}

	// ---- create (5.6.1)

	@Test
	void createThenRetrieve_001_01_018_01_01() throws Exception {
		var id = newId("Building");
		var created = post(writer, "application/ld+json", null, """
				{"id": "%s", "type": "Building",
				 "name": {"type": "Property", "value": "さっぽろ地域交流センター"},
				 "floors": {"type": "Property", "value": 3, "observedAt": "2026-12-01T09:00:00Z", "unitCode": "C62"},
				 "locatedIn": {"type": "Relationship", "object": "urn:ngsi-ld:Ward:Chuo"},
				 "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [141.35, 43.06]}},
				 "@context": ["%s", "%s"]}
				""".formatted(id, userContext, CORE));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		assertThat(created.headers().firstValue("Location").orElseThrow()).isEqualTo("/ngsi-ld/v1/entities/" + id);

		var got = get(reader, "/ngsi-ld/v1/entities/" + id, userContext, null);
		assertThat(got.statusCode()).isEqualTo(200);
		assertThat(got.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
		assertThat(got.headers().firstValue("Link").orElseThrow()).contains(userContext)
			.contains("rel=\"http://www.w3.org/ns/json-ld#context\"");
		var entity = object(got.body());
		assertThat(entity.getString("id")).isEqualTo(id);
		assertThat(entity.getString("type")).isEqualTo("Building");
		assertThat(entity.getJsonObject("name").getString("value")).isEqualTo("さっぽろ地域交流センター");
		var floors = entity.getJsonObject("floors");
		assertThat(floors.getInt("value")).isEqualTo(3);
		assertThat(floors.getString("observedAt")).isEqualTo("2026-12-01T09:00:00Z");
		assertThat(floors.getString("unitCode")).isEqualTo("C62");
		assertThat(entity.getJsonObject("locatedIn").getString("object")).isEqualTo("urn:ngsi-ld:Ward:Chuo");
		assertThat(entity.getJsonObject("location").getJsonObject("value").getString("type")).isEqualTo("Point");
		assertThat(entity.getJsonObject("location").getJsonObject("value").getJsonArray("coordinates").getJsonNumber(0)
			.doubleValue()).isEqualTo(141.35);
		assertThat(entity.containsKey("createdAt")).as("system attributes only when asked for").isFalse();
	}

	@Test
	void aJsonBodyNamesItsContextInTheLinkHeader_001_04() throws Exception {
		var id = newId("Shop");
		var created = post(writer, "application/json", userContext, """
				{"id": "%s", "type": "Shop", "name": {"type": "Property", "value": "八百屋"}}
				""".formatted(id));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		var withContext = object(get(reader, "/ngsi-ld/v1/entities/" + id, userContext, null).body());
		assertThat(withContext.getString("type")).isEqualTo("Shop");
		assertThat(withContext.getJsonObject("name").getString("value")).isEqualTo("八百屋");

		// read with the core context only, the terms the core does not know are their IRIs
		var coreOnly = object(get(reader, "/ngsi-ld/v1/entities/" + id, null, null).body());
		assertThat(coreOnly.getString("type")).isEqualTo("https://example.org/city#Shop");
		assertThat(coreOnly.getJsonObject("https://example.org/city#name").getString("value")).isEqualTo("八百屋");
	}

	@Test
	void invalidRequestsAreRefusedWithTheStandardsErrorTypesAndStoreNothing_001_02_001_06_001_08_048_01() throws Exception {
		long before = stored();
		assertProblem(post(writer, "application/ld+json", null, "{\"id\": \"urn:ngsi-ld:X:1\", "), 400, "InvalidRequest");
		assertProblem(post(writer, "application/ld+json", null, "{}"), 400, "InvalidRequest");
		assertProblem(post(writer, "application/ld+json", null, """
				{"id": "urn:ngsi-ld:Building:no-context", "type": "Building"}"""), 400, "BadRequestData");
		assertProblem(post(writer, "application/json", null, """
				{"id": "urn:ngsi-ld:Building:with-context", "type": "Building", "@context": "%s"}""".formatted(CORE)),
				400, "BadRequestData");
		assertProblem(post(writer, "application/json", null, """
				{"id": "not a uri", "type": "Building"}"""), 400, "BadRequestData");
		assertProblem(post(writer, "application/json", null, """
				{"id": "urn:ngsi-ld:Building:no-type"}"""), 400, "BadRequestData");
		assertProblem(post(writer, "application/json", null, """
				{"id": "urn:ngsi-ld:Building:bad-attribute", "type": "Building", "name": {"type": "Property"}}"""),
				400, "BadRequestData");
		assertProblem(post(writer, "application/json", null, """
				{"id": "urn:ngsi-ld:Building:bad-relationship", "type": "Building",
				 "owner": {"type": "Relationship", "object": "no uri here"}}"""), 400, "BadRequestData");
		assertProblem(post(writer, "application/json", null, """
				{"id": "urn:ngsi-ld:Building:twice", "type": "Building", "type": "Shop"}"""), 400, "InvalidRequest");
		assertProblem(post(writer, "application/json", null, """
				{"id": "urn:ngsi-ld:Building:nul", "type": "Build\\u0000ing"}"""), 400, "BadRequestData");
		var text = post(writer, "text/plain", null, "{}");
		assertThat(text.statusCode()).isEqualTo(415);
		var big = post(writer, "application/json", null, "{\"id\": \"urn:ngsi-ld:Big:1\", \"type\": \"Big\", \"x\": {\"type\": \"Property\", \"value\": \""
				+ "x".repeat(1100 * 1024) + "\"}}");
		assertThat(big.statusCode()).isEqualTo(413);
		assertThat(stored()).as("nothing stored").isEqualTo(before);
	}

	@Test
	void aSecondEntityWithTheSameIdIsRefused_001_03() throws Exception {
		var id = newId("Building");
		var body = "{\"id\": \"" + id + "\", \"type\": \"Building\"}";
		assertThat(post(writer, "application/json", null, body).statusCode()).isEqualTo(201);
		assertProblem(post(writer, "application/json", null, body), 409, "AlreadyExists");
	}

	@Test
	void aContextThatCannotBeHadIsSaid_043_01() throws Exception {
		var response = post(writer, "application/json", "http://127.0.0.1:1/nowhere.jsonld",
				"{\"id\": \"" + newId("Building") + "\", \"type\": \"Building\"}");
		assertProblem(response, 504, "LdContextNotAvailable");
	}

	// ---- retrieve (5.7.1)

	@Test
	void retrieveKeyValuesSysAttrsAttrsAndJsonLd_018_04_045_01_049_01() throws Exception {
		var id = newId("Building");
		post(writer, "application/json", userContext, """
				{"id": "%s", "type": "Building", "name": {"type": "Property", "value": "公民館"},
				 "floors": {"type": "Property", "value": 2}}""".formatted(id));

		var simple = object(get(reader, "/ngsi-ld/v1/entities/" + id + "?options=keyValues", userContext, null).body());
		assertThat(simple.getString("name")).isEqualTo("公民館");
		assertThat(simple.getInt("floors")).isEqualTo(2);

		var sys = object(get(reader, "/ngsi-ld/v1/entities/" + id + "?options=sysAttrs", userContext, null).body());
		assertThat(sys.getString("createdAt")).isNotBlank();
		assertThat(sys.getString("modifiedAt")).isNotBlank();

		var picked = object(get(reader, "/ngsi-ld/v1/entities/" + id + "?attrs=name", userContext, null).body());
		assertThat(picked.keySet()).containsExactlyInAnyOrder("id", "type", "name");

		var ld = get(reader, "/ngsi-ld/v1/entities/" + id, userContext, "application/ld+json");
		assertThat(ld.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/ld+json");
		assertThat(object(ld.body()).getString("@context")).isEqualTo(userContext);
		assertThat(ld.headers().firstValue("Link")).isEmpty();

		assertThat(get(reader, "/ngsi-ld/v1/entities/" + id, userContext, "text/html").statusCode()).isEqualTo(406);
	}

	@Test
	void unknownAndInvalidIds_018_02_018_03_01() throws Exception {
		assertProblem(get(reader, "/ngsi-ld/v1/entities/urn:ngsi-ld:Building:nobody", null, null), 404,
				"ResourceNotFound");
		assertProblem(get(reader, "/ngsi-ld/v1/entities/" + URLEncoder.encode("not a uri", StandardCharsets.UTF_8), null,
				null), 400, "BadRequestData");
	}

	// ---- delete (5.6.6)

	@Test
	void deleteThenItIsGone_002_01_002_02_002_03() throws Exception {
		var id = newId("Building");
		post(writer, "application/json", null, "{\"id\": \"" + id + "\", \"type\": \"Building\"}");
		assertThat(send(writer, HttpRequest.newBuilder(uri("/ngsi-ld/v1/entities/" + id)).DELETE()).statusCode())
			.isEqualTo(204);
		assertProblem(get(reader, "/ngsi-ld/v1/entities/" + id, null, null), 404, "ResourceNotFound");
		assertProblem(send(writer, HttpRequest.newBuilder(uri("/ngsi-ld/v1/entities/" + id)).DELETE()), 404,
				"ResourceNotFound");
		assertProblem(send(writer, HttpRequest.newBuilder(uri("/ngsi-ld/v1/entities/not%20a%20uri")).DELETE()), 400,
				"BadRequestData");
	}

	// ---- replace (5.6.18) and merge (5.6.17)

	@Test
	void replaceAndMergeAnEntity_054_01_056_01() throws Exception {
		var id = newId("Building");
		post(writer, "application/json", userContext, """
				{"id": "%s", "type": "Building", "name": {"type": "Property", "value": "旧館"},
				 "floors": {"type": "Property", "value": 2}}""".formatted(id));
		var created = object(get(reader, "/ngsi-ld/v1/entities/" + id + "?options=sysAttrs", userContext, null).body())
			.getString("createdAt");
		var path = "/ngsi-ld/v1/entities/" + id;

		var replaced = send(writer, withLink(HttpRequest.newBuilder(uri(path)), userContext)
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString("{\"name\": {\"type\": \"Property\", \"value\": \"新館\"}}")));
		assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(204);
		var after = object(get(reader, path + "?options=sysAttrs", userContext, null).body());
		assertThat(after.getJsonObject("name").getString("value")).isEqualTo("新館");
		assertThat(after.containsKey("floors")).as("what the replacement does not hold is gone").isFalse();
		assertThat(after.getString("type")).as("the types stay when none are given").isEqualTo("Building");
		assertThat(after.getString("createdAt")).isEqualTo(created);

		var merged = send(writer, withLink(HttpRequest.newBuilder(uri(path)), userContext)
			.header("Content-Type", "application/json")
			.method("PATCH", HttpRequest.BodyPublishers.ofString("{\"floors\": {\"type\": \"Property\", \"value\": 4}}")));
		assertThat(merged.statusCode()).as(merged.body()).isEqualTo(204);
		var mergedEntity = object(get(reader, path, userContext, null).body());
		assertThat(mergedEntity.getJsonObject("floors").getInt("value")).isEqualTo(4);
		assertThat(mergedEntity.getJsonObject("name").getString("value")).as("the rest stays").isEqualTo("新館");

		assertProblem(send(writer, HttpRequest.newBuilder(uri("/ngsi-ld/v1/entities/urn:ngsi-ld:Building:nobody"))
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString("{\"name\": {\"type\": \"Property\", \"value\": 1}}"))), 404,
				"ResourceNotFound");
		assertProblem(send(writer, HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString("{\"name\": {\"type\": \"Property\"}}"))), 400, "BadRequestData");
	}

	// ---- attributes (5.6.2 to 5.6.5)

	@Test
	void appendAttributes_010_01_010_03_010_04_010_02() throws Exception {
		var id = newId("Vehicle");
		post(writer, "application/json", userContext, """
				{"id": "%s", "type": "Building", "name": {"type": "Property", "value": "除雪車1号"}}""".formatted(id));
		var attrs = "/ngsi-ld/v1/entities/" + id + "/attrs";

		var appended = send(writer, withLink(HttpRequest.newBuilder(uri(attrs)), userContext)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("""
					{"floors": {"type": "Property", "value": 1, "unitCode": "C62"},
					 "speed": [{"type": "Property", "value": 20, "datasetId": "urn:ngsi-ld:Dataset:gps"},
					           {"type": "Property", "value": 21, "datasetId": "urn:ngsi-ld:Dataset:wheel"}]}""")));
		assertThat(appended.statusCode()).as(appended.body()).isEqualTo(204);
		var entity = object(get(reader, "/ngsi-ld/v1/entities/" + id, userContext, null).body());
		assertThat(entity.getJsonObject("floors").getInt("value")).isEqualTo(1);
		assertThat(entity.getJsonArray("speed")).as("two instances, by datasetId").hasSize(2);
		assertThat(entity.getJsonObject("name").getString("value")).isEqualTo("除雪車1号");

		var kept = send(writer, withLink(HttpRequest.newBuilder(uri(attrs + "?options=noOverwrite")), userContext)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("""
					{"name": {"type": "Property", "value": "上書き"}, "color": {"type": "Property", "value": "黄"}}""")));
		assertThat(kept.statusCode()).as(kept.body()).isEqualTo(207);
		var result = object(kept.body());
		assertThat(result.getJsonArray("updated").getString(0)).as("a term of the default context").isEqualTo("color");
		assertThat(result.getJsonArray("notUpdated").getJsonObject(0).getString("attributeName")).isEqualTo("name");
		assertThat(object(get(reader, "/ngsi-ld/v1/entities/" + id, userContext, null).body()).getJsonObject("name")
			.getString("value")).isEqualTo("除雪車1号");

		assertProblem(send(writer, HttpRequest.newBuilder(uri("/ngsi-ld/v1/entities/urn:ngsi-ld:Vehicle:nobody/attrs"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"floors\": {\"type\": \"Property\", \"value\": 1}}"))), 404,
				"ResourceNotFound");
		assertProblem(send(writer, HttpRequest.newBuilder(uri(attrs)).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"floors\": {\"type\": \"Property\"}}"))), 400, "BadRequestData");
		assertProblem(send(writer, HttpRequest.newBuilder(uri("/ngsi-ld/v1/entities/not%20a%20uri/attrs"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"floors\": {\"type\": \"Property\", \"value\": 1}}"))), 400,
				"BadRequestData");
	}

	@Test
	void updatePartiallyUpdateAndDeleteAttributes_011_01_011_03_012_01_012_03_013_01_013_02_013_03() throws Exception {
		var id = newId("Building");
		post(writer, "application/json", userContext, """
				{"id": "%s", "type": "Building", "name": {"type": "Property", "value": "旧校舎"},
				 "floors": {"type": "Property", "value": 2, "unitCode": "C62"}}""".formatted(id));
		var attrs = "/ngsi-ld/v1/entities/" + id + "/attrs";

		var updated = send(writer, withLink(HttpRequest.newBuilder(uri(attrs)), userContext)
			.header("Content-Type", "application/json")
			.method("PATCH", HttpRequest.BodyPublishers.ofString("{\"name\": {\"type\": \"Property\", \"value\": \"新校舎\"}}")));
		assertThat(updated.statusCode()).as(updated.body()).isEqualTo(204);
		assertThat(object(get(reader, "/ngsi-ld/v1/entities/" + id, userContext, null).body()).getJsonObject("name")
			.getString("value")).isEqualTo("新校舎");

		var partly = send(writer, withLink(HttpRequest.newBuilder(uri(attrs)), userContext)
			.header("Content-Type", "application/json")
			.method("PATCH", HttpRequest.BodyPublishers.ofString("{\"locatedIn\": {\"type\": \"Relationship\", \"object\": \"urn:ngsi-ld:Ward:Kita\"}}")));
		assertThat(partly.statusCode()).as("an attribute the entity lacks is not updated").isEqualTo(207);
		assertThat(object(partly.body()).getJsonArray("notUpdated").getJsonObject(0).getString("attributeName"))
			.isEqualTo("locatedIn");
		assertProblem(send(writer, HttpRequest.newBuilder(uri("/ngsi-ld/v1/entities/urn:ngsi-ld:Building:nobody/attrs"))
			.header("Content-Type", "application/json")
			.method("PATCH", HttpRequest.BodyPublishers.ofString("{\"floors\": {\"type\": \"Property\", \"value\": 1}}"))),
				404, "ResourceNotFound");

		var floors = attrs + "/floors";
		var partial = send(writer, withLink(HttpRequest.newBuilder(uri(floors)), userContext)
			.header("Content-Type", "application/json")
			.method("PATCH", HttpRequest.BodyPublishers.ofString("{\"value\": 5, \"observedAt\": \"2026-12-01T10:00:00Z\"}")));
		assertThat(partial.statusCode()).as(partial.body()).isEqualTo(204);
		var after = object(get(reader, "/ngsi-ld/v1/entities/" + id, userContext, null).body()).getJsonObject("floors");
		assertThat(after.getInt("value")).isEqualTo(5);
		assertThat(after.getString("unitCode")).as("what the update did not name stays").isEqualTo("C62");
		assertThat(after.getString("observedAt")).isEqualTo("2026-12-01T10:00:00Z");
		assertProblem(send(writer, withLink(HttpRequest.newBuilder(uri(attrs + "/height")), userContext)
			.header("Content-Type", "application/json")
			.method("PATCH", HttpRequest.BodyPublishers.ofString("{\"value\": 5}"))), 404, "ResourceNotFound");

		assertThat(send(writer, withLink(HttpRequest.newBuilder(uri(floors)), userContext).DELETE()).statusCode())
			.isEqualTo(204);
		assertThat(object(get(reader, "/ngsi-ld/v1/entities/" + id, userContext, null).body()).containsKey("floors")).isFalse();
		assertProblem(send(writer, withLink(HttpRequest.newBuilder(uri(floors)), userContext).DELETE()), 404,
				"ResourceNotFound");
		assertProblem(send(writer, HttpRequest.newBuilder(uri("/ngsi-ld/v1/entities/not%20a%20uri/attrs/floors")).DELETE()),
				400, "BadRequestData");
		assertProblem(send(writer, HttpRequest.newBuilder(uri("/ngsi-ld/v1/entities/urn:ngsi-ld:Building:nobody/attrs/floors"))
			.DELETE()), 404, "ResourceNotFound");
		assertProblem(send(writer, HttpRequest.newBuilder(uri("/ngsi-ld/v1/entities/urn:ngsi-ld:Building:nobody/attrs/floors"))
			.header("Content-Type", "application/json")
			.method("PATCH", HttpRequest.BodyPublishers.ofString("{\"value\": 5}"))), 404, "ResourceNotFound");
	}

	private static HttpRequest.Builder withLink(HttpRequest.Builder request, String context) {
		return request.header("Link", "<" + context + ">; rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\"");
	}

	// ---- batch operations (5.6.7 to 5.6.10)

	@Test
	void batchCreateUpsertUpdateDelete_003_01_003_02_004_01_005_01_006_01() throws Exception {
		var run = UUID.randomUUID().toString().substring(0, 8);
		var a = "urn:ngsi-ld:Sensor:" + run + "-a";
		var b = "urn:ngsi-ld:Sensor:" + run + "-b";
		var created = batch("create", "[" + sensor(a, 1) + ", " + sensor(b, 2) + "]");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		assertThat(array(created.body()).getValuesAs(jakarta.json.JsonString.class).stream().map(j -> j.getString()))
			.containsExactly(a, b);

		long before = stored();
		var mixed = batch("create", "[" + sensor("urn:ngsi-ld:Sensor:" + run + "-c", 3) + ", " + sensor(a, 9)
				+ ", {\"id\": \"not a uri\", \"type\": \"Sensor\"}]");
		assertThat(mixed.statusCode()).as(mixed.body()).isEqualTo(207);
		var result = object(mixed.body());
		assertThat(result.getJsonArray("success").getString(0)).isEqualTo("urn:ngsi-ld:Sensor:" + run + "-c");
		assertThat(result.getJsonArray("errors")).hasSize(2);
		assertThat(result.getJsonArray("errors").getJsonObject(0).getString("entityId")).isEqualTo(a);
		assertThat(result.getJsonArray("errors").getJsonObject(0).getJsonObject("error").getString("type"))
			.isEqualTo("https://uri.etsi.org/ngsi-ld/errors/AlreadyExists");
		assertThat(stored()).as("only the valid new one is stored").isEqualTo(before + 1);

		var d = "urn:ngsi-ld:Sensor:" + run + "-d";
		var upserted = batch("upsert", "[" + sensor(a, 10) + ", " + sensor(d, 4) + "]");
		assertThat(upserted.statusCode()).as(upserted.body()).isEqualTo(201);
		assertThat(array(upserted.body()).getString(0)).as("the ids created").isEqualTo(d);
		assertThat(value(a)).isEqualTo(10);
		assertThat(batch("upsert", "[" + sensor(a, 11) + "]").statusCode()).as("all existed").isEqualTo(204);

		var updated = batch("update", "[" + sensor(a, 12) + ", " + sensor(b, 13) + "]");
		assertThat(updated.statusCode()).as(updated.body()).isEqualTo(204);
		assertThat(value(a)).isEqualTo(12);
		assertThat(value(b)).isEqualTo(13);

		var deleted = send(writer, HttpRequest.newBuilder(uri("/ngsi-ld/v1/entityOperations/delete"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("[\"" + a + "\", \"" + b + "\"]")));
		assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
		assertProblem(get(reader, "/ngsi-ld/v1/entities/" + a, null, null), 404, "ResourceNotFound");
		var again = send(writer, HttpRequest.newBuilder(uri("/ngsi-ld/v1/entityOperations/delete"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("[\"" + a + "\"]")));
		assertThat(again.statusCode()).isEqualTo(207);
		assertThat(object(again.body()).getJsonArray("errors").getJsonObject(0).getJsonObject("error").getString("type"))
			.isEqualTo("https://uri.etsi.org/ngsi-ld/errors/ResourceNotFound");
		assertProblem(batch("create", "{}"), 400, "InvalidRequest");
	}

	private static String sensor(String id, int value) {
		return "{\"id\": \"" + id + "\", \"type\": \"Sensor\", \"reading\": {\"type\": \"Property\", \"value\": " + value + "}}";
	}

	private int value(String id) throws Exception {
		return object(get(reader, "/ngsi-ld/v1/entities/" + id, null, null).body()).getJsonObject("reading").getInt("value");
	}

	private HttpResponse<String> batch(String operation, String body) throws Exception {
		return send(writer, HttpRequest.newBuilder(uri("/ngsi-ld/v1/entityOperations/" + operation))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	// ---- query (5.7.2)

	@Test
	void queryByTypeIdAndPatternWithPagingAndCount_019_01_01() throws Exception {
		var run = UUID.randomUUID().toString().substring(0, 8);
		var type = "Kiosk" + run;
		for (int i = 0; i < 3; i++) {
			post(writer, "application/json", null, "{\"id\": \"urn:ngsi-ld:" + type + ":" + i + "\", \"type\": \"" + type
					+ "\", \"n\": {\"type\": \"Property\", \"value\": " + i + "}}");
		}
		post(writer, "application/json", null, "{\"id\": \"urn:ngsi-ld:Other" + run + ":0\", \"type\": \"Other" + run + "\"}");

		var all = get(reader, "/ngsi-ld/v1/entities?type=" + type + "&count=true", null, null);
		assertThat(all.statusCode()).isEqualTo(200);
		assertThat(array(all.body())).hasSize(3);
		assertThat(all.headers().firstValue("NGSILD-Results-Count").orElseThrow()).isEqualTo("3");

		var page = array(get(reader, "/ngsi-ld/v1/entities?type=" + type + "&limit=2&offset=2", null, null).body());
		assertThat(page).hasSize(1);
		assertThat(page.getJsonObject(0).getString("id")).isEqualTo("urn:ngsi-ld:" + type + ":2");

		var byId = array(get(reader, "/ngsi-ld/v1/entities?id=urn:ngsi-ld:" + type + ":1", null, null).body());
		assertThat(byId).hasSize(1);
		var byPattern = array(get(reader, "/ngsi-ld/v1/entities?type=" + type + "&idPattern="
				+ URLEncoder.encode(".*:[12]$", StandardCharsets.UTF_8), null, null).body());
		assertThat(byPattern).hasSize(2);

		var counted = get(reader, "/ngsi-ld/v1/entities?type=" + type + "&limit=0&count=true", null, null);
		assertThat(array(counted.body())).isEmpty();
		assertThat(counted.headers().firstValue("NGSILD-Results-Count").orElseThrow()).isEqualTo("3");

		assertProblem(get(reader, "/ngsi-ld/v1/entities", null, null), 400, "BadRequestData");
		assertProblem(get(reader, "/ngsi-ld/v1/entities?type=" + type + "&limit=-1", null, null), 400, "BadRequestData");
		assertProblem(get(reader, "/ngsi-ld/v1/entities?type=" + type + "&idPattern=%5B", null, null), 400,
				"BadRequestData");
		assertProblem(get(reader, "/ngsi-ld/v1/entities?type=" + type + "&nonsense=1", null, null), 400,
				"BadRequestData");
	}

	@Test
	void tenantsDoNotSeeEachOther_tenancy() throws Exception {
		var id = newId("Building");
		var created = send(writer, HttpRequest.newBuilder(uri("/ngsi-ld/v1/entities"))
			.header("Content-Type", "application/json")
			.header("NGSILD-Tenant", "otaru")
			.POST(HttpRequest.BodyPublishers.ofString("{\"id\": \"" + id + "\", \"type\": \"Building\"}")));
		assertThat(created.statusCode()).isEqualTo(201);
		assertProblem(get(reader, "/ngsi-ld/v1/entities/" + id, null, null), 404, "ResourceNotFound");
		var there = send(reader, HttpRequest.newBuilder(uri("/ngsi-ld/v1/entities/" + id)).header("NGSILD-Tenant", "otaru").GET());
		assertThat(there.statusCode()).isEqualTo(200);
		var bad = send(reader, HttpRequest.newBuilder(uri("/ngsi-ld/v1/entities/" + id)).header("NGSILD-Tenant", "no tenant!").GET());
		assertProblem(bad, 400, "BadRequestData");
	}

	@Test
	void otherMethodsAndPartsNotBuiltYetAreSaidInTheStandardsWords() throws Exception {
		var put = send(writer, HttpRequest.newBuilder(uri("/ngsi-ld/v1/entities"))
			.header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{}")));
		assertProblem(put, 405, "OperationNotSupported");
		assertProblem(get(reader, "/ngsi-ld/v1/csourceSubscriptions", null, null), 501, "OperationNotSupported");
		assertProblem(get(reader, "/ngsi-ld/v1/nothing-here", null, null), 404, "ResourceNotFound");
		var unencoded = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
				+ "/ngsi-ld/v1/entities?type=Building&limit=[1]")).header("Authorization", "Bearer " + reader).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertProblem(unencoded, 400, "BadRequestData");
	}

	// ---- who may

	@Test
	void tokensAndScopesDecide() throws Exception {
		var id = newId("Building");
		var noToken = http.send(HttpRequest.newBuilder(uri("/ngsi-ld/v1/entities/" + id)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(noToken.statusCode()).isEqualTo(401);
		var readerWrites = post(reader, "application/json", null, "{\"id\": \"" + id + "\", \"type\": \"Building\"}");
		assertThat(readerWrites.statusCode()).isEqualTo(403);
		assertProblem(get(reader, "/ngsi-ld/v1/entities/" + id, null, null), 404, "ResourceNotFound");
	}

	// ---- helpers

	private long stored() {
		var n = jdbc.queryForObject("SELECT count(*) FROM hub_entity", Long.class);
		return n == null ? 0 : n;
	}

	private static String newId(String type) {
		return "urn:ngsi-ld:" + type + ":" + UUID.randomUUID();
	}

	private static void assertProblem(HttpResponse<String> response, int status, String type) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
		var problem = object(response.body());
		assertThat(problem.getString("type")).isEqualTo("https://uri.etsi.org/ngsi-ld/errors/" + type);
		assertThat(problem.getString("title")).isNotBlank();
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + port + path);
	}

	private HttpResponse<String> post(String token, String contentType, String link, String body) throws Exception {
		var request = HttpRequest.newBuilder(uri("/ngsi-ld/v1/entities")).header("Content-Type", contentType);
		if (link != null) {
			request.header("Link", "<" + link + ">; rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\"");
		}
		return send(token, request.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	private HttpResponse<String> get(String token, String path, String link, String accept) throws Exception {
		var request = HttpRequest.newBuilder(uri(path));
		if (link != null) {
			request.header("Link", "<" + link + ">; rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\"");
		}
		if (accept != null) {
			request.header("Accept", accept);
		}
		return send(token, request.GET());
	}

	private HttpResponse<String> send(String token, HttpRequest.Builder request) throws Exception {
		return http.send(request.header("Authorization", "Bearer " + token).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static JsonObject object(String text) {
		try (var reader = Json.createReader(new StringReader(text))) {
			return reader.readObject();
		}
	}

	private static JsonArray array(String text) {
		try (var reader = Json.createReader(new StringReader(text))) {
			return reader.readArray();
		}
	}
}
