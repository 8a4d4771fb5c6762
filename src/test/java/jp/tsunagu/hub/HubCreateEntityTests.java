package jp.tsunagu.hub;

import static jp.tsunagu.hub.HubJson.parse;
import static jp.tsunagu.hub.HubJson.assertEntity;
import static jp.tsunagu.hub.HubJson.withContext;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertAll;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.identity.PartnerClients;

/**
 * Creating, deleting, replacing and merging entities over HTTP as the ETSI NGSI-LD conformance
 * suite's test purposes under Provision/Entities (CreateEntity, DeleteEntity, ReplaceEntity,
 * MergeEntity) describe them: each method names the cases it covers by their numbers, each case is
 * written here from the purpose (its requests in its own words, its assertions those of the suite),
 * not copied from it. Entities are compared whole, arrays in any order, as the suite's DeepDiff
 * compares them (a member too many fails as one missing does; observedAt compared as an instant,
 * createdAt and modifiedAt only as being timestamps; a context given as a string or as a one-element
 * array the same).
 *
 * <p>The suite's user context is a compound one (a document naming a context of terms, then the
 * core context); here two small servers of the test serve the same shape, with Sapporo's terms. Each
 * test has a tenant of its own, in which one entity is made first: the suite runs in a tenant that
 * exists, so an unknown entity is ResourceNotFound there, not NonexistentTenant.
 */
@TsunaguTest
class HubCreateEntityTests {

	static final String CORE = NgsiLd.CORE_CONTEXT;

	/** Where the user context's terms are. */
	static final String NS = "https://sapporo-city.example/context#";

	static UserContext termsServer;

	static UserContext compoundServer;

	/** The user context: a compound of the terms and the core context, as the suite's. */
	static String context;

	@LocalServerPort
	int port;

	@Autowired
	PartnerClients clients;

	final HttpClient http = HttpClient.newHttpClient();

	String writer;

	String reader;

	String tenant;

	@BeforeAll
	static void serveContexts() throws Exception {
		var terms = Json.createObjectBuilder();
		for (var term : new String[] { "Building", "Vehicle", "OffStreetParking", "airQualityLevel", "almostFull",
				"brandName", "fuelLevel", "name", "source", "speed", "subCategory" }) {
			terms.add(term, NS + term);
		}
		termsServer = UserContext.serve(Json.createObjectBuilder().add("@context", terms).build().toString());
		compoundServer = UserContext.serve(Json.createObjectBuilder()
			.add("@context", Json.createArrayBuilder().add(termsServer.url).add(CORE))
			.build()
			.toString());
		context = compoundServer.url;
	}

	@AfterAll
	static void stop() {
		compoundServer.close();
		termsServer.close();
	}

	@BeforeEach
	void tokensAndTenant() throws Exception {
		var partner = HubPartner.register(clients, port, "hub.read", "hub.write");
		writer = partner.token("hub.write");
		reader = partner.token("hub.read");
		tenant = "c" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
		var seed = create("application/json", null, "{\"id\": \"urn:ngsi-ld:Marker:tenant-seed\", \"type\": \"Marker\"}");
		assertThat(seed.statusCode()).as(seed.body()).isEqualTo(201);
	}

	// ---- the payloads (Sapporo's, in the shapes of the suite's samples); %1$s is the entity's id

	static final String MINIMAL = """
			{"id": "%1$s", "type": "Building"}""";

	static final String SIMPLE = """
			{"id": "%1$s", "type": "Building",
			 "name": {"type": "Property", "value": "さっぽろテレビ塔"},
			 "subCategory": {"type": "Property", "value": "sightseeing"},
			 "airQualityLevel": {"type": "Property", "value": 2, "unitCode": "C62", "observedAt": "2026-02-04T10:15:00.000Z"},
			 "almostFull": {"type": "Property", "value": false}}""";

	static final String SIMPLE_SECOND = """
			{"id": "%1$s", "type": "Building",
			 "name": {"type": "Property", "value": "札幌市時計台"},
			 "subCategory": {"type": "Property", "value": "sightseeing"},
			 "airQualityLevel": {"type": "Property", "value": 5, "unitCode": "C62", "observedAt": "2026-02-11T16:40:00.000Z"},
			 "almostFull": {"type": "Property", "value": true}}""";

	static final String RELATIONSHIP_OF_PROPERTY = """
			{"id": "%1$s", "type": "Building",
			 "name": {"type": "Property", "value": "さっぽろテレビ塔"},
			 "subCategory": {"type": "Property", "value": "sightseeing"},
			 "airQualityLevel": {"type": "Property", "value": 2, "unitCode": "C62", "observedAt": "2026-02-04T10:15:00.000Z",
			   "hasWeatherObserved": {"type": "Relationship", "object": "urn:ngsi-ld:Sensor:sapporo-odori-07"}},
			 "almostFull": {"type": "Property", "value": false}}""";

	static final String LOCATION = """
			{"id": "%1$s", "type": "Building",
			 "name": {"type": "Property", "value": "さっぽろテレビ塔"},
			 "subCategory": {"type": "Property", "value": "sightseeing"},
			 "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [141.3564, 43.0611]}}}""";

	static final String NON_CORE_GEOPROPERTY = """
			{"id": "%1$s", "type": "Building",
			 "snowDepot": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [141.3564, 43.0611]}}}""";

	static final String LOCATED_AT_AND_NAME = """
			{"id": "%1$s", "type": "Building",
			 "name": {"type": "Property", "value": "北海道庁旧本庁舎"},
			 "locatedAt": {"type": "Relationship", "object": "urn:ngsi-ld:City:Sapporo"}}""";

	static final String ONE_SCOPE = """
			{"id": "%1$s", "type": "Building", "scope": "/Sapporo/Chuo/Odori"}""";

	static final String TWO_SCOPES = """
			{"id": "%1$s", "type": "Building", "scope": ["/Sapporo/Chuo/Odori", "/Hokkaido/SnowFestival/SiteOne"]}""";

	// ---- create (5.6.1): created, then retrieved whole

	@Test
	void createdEntitiesAreRetrievedAsSent_001_01() throws Exception {
		assertAll(tp("001_01_01", () -> {
			var id = newId("Building");
			assertCreated(create("application/json", null, MINIMAL.formatted(id)), id);
			assertEntity(json(retrieve(id, "application/json", null, "")), MINIMAL.formatted(id));
		}), tp("001_01_02", () -> createdAsLdThenRetrievedWhole(SIMPLE)),
				tp("001_01_03", () -> createdAsLdThenRetrievedWhole(RELATIONSHIP_OF_PROPERTY)),
				tp("001_01_04", () -> createdAsLdThenRetrievedWhole(LOCATION)),
				tp("001_01_05", () -> createdAsLdThenRetrievedWhole(NON_CORE_GEOPROPERTY)));
	}

	private void createdAsLdThenRetrievedWhole(String payload) throws Exception {
		var id = newId("Building");
		var body = ld(payload.formatted(id));
		assertCreated(create("application/ld+json", null, body), id);
		assertEntity(json(retrieve(id, "application/ld+json", context, "")), body);
	}

	private void createdAsJsonThenRetrievedWhole(String payload) throws Exception {
		var id = newId("Building");
		var body = payload.formatted(id);
		assertCreated(create("application/json", null, body), id);
		assertEntity(json(retrieve(id, "application/json", null, "")), body);
	}

	@Test
	void invalidRequestsAndAnExistingId_001_02_001_03_01() throws Exception {
		assertAll(tp("001_02_01", () -> {
			var broken = """
					[{"id": "%s",, "type": "Building", "@context": ["%s", "%s"]}]""".formatted(newId("Building"), context, CORE);
			HubJson.assertProblem(create("application/ld+json", null, broken), 400, "InvalidRequest");
		}), tp("001_02_02", () -> HubJson.assertProblem(create("application/ld+json", null, "[]"), 400, "InvalidRequest")),
				tp("001_02_03", () -> HubJson.assertProblem(
						create("application/ld+json", null, MINIMAL.formatted(newId("Building"))), 400, "BadRequestData")),
				tp("001_02_04", () -> HubJson.assertProblem(create("application/ld+json", null, """
						{"id": "%s", "type": "type", "@context": ["%s"]}""".formatted(newId("Building"), CORE)), 400,
						"BadRequestData")),
				tp("001_03_01", () -> {
					var body = ld(MINIMAL.formatted(newId("Building")));
					assertThat(create("application/ld+json", null, body).statusCode()).isEqualTo(201);
					HubJson.assertProblem(create("application/ld+json", null, body), 409, "AlreadyExists");
				}));
	}

	@Test
	void theContextComesFromTheLinkHeaderTheBodyOrTheDefault_001_04_to_001_09() throws Exception {
		assertAll(tp("001_04_01", () -> {
			var id = newId("Building");
			create("application/json", context, SIMPLE.formatted(id));
			assertHasMember(json(retrieve(id, null, context, "")), "almostFull");
		}), tp("001_04_02", () -> {
			var id = newId("Building");
			create("application/json", context, SIMPLE.formatted(id));
			assertHasMember(json(retrieve(id, null, null, "")), NS + "almostFull");
		}), tp("001_05_01", () -> {
			var id = newId("Building");
			create("application/json", null, SIMPLE.formatted(id));
			assertHasMember(json(retrieve(id, null, null, "")), "almostFull");
		}), tp("001_05_02", () -> {
			var id = newId("Building");
			create("application/json", null, SIMPLE.formatted(id));
			// the user context names almostFull otherwise, so the default vocabulary's is a compact IRI
			assertHasMember(json(retrieve(id, "application/json", context, "")), "ngsi-ld:default-context/almostFull");
		}), tp("001_06_01", () -> HubJson.assertProblem(create("application/json", null, ld(SIMPLE.formatted(newId("Building")))),
				400, "BadRequestData")), tp("001_07_01", () -> {
					var id = newId("Building");
					create("application/ld+json", null, ld(SIMPLE.formatted(id)));
					assertHasMember(json(retrieve(id, null, context, "")), "almostFull");
				}), tp("001_07_02", () -> {
					var id = newId("Building");
					create("application/ld+json", null, ld(SIMPLE.formatted(id)));
					assertHasMember(json(retrieve(id, null, null, "")), NS + "almostFull");
				}),
				tp("001_08_01", () -> HubJson.assertProblem(create("application/ld+json", null, SIMPLE.formatted(newId("Building"))),
						400, "BadRequestData")),
				tp("001_09_01", () -> HubJson.assertProblem(
						create("application/ld+json", context, ld(SIMPLE.formatted(newId("Building")))), 400, "BadRequestData")));
	}

	@Test
	void languageSpaceAndVocabPropertiesAreRetrievedAsSent_001_10_001_12_001_13_001_15() throws Exception {
		assertAll(tp("001_10_01", () -> createdAsLdThenRetrievedWhole("""
				{"id": "%1$s", "type": "Building",
				 "street": {"type": "LanguageProperty", "languageMap": {"ja": "大通西", "en": "Odori West"}}}""")),
				tp("001_12", () -> createdAsLdThenRetrievedWhole("""
						{"id": "%1$s", "type": "Building",
						 "observationSpace": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [141.3564, 43.0611]}}}""")),
				tp("001_13", () -> createdAsLdThenRetrievedWhole("""
						{"id": "%1$s", "type": "Building",
						 "operationSpace": {"type": "GeoProperty", "value": {"type": "Polygon", "coordinates": [[[141.34, 43.05],
						   [141.36, 43.05], [141.36, 43.07], [141.34, 43.07], [141.34, 43.05]]]}}}""")),
				tp("001_15_01", () -> createdAsLdThenRetrievedWhole("""
						{"id": "%1$s", "type": "Building", "vocabProperty": {"type": "VocabProperty", "vocab": "landmark"}}""")),
				tp("001_15_02", () -> createdAsLdThenRetrievedWhole("""
						{"id": "%1$s", "type": "Building",
						 "vocabProperty": {"type": "VocabProperty", "vocab": ["landmark", "sightseeing"]}}""")));
	}

	@Test
	void scopesAreKeptAndReplaced_001_11_01_001_11_02_418_01_06_054_03_01() throws Exception {
		assertAll(tp("001_11_01", () -> createdAsJsonThenRetrievedWhole(ONE_SCOPE)),
				tp("001_11_02", () -> createdAsJsonThenRetrievedWhole(TWO_SCOPES)),
				tp("418_01_06", () -> scopeGives("\"/Sapporo/Chuo/OdoriPark\"", 201)), tp("054_03_01", () -> {
					var id = newId("Building");
					assertThat(create("application/json", context, ONE_SCOPE.formatted(id)).statusCode()).isEqualTo(201);
					var replaced = replace(id, "application/json", context, TWO_SCOPES.formatted(id));
					assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(204);
					assertThat(replaced.body()).isEmpty();
					assertEntity(json(retrieve(id, "application/json", context, "")), TWO_SCOPES.formatted(id), true);
				}));
	}

	@Test
	void jsonPropertiesAreRetrievedAsSent_001_14_01_001_14_02() throws Exception {
		assertAll(tp("001_14_01", () -> createdAsLdThenRetrievedWhole("""
				{"id": "%1$s", "type": "Building",
				 "jsonProperty": {"type": "JsonProperty", "json": {"id": "sculpture-7", "type": "snow-sculpture", "null": null,
				   "anythingElse": "大雪像"}}}""")), tp("001_14_02", () -> createdAsLdThenRetrievedWhole("""
				{"id": "%1$s", "type": "Building",
				 "jsonProperty": {"type": "JsonProperty", "json": [{"id": "sculpture-1", "anythingElse": "氷像"},
				   {"id": "sculpture-2", "anythingElse": "雪像"}]}}""")));
	}

	// ---- the meta model (4.2.2), the core context (4.4), temporal values (4.8), scopes (4.18)

	@Test
	void attributesWithoutTheirValueAndObservedAtsThatAreNoDateTimes_402_01_408_01_01_408_01_03() throws Exception {
		assertAll(tp("402_01_01", () -> badRequestDataWithCore("\"name\": {\"type\": \"Property\"}")),
				tp("402_01_02", () -> badRequestDataWithCore("\"owner\": {\"type\": \"Relationship\"}")),
				tp("402_01_03", () -> badRequestDataWithCore("\"name\": {\"type\": \"Property\", \"value\": null}")),
				tp("402_01_04", () -> badRequestDataWithCore("\"description\": {\"type\": \"LanguageProperty\"}")),
				tp("408_01_01", () -> badRequestDataWithCore(
						"\"name\": {\"type\": \"Property\", \"value\": \"雪まつり\", \"observedAt\": \"not-a-date\"}")),
				tp("408_01_03", () -> badRequestDataWithCore("""
						"name": {"type": "Property", "value": "雪まつり",
						         "observedAt": {"type": "Property", "value": "2026-02-04T03:00:00Z"}}""")));
	}

	/** A Building with this member, under the core context only, refused as BadRequestData with a title. */
	private void badRequestDataWithCore(String member) throws Exception {
		HubJson.assertProblem(create("application/ld+json", null, """
				{"id": "%s", "type": "Building", %s, "@context": ["%s"]}""".formatted(newId("Building"), member, CORE)), 400,
				"BadRequestData");
	}

	@Test
	void anObservedAtWithAnOffsetIsBadRequestData_408_01_02_463_01_03() throws Exception {
		assertAll(tp("408_01_02", () -> badRequestDataWithCore(
				"\"name\": {\"type\": \"Property\", \"value\": \"雪まつり\", \"observedAt\": \"2026-02-04T12:00:00+09:00\"}")),
				tp("463_01_03", () -> vehicleWith(
						"\"speed\": {\"type\": \"Property\", \"value\": 3, \"observedAt\": \"2026-02-04T12:00:00+09:00\"}", 400)));
	}

	@Test
	void jsonLdKeywordsAreTakenAndTheCoreContextCannotBeRedefined_404_01() throws Exception {
		assertAll(tp("404_01_01", () -> {
			var id = newId("Vehicle");
			var created = create("application/ld+json", null, """
					{"@id": "%s", "@type": "Vehicle", "speed": {"type": "Property", "value": 42}, "@context": ["%s"]}"""
				.formatted(id, context));
			assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
			var entity = json(retrieve(id, null, context, ""));
			assertThat(entity.keySet()).contains("id", "type").doesNotContain("@id", "@type");
		}), tp("404_01_02", () -> {
			var id = newId("Vehicle");
			var created = create("application/ld+json", null, """
					{"id": "%s", "type": "Vehicle", "speed": {"type": "Property", "value": 42},
					 "@context": [{"Property": "https://sapporo-city.example/not-the-core#Property"}, "%s"]}"""
				.formatted(id, context));
			assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
			assertThat(json(retrieve(id, null, context, "")).getJsonObject("speed").getString("type")).isEqualTo("Property");
		}));
	}

	@Test
	void malformedScopesAreRefused_418_01_01_to_418_01_05() throws Exception {
		// these pass for a wrong reason until scopes are taken: the hub refuses every scope (see the disabled 418_01_06)
		assertAll(tp("418_01_01", () -> scopeGives("\"9bad\"", 400)), tp("418_01_02", () -> scopeGives("\"/a//b\"", 400)),
				tp("418_01_03", () -> scopeGives("\"a-b\"", 400)),
				tp("418_01_04", () -> scopeGives("\"urn:ngsi-ld:null\"", 400)),
				tp("418_01_05", () -> scopeGives("[\"/Sapporo\", \"9bad\"]", 400)));
	}

	private void scopeGives(String scope, int status) throws Exception {
		var response = create("application/json", null, """
				{"id": "%s", "type": "Building", "scope": %s}""".formatted(newId("Building"), scope));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
	}

	// ---- the entity's representation (4.5)

	@Test
	void coreNonReifiedTermsAndEmbeddedContextsAreNoAttributes_451_01() throws Exception {
		assertAll(tp("451_01_01", () -> vehicleWith("\"datasetId\": {\"type\": \"Property\", \"value\": 1}", 400)),
				tp("451_01_02", () -> vehicleWith("\"instanceId\": {\"type\": \"Property\", \"value\": 1}", 400)),
				tp("451_01_03", () -> vehicleWith(
						"\"observedAt\": {\"type\": \"Property\", \"value\": \"2026-01-01T00:00:00Z\"}", 400)),
				tp("451_01_04", () -> vehicleWith("""
						"speed": {"type": "Property", "value": 1, "@context": {"speed": "https://sapporo-city.example/other#speed"}}""",
						400)));
	}

	/**
	 * A Vehicle with these members under the user context, as JSON-LD: refused as BadRequestData (by its type,
	 * as the suite checks) when 400 is expected.
	 */
	private HttpResponse<String> vehicleWith(String members, int status) throws Exception {
		var id = newId("Vehicle");
		var response = create("application/ld+json", null, """
				{"id": "%s", "type": "Vehicle", "@context": ["%s"], %s}""".formatted(id, context, members));
		if (status == 400) {
			assertBadRequestData(response);
		}
		else {
			assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		}
		return response;
	}

	/** The invisible characters of the 451_02 cases, as the suite sends them: JSON-escaped (its client escapes non-ASCII). */
	static final String[][] INVISIBLE = { { "451_02_01", "\\u202E" }, { "451_02_02", "\\u200B" }, { "451_02_03", "\\uFEFF" },
			{ "451_02_04", "\\u2028" }, { "451_02_08", "\\uFE0F" }, { "451_02_09", "\\uDB40\\uDD00" },
			{ "451_02_10", "\\uFDD0" }, { "451_02_11", "\\uFFFE" }, { "451_02_12", "\\u115F" }, { "451_02_13", "\\u3164" },
			{ "451_02_14", "\\uFFA0" }, { "451_02_15", "\\u2800" } };

	private void anIdWith(String character) throws Exception {
		assertBadRequestData(create("application/ld+json", null, """
				{"id": "urn:ngsi-ld:Vehicle:Sapporo%sKita", "type": "Vehicle", "@context": ["%s"]}""".formatted(character,
				context)));
	}

	@Test
	void anIdWithASpaceOrMarkupIsNoUriButAnIriObjectIs_451_02_04_451_02_05_451_02_06_451_02_07() throws Exception {
		assertAll(tp("451_02_04", () -> anIdWith("\\u2028")), tp("451_02_05", () -> anIdWith("\\u00A0")),
				tp("451_02_06", () -> anIdWith("<")), tp("451_02_07", () -> vehicleWith(
						"\"isParked\": {\"type\": \"Relationship\", \"object\": \"urn:ngsi-ld:City:札幌\"}", 201)));
	}

	@Test
	void anIdWithAnInvisibleCharacterIsNoUri_451_02_01_to_03_08_to_15() throws Exception {
		var cases = new java.util.ArrayList<Executable>();
		for (var c : INVISIBLE) {
			if (!c[0].equals("451_02_04")) {
				cases.add(tp(c[0], () -> anIdWith(c[1])));
			}
		}
		assertAll(cases);
	}

	@Test
	@org.junit.jupiter.api.Disabled("broker: ListRelationship/ListProperty are not checked nor normalized: a bare URI in "
			+ "objectList comes back bare (not {\"object\": uri}), a non-URI entry and a ListProperty with a value are taken (201)")
	void listRelationshipsAndListProperties_4522_01() throws Exception {
		assertAll(tp("4522_01_01", () -> {
			var id = newId("Vehicle");
			vehicleWithId(id, """
					"route": {"type": "ListRelationship",
					          "objectList": ["urn:ngsi-ld:Road:Kokudo36", {"object": "urn:ngsi-ld:Road:Kokudo230"}]}""");
			var route = json(retrieve(id, null, context, "")).getJsonObject("route");
			assertThat(route.getString("type")).isEqualTo("ListRelationship");
			assertThat(route.get("objectList"))
				.isEqualTo(parse("[{\"object\": \"urn:ngsi-ld:Road:Kokudo36\"}, {\"object\": \"urn:ngsi-ld:Road:Kokudo230\"}]"));
		}), tp("4522_01_02",
				() -> vehicleWith("\"route\": {\"type\": \"ListRelationship\", \"objectList\": [\"not a uri\"]}", 400)),
				tp("4522_01_03", () -> vehicleWith(
						"\"tyreTreadDepths\": {\"type\": \"ListProperty\", \"valueList\": [1.2], \"value\": 3}", 400)));
	}

	@Test
	void jsonPropertiesWithForbiddenMembersAreRefused_4524_01_02_to_04() throws Exception {
		// these pass for a wrong reason until JsonProperties are taken: the hub refuses every one (see 001_14)
		assertAll(tp("4524_01_02", () -> vehicleWith(
				"\"tickets\": {\"type\": \"JsonProperty\", \"json\": {\"a\": 1}, \"unitCode\": \"MTR\"}", 400)),
				tp("4524_01_03",
						() -> vehicleWith("\"tickets\": {\"type\": \"JsonProperty\", \"json\": {\"a\": 1}, \"value\": 1}", 400)),
				tp("4524_01_04", () -> vehicleWith("\"tickets\": {\"type\": \"JsonProperty\", \"json\": 5}", 400)));
	}

	@Test
	void conciseAttributesAreNormalized_452_02_4524_01_01() throws Exception {
		assertAll(tp("452_02", () -> {
			var id = newId("Vehicle");
			vehicleWithId(id, """
					"speed": 55, "location": {"type": "Point", "coordinates": [141.3508, 43.0687]},
					"area": {"value": {"type": "Point", "coordinates": [1.0, 2.0]}},
					"brandName": {"value": "いすゞ", "observedAt": "2026-01-01T00:00:00Z"},
					"isParked": {"object": "urn:ngsi-ld:OffStreetParking:sapporo-station-north"}""");
			var body = json(retrieve(id, null, context, ""));
			assertThat(body.getJsonObject("speed").getString("type")).isEqualTo("Property");
			assertThat(body.getJsonObject("speed").getInt("value")).isEqualTo(55);
			assertThat(body.getJsonObject("location").getString("type")).isEqualTo("GeoProperty");
			assertThat(body.getJsonObject("area").getString("type")).isEqualTo("GeoProperty");
			assertThat(body.getJsonObject("brandName").getString("type")).isEqualTo("Property");
			assertThat(body.getJsonObject("brandName").getString("observedAt")).isEqualTo("2026-01-01T00:00:00Z");
			assertThat(body.getJsonObject("isParked").getString("type")).isEqualTo("Relationship");
		}), tp("4524_01_01", () -> {
			var id = newId("Vehicle");
			vehicleWithId(id, "\"tickets\": {\"json\": {\"speed\": 3, \"brandName\": \"いすゞ\", \"type\": \"raw\"}}");
			var tickets = json(retrieve(id, null, context, "")).getJsonObject("tickets");
			assertThat(tickets.getString("type")).isEqualTo("JsonProperty");
			assertThat(tickets.get("json")).isEqualTo(parse("{\"speed\": 3, \"brandName\": \"いすゞ\", \"type\": \"raw\"}"));
			assertThat(tickets.keySet()).doesNotContain("value", "unitCode");
		}));
	}

	/** Creates a Vehicle with this id and these members under the user context, expecting it created. */
	private void vehicleWithId(String id, String members) throws Exception {
		var response = create("application/ld+json", null, """
				{"id": "%s", "type": "Vehicle", "@context": ["%s"], %s}""".formatted(id, context, members));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
	}

	@Test
	@org.junit.jupiter.api.Disabled("broker: a Property's prohibited members (object, languageMap, valueList, previousValue, "
			+ "entityIdSealed) are taken (201); 4.5.2.2 wants BadRequestData")
	void aPropertyCarriesNoOtherAttributesMembers_452_01_01_to_05() throws Exception {
		assertAll(tp("452_01_01", () -> speedWith("\"object\": \"urn:ngsi-ld:Other:1\"", 400)),
				tp("452_01_02", () -> speedWith("\"languageMap\": {\"ja\": \"こんにちは\"}", 400)),
				tp("452_01_03", () -> speedWith("\"valueList\": [1, 2]", 400)),
				tp("452_01_04", () -> speedWith("\"previousValue\": 0", 400)),
				tp("452_01_05", () -> speedWith("\"entityIdSealed\": true", 400)));
	}

	private void speedWith(String member, int status) throws Exception {
		vehicleWith("\"speed\": {\"type\": \"Property\", \"value\": 1, " + member + "}", status);
	}

	static final String PROOF = """
			{"type": "DataIntegrityProof", "created": "2026-02-04T09:00:00Z",
			 "verificationMethod": "https://sapporo-city.example/issuers/42#z6MkSapporoKey",
			 "cryptosuite": "eddsa-rdfc-2022", "proofPurpose": "assertionMethod",
			 "proofValue": "z4SapporoTvTowerProofValueQeVbY4oey5q2M3XKaxup"}""";

	@Test
	void legalOptionalMembersAndAProofAreTaken_452_01_06_452_03_01_453_01_05() throws Exception {
		assertAll(tp("452_01_06", () -> speedWith("\"valueType\": \"xsd:double\"", 201)), tp("452_03_01", () -> {
			var id = newId("Vehicle");
			vehicleWithId(id, """
					"speed": {"type": "Property", "value": 55},
					"ngsildproof": {"type": "Property", "entityIdSealed": "%s", "entityTypeSealed": "Vehicle", "value": %s}"""
				.formatted(id, PROOF));
			var proof = json(retrieve(id, null, context, "")).getJsonObject("ngsildproof");
			assertThat(proof.getString("type")).isEqualTo("Property");
			assertThat(proof.get("entityIdSealed")).isInstanceOf(JsonString.class);
			assertThat(proof.get("entityTypeSealed")).isInstanceOf(JsonString.class);
			assertThat(proof.getString("entityIdSealed")).isEqualTo(id);
			assertThat(proof.getString("entityTypeSealed")).isEqualTo("Vehicle");
			assertThat(proof.getJsonObject("value").getString("proofValue"))
				.isEqualTo("z4SapporoTvTowerProofValueQeVbY4oey5q2M3XKaxup");
			assertThat(proof.getJsonObject("value").getString("cryptosuite")).isEqualTo("eddsa-rdfc-2022");
		}), tp("453_01_05", () -> isParkedWith("\"objectType\": \"OffStreetParking\"", 201)));
	}

	@Test
	@org.junit.jupiter.api.Disabled("broker: ngsildproof is not checked: entityIdSealed on another attribute, a string proof "
			+ "value and a numeric entityTypeSealed are taken (201, the entity then exists); 4.5.2.2 wants 400")
	void aProofIsChecked_452_03_02_452_03_03() throws Exception {
		assertAll(tp("452_03_02", () -> {
			var id = newId("Vehicle");
			var response = create("application/ld+json", null, """
					{"id": "%s", "type": "Vehicle", "@context": ["%s"],
					 "speed": {"type": "Property", "value": 1, "entityIdSealed": "%s"}}""".formatted(id, context, id));
			assertBadRequestData(response);
			assertThat(retrieve(id, null, context, "").statusCode()).isEqualTo(404);
		}), tp("452_03_03", () -> {
			var id = newId("Vehicle");
			var response = create("application/ld+json", null, """
					{"id": "%s", "type": "Vehicle", "@context": ["%s"],
					 "ngsildproof": {"type": "Property", "value": "not-a-proof-object"}}""".formatted(id, context));
			assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
			response = create("application/ld+json", null, """
					{"id": "%s", "type": "Vehicle", "@context": ["%s"],
					 "ngsildproof": {"type": "Property", "value": {"type": "DataIntegrityProof"}, "entityTypeSealed": 42}}"""
				.formatted(id, context));
			assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
			assertThat(retrieve(id, null, context, "").statusCode()).isEqualTo(404);
		}));
	}

	@Test
	void aRelationshipCarriesNoPropertysMembers_453_01_01_to_04() throws Exception {
		assertAll(tp("453_01_01", () -> isParkedWith("\"unitCode\": \"MTR\"", 400)),
				tp("453_01_02", () -> isParkedWith("\"value\": 42", 400)),
				tp("453_01_03", () -> isParkedWith("\"languageMap\": {\"ja\": \"こんにちは\"}", 400)),
				tp("453_01_04", () -> isParkedWith("\"previousObject\": \"urn:ngsi-ld:Other:0\"", 400)));
	}

	private void isParkedWith(String member, int status) throws Exception {
		vehicleWith("\"isParked\": {\"type\": \"Relationship\", \"object\": \"urn:ngsi-ld:OffStreetParking:sapporo-factory\", "
				+ member + "}", status);
	}

	@Test
	void noneIsTheDefaultInstance_455_01_01_455_01_02() throws Exception {
		assertAll(tp("455_01_01", () -> {
			var id = newId("Vehicle");
			vehicleWithId(id, """
					"speed": [{"type": "Property", "value": 55, "datasetId": "@none"},
					          {"type": "Property", "value": 11, "datasetId": "urn:ngsi-ld:Dataset:gps"}]""");
			var speed = json(retrieve(id, null, context, "")).get("speed");
			var instances = speed instanceof JsonArray array ? array.getValuesAs(JsonObject.class)
					: java.util.List.of(speed.asJsonObject());
			assertThat(instances).hasSize(2);
			var defaults = instances.stream().filter(i -> !i.containsKey("datasetId")).toList();
			assertThat(defaults).as(instances.toString()).hasSize(1);
			assertThat(defaults.get(0).getInt("value")).isEqualTo(55);
			assertThat(instances.stream().filter(i -> "@none".equals(i.getString("datasetId", null)))).isEmpty();
		}), tp("455_01_02", () -> vehicleWith("""
				"speed": [{"type": "Property", "value": 55}, {"type": "Property", "value": 11, "datasetId": "@none"}]""", 400)));
	}

	// ---- values (4.6, 4.7)

	@Test
	void valuesNamesAndGeometriesThatAreKeptOrRefused_455_01_03_461_462_01_01_03_463_01_02_464_465_01_01_03_471_01_02()
			throws Exception {
		assertAll(tp("455_01_03", () -> vehicleWith("""
				"speed": [{"type": "Property", "value": 55, "datasetId": "urn:ngsi-ld:Dataset:a"},
				          {"type": "Property", "value": 11, "datasetId": "urn:ngsi-ld:Dataset:a"}]""", 400)),
				tp("461_01_01", () -> {
					var id = newId("Vehicle");
					var text = "札幌・すすきの — ラーメン 900 €";
					vehicleWithId(id, "\"brandName\": {\"type\": \"Property\", \"value\": \"" + text + "\"}");
					var response = retrieve(id, null, context, "");
					assertThat(json(response).getJsonObject("brandName").getString("value")).isEqualTo(text);
					assertThat(response.body()).doesNotContain("\uFFFD");
				}), tp("462_01_01", () -> {
					var id = newId("Vehicle");
					assertBadRequestData(create("application/ld+json", null, """
							{"id": "%s", "type": "Vehicle", "@context": ["%s"], "my attr": {"type": "Property", "value": 1}}"""
						.formatted(id, context)));
					assertThat(retrieve(id, null, context, "").statusCode()).isEqualTo(404);
				}), tp("462_01_03", () -> {
					// letters of any script: the suite's are Slovak, these Japanese
					var id = newId("Vehicle");
					var response = create("application/ld+json", null, """
							{"id": "%s", "type": "時計台", "@context": ["%s"], "高さ_1": {"type": "Property", "value": 7}}"""
						.formatted(id, context));
					assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
					assertThat(json(retrieve(id, null, context, "")).getJsonObject("高さ_1").getInt("value")).isEqualTo(7);
				}), tp("463_01_02", () -> {
					var id = newId("Vehicle");
					vehicleWithId(id,
							"\"location\": {\"type\": \"GeoProperty\", \"value\": {\"type\": \"Point\", \"coordinates\": [141.35, 43.06]}}");
					var response = retrieve(id, null, context, "");
					assertThat(json(response).getJsonObject("location").getJsonObject("value").getString("type"))
						.isEqualTo("Point");
					assertThat(response.body()).doesNotContain("GeometryCollection");
				}), tp("464_01_01", () -> {
					var id = newId("Vehicle");
					var value = "<script>alert('雪')</script> \"q\" = ; ( )";
					vehicleWithId(id, "\"note\": {\"type\": \"Property\", \"value\": " + Json.createValue(value) + "}");
					var response = retrieve(id, null, context, "");
					assertThat(json(response).getJsonObject("note").getString("value")).isEqualTo(value);
					assertThat(response.body()).doesNotContain("&lt;").doesNotContain("\\u003c");
				}), tp("465_01_01", () -> {
					var id = newId("Vehicle");
					var map = "{\"ja\": \"時計台\", \"en\": [\"clock tower\", \"landmark\"], \"@none\": \"tokeidai\"}";
					vehicleWithId(id, "\"brandName\": {\"type\": \"LanguageProperty\", \"languageMap\": " + map + "}");
					var response = retrieve(id, null, context, "");
					assertThat(json(response).getJsonObject("brandName").get("languageMap")).isEqualTo(parse(map));
					assertThat(response.body()).doesNotContain("urn:ngsi-ld:null");
				}), tp("465_01_03", () -> vehicleWith(
						"\"brandName\": {\"type\": \"LanguageProperty\", \"languageMap\": {\"ja\": 5}}", 400)),
				tp("471_01_02", () -> {
					var id = newId("Vehicle");
					assertBadRequestData(create("application/ld+json", null, """
							{"id": "%s", "type": "Vehicle", "@context": ["%s"],
							 "location": {"type": "GeoProperty", "value": "not a geometry"}}""".formatted(id, context)));
					assertThat(retrieve(id, null, context, "").statusCode()).isEqualTo(404);
				}));
	}

	@Test
	void aTypeStartingWithADigitIsRefused_462_01_02() throws Exception {
		assertBadRequestData(create("application/ld+json", null, """
				{"id": "%s", "type": "9Vehicle", "@context": ["%s"], "speed": {"type": "Property", "value": 1}}"""
			.formatted(newId("Vehicle"), context)));
	}

	@Test
	@org.junit.jupiter.api.Disabled("broker: GeoProperties: a GeometryCollection value and a location declared as a plain "
			+ "Property are taken (201), a geometry encoded as a JSON string is refused (400 \"a GeoProperty's value is not a "
			+ "GeoJSON geometry\"); 4.6.3/4.7.1/4.7.2 want the reverse")
	void geoPropertiesAreGeometries_463_01_01_471_01_01_471_01_03() throws Exception {
		assertAll(tp("463_01_01", () -> {
			var id = newId("Vehicle");
			assertBadRequestData(create("application/ld+json", null, """
					{"id": "%s", "type": "Vehicle", "@context": ["%s"],
					 "location": {"type": "GeoProperty", "value": {"type": "GeometryCollection",
					   "geometries": [{"type": "Point", "coordinates": [141.35, 43.06]}]}}}""".formatted(id, context)));
			assertThat(retrieve(id, null, context, "").statusCode()).isEqualTo(404);
		}), tp("471_01_01", () -> {
			var id = newId("Vehicle");
			vehicleWithId(id, "\"location\": {\"type\": \"GeoProperty\", \"value\": "
					+ Json.createValue("{\"type\": \"Point\", \"coordinates\": [141.3545, 43.0611]}") + "}");
			var value = json(retrieve(id, null, context, "")).getJsonObject("location").get("value");
			assertThat(value).as("a geometry, not a string").isInstanceOf(JsonObject.class);
			assertThat(value).isEqualTo(parse("{\"type\": \"Point\", \"coordinates\": [141.3545, 43.0611]}"));
		}), tp("471_01_03", () -> vehicleWith("\"location\": {\"type\": \"Property\", \"value\": 7}", 400)));
	}

	// ---- NGSI-LD Null (5.2.1, 4.6.5, 5.5.4), LanguageProperty (5.2.32)

	@Test
	@org.junit.jupiter.api.Disabled("broker: the NGSI-LD Null urn:ngsi-ld:null is taken and stored on create (as a Property "
			+ "value, a Relationship object, a sub-attribute's value, a languageMap {\"@none\": null}, the scope, inside a "
			+ "compound value) and on a partial update (PATCH .../attrs/address stores {\"country\": \"urn:ngsi-ld:null\"}, 204); "
			+ "5.2.1/5.5.4 want BadRequestData")
	void theNullIsOnlyForMerges_521_01_465_01_02_554_01_01_to_03() throws Exception {
		assertAll(tp("521_01_01", () -> probeGives("{\"type\": \"Property\", \"value\": \"urn:ngsi-ld:null\"}", 400)),
				tp("521_01_02", () -> probeGives("{\"type\": \"Relationship\", \"object\": \"urn:ngsi-ld:null\"}", 400)),
				tp("521_01_03", () -> probeGives(
						"{\"type\": \"Property\", \"value\": 1, \"sub\": {\"type\": \"Property\", \"value\": \"urn:ngsi-ld:null\"}}",
						400)),
				tp("465_01_02", () -> {
					var id = newId("Vehicle");
					assertBadRequestData(create("application/ld+json", null, """
							{"id": "%s", "type": "Vehicle", "@context": ["%s"],
							 "brandName": {"type": "LanguageProperty", "languageMap": {"@none": "urn:ngsi-ld:null"}}}"""
						.formatted(id, context)));
					assertThat(retrieve(id, null, context, "").statusCode()).isEqualTo(404);
				}), tp("554_01_01", () -> {
					var id = newId("Vehicle");
					assertBadRequestData(create("application/ld+json", null, """
							{"id": "%s", "type": "Vehicle", "@context": ["%s"], "scope": "urn:ngsi-ld:null"}"""
						.formatted(id, context)));
					assertThat(retrieve(id, null, context, "").statusCode()).isEqualTo(404);
					var nullId = create("application/ld+json", null, """
							{"id": "urn:ngsi-ld:null", "type": "Vehicle", "@context": ["%s"]}""".formatted(context));
					assertThat(nullId.statusCode()).as(nullId.body()).isEqualTo(400);
				}), tp("554_01_02", () -> {
					var id = newId("Vehicle");
					assertBadRequestData(create("application/ld+json", null, """
							{"id": "%s", "type": "Vehicle", "@context": ["%s"],
							 "address": {"type": "Property", "value": {"country": "urn:ngsi-ld:null"}}}""".formatted(id, context)));
					var deeper = create("application/ld+json", null, """
							{"id": "%s", "type": "Vehicle", "@context": ["%s"],
							 "address": {"type": "Property", "value": {"geo": {"country": "urn:ngsi-ld:null"}}}}"""
						.formatted(id, context));
					assertThat(deeper.statusCode()).as(deeper.body()).isEqualTo(400);
					assertThat(retrieve(id, null, context, "").statusCode()).isEqualTo(404);
				}), tp("554_01_03", () -> {
					var id = newId("Vehicle");
					vehicleWithId(id,
							"\"address\": {\"type\": \"Property\", \"value\": {\"street\": \"北1条西2丁目\", \"country\": \"Japan\"}}");
					var patched = send(writer, HttpRequest.newBuilder(uri("/ngsi-ld/v1/entities/" + id + "/attrs/address"))
						.header("Content-Type", "application/ld+json")
						.method("PATCH", HttpRequest.BodyPublishers.ofString("""
								{"value": {"country": "urn:ngsi-ld:null"}, "@context": ["%s"]}""".formatted(context))));
					assertThat(patched.statusCode()).as(patched.body()).isEqualTo(400);
					var response = retrieve(id, null, context, "");
					assertThat(json(response).getJsonObject("address").getJsonObject("value").getString("country"))
						.isEqualTo("Japan");
					assertThat(response.body()).doesNotContain("urn:ngsi-ld:null");
				}));
	}

	/** A Building with this attribute named probe, as plain JSON: the status, and BadRequestData when refused. */
	private void probeGives(String attribute, int status) throws Exception {
		var response = create("application/json", null, """
				{"id": "%s", "type": "Building", "probe": %s}""".formatted(newId("Building"), attribute));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		if (status == 400) {
			assertBadRequestData(response);
		}
	}

	@Test
	void languagePropertiesFollowTheirDataType_5232_01_01_03_04_06() throws Exception {
		assertAll(tp("5232_01_01", () -> probeGives("""
				{"type": "LanguageProperty", "languageMap": {"ja": "こんにちは", "en": ["hello", "hi"]}, "valueType": "langString"}""",
				201)), tp("5232_01_03", () -> probeGives("{\"type\": \"LanguageProperty\", \"languageMap\": {\"ja\": 5}}", 400)),
				tp("5232_01_04",
						() -> probeGives("{\"type\": \"LanguageProperty\", \"languageMap\": {\"ja\": [\"a\", 5]}}", 400)),
				tp("5232_01_06", () -> probeGives("{\"type\": \"LanguageProperty\"}", 400)));
	}

	@Test
	@org.junit.jupiter.api.Disabled("broker: a LanguageProperty whose valueType is not langString (xsd:string) and a "
			+ "languageMap with an empty language tag {\"\": \"x\"} are taken (201); 5.2.32 wants BadRequestData")
	void aLanguagePropertysValueTypeAndTags_5232_01_02_5232_01_05() throws Exception {
		assertAll(tp("5232_01_02", () -> probeGives(
				"{\"type\": \"LanguageProperty\", \"languageMap\": {\"ja\": \"x\"}, \"valueType\": \"xsd:string\"}", 400)),
				tp("5232_01_05", () -> probeGives("{\"type\": \"LanguageProperty\", \"languageMap\": {\"\": \"x\"}}", 400)));
	}

	// ---- validation (5.5.4), the default context (5.5.5), expansion and compaction (5.5.7)

	@Test
	void theDefaultContextAndEachRequestsContext_554_01_05_555_01_557_01_02_557_01_03() throws Exception {
		assertAll(tp("554_01_05", () -> HubJson.assertProblem(create("application/ld+json", null, """
				{"id": "urn:ngsi-ld:Vehicle:broken", "type":"""), 400, "InvalidRequest")), tp("555_01_01", () -> {
					var id = newId("Vehicle");
					var created = create("application/json", null, """
							{"id": "%s", "type": "Vehicle", "temperature": {"type": "Property", "value": -4}}""".formatted(id));
					assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
					var response = retrieve(id, "application/ld+json", null, "");
					var entity = json(response);
					// the suite's check is on a string: it holds the core context's name
					assertThat(entity.get("@context")).isInstanceOf(JsonString.class);
					assertThat(entity.getString("@context")).contains("ngsi-ld-core-context");
					assertThat(entity.getJsonObject("temperature").getInt("value")).isEqualTo(-4);
					assertThat(response.body()).doesNotContain("default-context/temperature");
				}), tp("555_01_02", () -> {
					var id = newId("Vehicle");
					var created = create("application/json", null, """
							{"id": "%s", "type": "Vehicle",
							 "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [141.3508, 43.0687]}}}"""
						.formatted(id));
					assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
					var response = retrieve(id, "application/ld+json", null, "");
					assertThat(json(response).getJsonObject("location").getString("type")).isEqualTo("GeoProperty");
					assertThat(response.body()).doesNotContain("default-context/location");
				}), tp("557_01_02", () -> {
					var id = newId("Vehicle");
					vehicleWithId(id, "\"speed\": {\"type\": \"Property\", \"value\": 30}");
					assertThat(ids(query("type=Vehicle", context))).contains(id);
					assertThat(ids(query("type=Vehicle", null))).doesNotContain(id);
				}), tp("557_01_03", () -> {
					var id = newId("Vehicle");
					vehicleWithId(id, "\"speed\": {\"type\": \"Property\", \"value\": 30}");
					assertThat(json(retrieve(id, null, null, "")).getString("type")).isEqualTo(NS + "Vehicle");
				}));
	}

	@Test
	@org.junit.jupiter.api.Disabled("broker: a user @context holding a JSON-LD scoped context (a term definition with its own "
			+ "@context) is taken (201); 5.5.7 wants BadRequestData and no entity")
	void aScopedContextIsBadRequestData_557_01_01() throws Exception {
		var id = newId("Vehicle");
		assertBadRequestData(create("application/ld+json", null, """
				{"id": "%s", "type": "Vehicle", "@context": [{"Vehicle": {"@id": "https://sapporo-city.example/Vehicle",
				   "@context": {"speed": "https://sapporo-city.example/hidden-speed"}}}]}""".formatted(id)));
		assertThat(retrieve(id, null, null, "").statusCode()).isEqualTo(404);
	}

	// ---- delete (5.6.6)

	@Test
	void deleteAnEntityOrAnInvalidOrUnknownOne_002_01_01_002_02_01_002_03_01() throws Exception {
		assertAll(tp("002_01_01", () -> {
			var id = newId("Building");
			assertThat(create("application/ld+json", null, ld(SIMPLE.formatted(id))).statusCode()).isEqualTo(201);
			var deleted = delete(id);
			assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
			assertThat(deleted.body()).isEmpty();
			assertThat(retrieve(id, null, context, "").statusCode()).isEqualTo(404);
		}), tp("002_02_01", () -> HubJson.assertProblem(delete("thisisaninvaliduri"), 400, "BadRequestData")),
				tp("002_03_01", () -> HubJson.assertProblem(delete(newId("Building")), 404, "ResourceNotFound")));
	}

	@Test
	void theTypeSelectorGatesTheDelete_566_01_01() throws Exception {
		var id = newId("Vehicle");
		assertThat(create("application/json", null, "{\"id\": \"" + id + "\", \"type\": \"Building\"}").statusCode())
			.isEqualTo(201);
		assertThat(delete(id + "?type=Vehicle").statusCode()).isEqualTo(404);
		assertThat(retrieve(id, null, null, "").statusCode()).isEqualTo(200);
		assertThat(delete(id + "?type=Building").statusCode()).isEqualTo(204);
		assertThat(retrieve(id, null, null, "").statusCode()).isEqualTo(404);
	}

	// ---- replace (5.6.18) and merge (5.6.17) by a faulty id

	@Test
	void replaceAnEntityKeepingItsCreatedAt_054_01_01() throws Exception {
		var id = newId("Building");
		assertThat(create("application/json", context, SIMPLE.formatted(id)).statusCode()).isEqualTo(201);
		var createdAt = json(retrieve(id, null, context, "?options=sysAttrs")).getString("createdAt");
		var replaced = replace(id, "application/json", context, LOCATED_AT_AND_NAME.formatted(id));
		assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(204);
		assertThat(replaced.body()).isEmpty();
		var after = json(retrieve(id, null, context, "?options=sysAttrs"));
		assertEntity(after, ld(LOCATED_AT_AND_NAME.formatted(id)), false, "@context", "createdAt", "modifiedAt");
		assertThat(after.getString("createdAt")).isEqualTo(createdAt);
	}

	@Test
	void replaceOrMergeByAnInvalidOrUnknownId_054_02_01_054_02_03_056_02_01_056_02_03() throws Exception {
		var id = newId("Building");
		assertThat(create("application/json", context, SIMPLE.formatted(id)).statusCode()).isEqualTo(201);
		var nowhere = "urn:ngsi-ld:Building:sapporo-nowhere";
		assertAll(tp("054_02_01", () -> assertStatus(replace("invalidUri", "application/json", context,
				LOCATED_AT_AND_NAME.formatted("invalidUri")), 400)),
				tp("054_02_03", () -> assertStatus(replace(nowhere, "application/json", context,
						LOCATED_AT_AND_NAME.formatted(nowhere)), 404)),
				tp("056_02_01", () -> assertStatus(merge("invalidUri", "application/json", context,
						LOCATED_AT_AND_NAME.formatted("invalidUri")), 400)),
				tp("056_02_03", () -> assertStatus(merge(nowhere, "application/json", context,
						LOCATED_AT_AND_NAME.formatted(nowhere)), 404)));
	}

	@Test
	void replaceOrMergeWithoutAnId_054_02_02_056_02_02() throws Exception {
		assertAll(tp("054_02_02", () -> assertStatus(replace("", "application/json", context, LOCATED_AT_AND_NAME.formatted("")),
				400)),
				tp("056_02_02", () -> assertStatus(merge("", "application/json", context, LOCATED_AT_AND_NAME.formatted("")),
						400)));
	}

	// ---- merge (5.6.17)

	@Test
	void mergeAnEntity_056_01_01_to_03() throws Exception {
		assertAll(tp("056_01_01", () -> mergeGives(ldString(SIMPLE), ld(MINIMAL), ldString(SIMPLE))),
				tp("056_01_02", () -> mergeGives(ldString(SIMPLE), ld(SIMPLE_SECOND), ldString(SIMPLE_SECOND))),
				tp("056_01_03", () -> mergeGives(ldString(SIMPLE), ld("""
						{"id": "%1$s", "type": "Building", "locatedAt": {"type": "Relationship", "object": "urn:ngsi-ld:City:Sapporo"}}"""),
						ldString("""
								{"id": "%1$s", "type": "Building",
								 "name": {"type": "Property", "value": "さっぽろテレビ塔"},
								 "subCategory": {"type": "Property", "value": "sightseeing"},
								 "airQualityLevel": {"type": "Property", "value": 2, "unitCode": "C62", "observedAt": "2026-02-04T10:15:00.000Z"},
								 "almostFull": {"type": "Property", "value": false},
								 "locatedAt": {"type": "Relationship", "object": "urn:ngsi-ld:City:Sapporo"}}"""))));
	}

	@Test
	void mergeAnAttributeKeepsWhatTheFragmentDoesNotName_056_01_04() throws Exception {
		mergeGives(ldString(SIMPLE), ldString("""
				{"id": "%1$s", "type": "Building",
				 "airQualityLevel": {"type": "Property", "value": 1, "observedAt": "2026-03-01T00:00:00.000Z"}}"""), ldString("""
				{"id": "%1$s", "type": "Building",
				 "name": {"type": "Property", "value": "さっぽろテレビ塔"},
				 "subCategory": {"type": "Property", "value": "sightseeing"},
				 "airQualityLevel": {"type": "Property", "value": 1, "unitCode": "C62", "observedAt": "2026-03-01T00:00:00.000Z"},
				 "almostFull": {"type": "Property", "value": false}}"""));
	}

	/**
	 * The suite's merge scenario: an entity made from the first payload (JSON-LD), merged with the second (JSON-LD,
	 * the id set to the entity's), then retrieved as JSON-LD with the user context: it is the third, whole. Each payload
	 * has its id as %1$s, the context already in it.
	 */
	private void mergeGives(String initial, String fragment, String expected) throws Exception {
		var id = newId("Building");
		var created = create("application/ld+json", null, initial.replace("%1$s", id));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		var merged = merge(id, "application/ld+json", null, fragment.replace("%1$s", id));
		assertThat(merged.statusCode()).as(merged.body()).isEqualTo(204);
		assertThat(merged.body()).isEmpty();
		assertEntity(json(retrieve(id, "application/ld+json", context, "")), expected.replace("%1$s", id), true);
	}

	static final String FOUR_KINDS = """
			{"id": "%1$s", "type": "Building",
			 "name": {"type": "Property", "value": "さっぽろテレビ塔"},
			 "locatedAt": {"type": "Relationship", "object": "urn:ngsi-ld:City:Sapporo"},
			 "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [141.3564, 43.0611]}},
			 "street": {"type": "LanguageProperty", "languageMap": {"ja": "大通西", "en": "Odori West"}}}""";

	static final String NAME_NULL = """
			{"id": "%1$s", "type": "Building", "name": {"type": "Property", "value": "urn:ngsi-ld:null"%2$s}}""";

	static final String LOCATED_AT_NULL = """
			{"id": "%1$s", "type": "Building", "locatedAt": {"type": "Relationship", "object": "urn:ngsi-ld:null"%2$s}}""";

	static final String LOCATION_NULL = """
			{"id": "%1$s", "type": "Building", "location": {"type": "GeoProperty", "value": "urn:ngsi-ld:null"%2$s}}""";

	static final String STREET_NULL = """
			{"id": "%1$s", "type": "Building",
			 "street": {"type": "LanguageProperty", "languageMap": {"@none": "urn:ngsi-ld:null"}%2$s}}""";

	@Test
	void mergeDeletesByTheNull_056_03_056_04_056_05_554_01_04() throws Exception {
		var one = instances(false);
		var withDefault = instances(true);
		var cases = new java.util.ArrayList<Executable>();
		String[][] nulls = { { "01", NAME_NULL, "name" }, { "02", LOCATED_AT_NULL, "locatedAt" },
				{ "03", LOCATION_NULL, "location" }, { "04", STREET_NULL, "street" } };
		for (var n : nulls) {
			cases.add(tp("056_03_" + n[0], () -> mergeGives(ldString(FOUR_KINDS), nullFragment(n[1], ""),
					ldString(without(FOUR_KINDS, n[2])))));
		}
		for (var n : nulls) {
			cases.add(tp("056_04_" + n[0], () -> mergeGives(ldString(one), nullFragment(n[1], "urn:ngsi-ld:Dataset:01"),
					ldString(instancesWithout(false, n[2], true)))));
		}
		for (var n : nulls) {
			cases.add(tp("056_05_" + n[0], () -> mergeGives(ldString(withDefault), nullFragment(n[1], ""),
					ldString(instancesWithout(true, n[2], false)))));
		}
		cases.add(tp("554_01_04", () -> {
			var id = newId("Vehicle");
			vehicleWithId(id, """
					"address": {"type": "Property", "value": {"street": "北1条西2丁目", "city": "札幌市", "country": "Japan"}}""");
			var merged = merge(id, "application/ld+json", null, """
					{"address": {"type": "Property", "value": {"street": "北3条西6丁目", "country": "urn:ngsi-ld:null"}},
					 "@context": ["%s"]}""".formatted(context));
			assertThat(merged.statusCode()).as(merged.body()).isEqualTo(204);
			var response = retrieve(id, null, context, "");
			var value = json(response).getJsonObject("address").getJsonObject("value");
			assertThat(value.getString("street", null)).as(value.toString()).isEqualTo("北3条西6丁目");
			assertThat(value.getString("city", null)).as(value.toString()).isEqualTo("札幌市");
			assertThat(value.keySet()).doesNotContain("country");
			assertThat(response.body()).doesNotContain("urn:ngsi-ld:null");
		}));
		assertAll(cases);
	}

	private static String nullFragment(String fragment, String datasetId) {
		return ldString(fragment.replace("%2$s", datasetId.isEmpty() ? "" : ", \"datasetId\": \"" + datasetId + "\""));
	}

	/** Two instances of each kind of attribute, by the datasets :01 and :02 (or :01 and the default when asked). */
	private static String instances(boolean secondIsDefault) {
		var second = secondIsDefault ? "" : ", \"datasetId\": \"urn:ngsi-ld:Dataset:02\"";
		return """
				{"id": "%1$s", "type": "Building",
				 "name": [{"type": "Property", "value": "さっぽろテレビ塔", "datasetId": "urn:ngsi-ld:Dataset:01"},
				          {"type": "Property", "value": "テレビ父さんの塔"SECOND}],
				 "locatedAt": [{"type": "Relationship", "object": "urn:ngsi-ld:City:Sapporo", "datasetId": "urn:ngsi-ld:Dataset:01"},
				               {"type": "Relationship", "object": "urn:ngsi-ld:Ward:Sapporo:Chuo"SECOND}],
				 "location": [{"type": "GeoProperty", "value": {"type": "Point", "coordinates": [141.3564, 43.0611]},
				               "datasetId": "urn:ngsi-ld:Dataset:01"},
				              {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [141.3545, 43.0621]}SECOND}],
				 "street": [{"type": "LanguageProperty", "languageMap": {"ja": "大通公園", "en": "Odori Park"},
				             "datasetId": "urn:ngsi-ld:Dataset:01"},
				            {"type": "LanguageProperty", "languageMap": {"ja": "大通西1丁目", "en": "Odori West 1"}SECOND}]}"""
			.replace("SECOND", second);
	}

	/** The entity of {@link #instances} with the first (dataset :01) or the second instance of one attribute gone. */
	private static String instancesWithout(boolean secondIsDefault, String attribute, boolean first) {
		var entity = (JsonObject) parse(instances(secondIsDefault));
		var remaining = entity.getJsonArray(attribute).get(first ? 1 : 0);
		return Json.createObjectBuilder(entity).add(attribute, remaining).build().toString();
	}

	// ---- assertions, as the suite's

	/** One case of the suite, its failure named by the case. */
	private static Executable tp(String id, Executable body) {
		return () -> {
			try {
				body.execute();
			}
			catch (Throwable failure) {
				throw new AssertionError(id + ": " + failure.getMessage(), failure);
			}
		};
	}

	/** Created: 201, no body, and the Location (when given) names the entity. */
	private static void assertCreated(HttpResponse<String> response, String id) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		assertThat(response.body()).isEmpty();
		response.headers().firstValue("Location").ifPresent(location -> assertThat(location).contains(id));
	}

	private static void assertStatus(HttpResponse<String> response, int status) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
	}

	/** 400 and a ProblemDetails of type BadRequestData (the suite checks no title here). */
	private static void assertBadRequestData(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat(((JsonObject) parse(response.body())).getString("type"))
			.isEqualTo("https://uri.etsi.org/ngsi-ld/errors/BadRequestData");
	}

	/** The suite's "an attribute set to": the member is there and not empty. */
	private static void assertHasMember(JsonObject entity, String name) {
		assertThat(entity.keySet()).as(entity.toString()).contains(name);
		assertThat(entity.get(name).toString()).isNotIn("{}", "[]", "\"\"", "null");
	}

	// ---- payloads

	/** The payload with the user context in it as a one-element array, as the suite's JSON-LD samples. */
	private static String ld(String json) {
		return withContext(json, Json.createArrayBuilder().add(context).build());
	}

	/** The payload with the user context in it as a string, as the suite's merge samples. */
	private static String ldString(String json) {
		return withContext(json, Json.createValue(context));
	}

	private static String without(String json, String member) {
		var object = (JsonObject) parse(json.replace("%1$s", "ID-PLACEHOLDER"));
		return Json.createObjectBuilder(object).remove(member).build().toString().replace("ID-PLACEHOLDER", "%1$s");
	}

	private static String newId(String type) {
		return "urn:ngsi-ld:" + type + ":sapporo-" + (ThreadLocalRandom.current().nextLong(1_000_000_000_000_000L, 9_999_999_999_999_999L));
	}

	// ---- HTTP

	private HttpResponse<String> create(String contentType, String link, String body) throws Exception {
		var request = HttpRequest.newBuilder(uri("/ngsi-ld/v1/entities")).header("Content-Type", contentType);
		if (link != null) {
			request.header("Link", link(link));
		}
		return send(writer, request.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	private HttpResponse<String> retrieve(String id, String accept, String link, String query) throws Exception {
		var request = HttpRequest.newBuilder(uri("/ngsi-ld/v1/entities/" + id + query));
		if (accept != null) {
			request.header("Accept", accept);
		}
		if (link != null) {
			request.header("Link", link(link));
		}
		return send(reader, request.GET());
	}

	private HttpResponse<String> query(String query, String link) throws Exception {
		var request = HttpRequest.newBuilder(uri("/ngsi-ld/v1/entities?" + query));
		if (link != null) {
			request.header("Link", link(link));
		}
		return send(reader, request.GET());
	}

	private HttpResponse<String> delete(String idAndQuery) throws Exception {
		return send(writer, HttpRequest.newBuilder(uri("/ngsi-ld/v1/entities/" + idAndQuery)).DELETE());
	}

	private HttpResponse<String> replace(String id, String contentType, String link, String body) throws Exception {
		return withBody("PUT", id, contentType, link, body);
	}

	private HttpResponse<String> merge(String id, String contentType, String link, String body) throws Exception {
		return withBody("PATCH", id, contentType, link, body);
	}

	private HttpResponse<String> withBody(String method, String id, String contentType, String link, String body)
			throws Exception {
		var request = HttpRequest.newBuilder(uri("/ngsi-ld/v1/entities/" + id)).header("Content-Type", contentType);
		if (link != null) {
			request.header("Link", link(link));
		}
		return send(writer, request.method(method, HttpRequest.BodyPublishers.ofString(body)));
	}

	private HttpResponse<String> send(String token, HttpRequest.Builder request) throws Exception {
		return http.send(request.header("Authorization", "Bearer " + token).header("NGSILD-Tenant", tenant).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static JsonObject json(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return (JsonObject) parse(response.body());
	}

	private static java.util.List<String> ids(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return ((JsonArray) parse(response.body())).getValuesAs(JsonObject.class).stream().map(e -> e.getString("id")).toList();
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + port + path);
	}

	private static String link(String context) {
		return "<" + context + ">; rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\"";
	}
}
