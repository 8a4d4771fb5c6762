package jp.tsunagu.hub;

import static jp.tsunagu.hub.HubJson.parse;
import static jp.tsunagu.hub.HubJson.withContext;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertAll;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

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
 * Batch entity operations (/ngsi-ld/v1/entityOperations: create, upsert, update, delete, merge) over
 * HTTP as the ETSI NGSI-LD conformance suite's test purposes under Provision/BatchEntities describe
 * them (CreateBatchOfEntities 003 and 567, UpsertBatchOfEntities 004 and 466, UpdateBatchOfEntities
 * 005, DeleteBatchOfEntities 006, MergeBatchOfEntities 057 and 5620). Each method names the cases it
 * covers by their numbers; each case is written here from the purpose (its requests in its own words
 * and payloads, its assertions those of the suite), not copied from it.
 *
 * <p>As the suite: a 201 answers the ids created (in any order), a 207 a BatchOperationResult whose
 * success holds exactly the ids expected (in any order) and whose errors are as many as the entities
 * expected to fail, each naming one of them and carrying a non-empty error (its ProblemDetails' type
 * and title checked where the purpose checks them); the entities afterwards are queried by their ids
 * and type Building as JSON-LD under the user context and compared whole, grouped by id, as the
 * suite's DeepDiff compares them (arrays in any order, a member too many fails as one missing does,
 * observedAt as an instant, a context as a string or a one-element array alike). An expected state
 * "with a fragment" is the entity as created with the fragment's members put over it, as the suite's
 * Upsert Element In Entity does.
 *
 * <p>The suite's user context is a compound one (a document naming a context of terms, then the core
 * context); here two small servers of the test serve the same shape, with the same terms under
 * Sapporo's namespace. Each test has a tenant of its own, in which one entity is made first: the suite
 * runs in a tenant that exists, so an unknown entity there is ResourceNotFound, not NonexistentTenant.
 * The suite's teardowns (batch deletes of what a case made) are left out: no tenant outlives its test.
 * Nothing of these purposes needs what this environment lacks, so no case is skipped; the merge cases
 * are written in full though the hub has no batch merge yet.
 */
@TsunaguTest
class HubBatchTests {

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
		tenant = "b" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
		var seed = send(writer, HttpRequest.newBuilder(uri("/ngsi-ld/v1/entities"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"id\": \"urn:ngsi-ld:Marker:tenant-seed\", \"type\": \"Marker\"}")));
		assertThat(seed.statusCode()).as(seed.body()).isEqualTo(201);
	}

	// ---- the payloads (Sapporo's, in the shapes of the suite's samples); %1$s is the entity's id

	static final String MINIMAL = """
			{"id": "%1$s", "type": "Building"}""";

	static final String SIMPLE = """
			{"id": "%1$s", "type": "Building",
			 "name": {"type": "Property", "value": "札幌市時計台"},
			 "subCategory": {"type": "Property", "value": "sightseeing"},
			 "airQualityLevel": {"type": "Property", "value": 3, "unitCode": "C62", "observedAt": "2026-02-05T09:30:00.000Z"},
			 "almostFull": {"type": "Property", "value": false}}""";

	/** The second simple Building, every value other than {@link #SIMPLE}'s. */
	static final String SIMPLE_SECOND = """
			{"id": "%1$s", "type": "Building",
			 "name": {"type": "Property", "value": "さっぽろテレビ塔"},
			 "subCategory": {"type": "Property", "value": "sightseeing"},
			 "airQualityLevel": {"type": "Property", "value": 7, "unitCode": "C62", "observedAt": "2026-02-11T18:00:00.000Z"},
			 "almostFull": {"type": "Property", "value": true}}""";

	static final String RELATIONSHIP = """
			{"id": "%1$s", "type": "Building",
			 "locatedAt": {"type": "Relationship", "object": "urn:ngsi-ld:City:Sapporo"}}""";

	static final String RELATIONSHIP_OF_PROPERTY = """
			{"id": "%1$s", "type": "Building",
			 "name": {"type": "Property", "value": "札幌市時計台"},
			 "subCategory": {"type": "Property", "value": "sightseeing"},
			 "airQualityLevel": {"type": "Property", "value": 3, "unitCode": "C62", "observedAt": "2026-02-05T09:30:00.000Z",
			   "hasWeatherObserved": {"type": "Relationship", "object": "urn:ngsi-ld:Sensor:sapporo-kita1-nishi2"}},
			 "almostFull": {"type": "Property", "value": false}}""";

	/** A Building with the name and subCategory of {@link #SIMPLE}, and a location. */
	static final String LOCATION = """
			{"id": "%1$s", "type": "Building",
			 "name": {"type": "Property", "value": "札幌市時計台"},
			 "subCategory": {"type": "Property", "value": "sightseeing"},
			 "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [141.3536, 43.0626]}}}""";

	static final String ONE_SCOPE = """
			{"id": "%1$s", "type": "Building", "scope": "/Sapporo/Chuo/Kita1Nishi2"}""";

	static final String TWO_TYPES = """
			{"id": "%1$s", "type": ["Building", "TouristDestination"]}""";

	static final String NEW_TYPES = """
			{"id": "%1$s", "type": ["Building", "Vehicle"]}""";

	static final String NEW_TYPE = """
			{"id": "%1$s", "type": "Vehicle"}""";

	/** A Building whose name is the JSON null: invalid JSON-LD for NGSI-LD (under the user and the core context). */
	static final String NAME_NULL = """
			{"id": "%1$s", "type": "Building", "name": {"type": "Property", "value": null}}""";

	// the fragments (the members that the expected state has put over the entity as created)

	static final String SIMPLE_FRAGMENT = without(SIMPLE, "id", "type");

	static final String LOCATED_AT_FRAGMENT = without(RELATIONSHIP, "id", "type");

	static final String RELATIONSHIP_OF_PROPERTY_FRAGMENT = without(RELATIONSHIP_OF_PROPERTY, "id", "type");

	static final String AIR_QUALITY_WITH_RELATIONSHIP_FRAGMENT = """
			{"airQualityLevel": {"type": "Property", "value": 3, "unitCode": "C62", "observedAt": "2026-02-05T09:30:00.000Z",
			   "hasWeatherObserved": {"type": "Relationship", "object": "urn:ngsi-ld:Sensor:sapporo-kita1-nishi2"}}}""";

	static final String LOCATION_FRAGMENT = """
			{"location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [141.3536, 43.0626]}}}""";

	static final String TWO_TYPES_FRAGMENT = """
			{"type": ["Building", "Vehicle"]}""";

	static final String EMPTY_FRAGMENT = "{}";

	/** A batch that is no JSON (a comma too many). */
	private static String brokenBatch() {
		return """
				[{"id": "%s",, "type": "Building", "@context": ["%s", "%s"]}]""".formatted(newId("Building"), context, CORE);
	}

	/** A batch of one Building whose name is null, with the user and the core context in it. */
	private static String nullNameBatch() {
		return "[" + withContext(NAME_NULL.formatted(newId("Building")),
				Json.createArrayBuilder().add(context).add(CORE).build()) + "]";
	}

	// ---- create (5.6.7)

	@Test
	void createdBatchesAreQueriedAsSent_003_01() throws Exception {
		assertAll(tp("003_01_01", () -> createdThenQueried(MINIMAL)), tp("003_01_02", () -> createdThenQueried(SIMPLE)),
				tp("003_01_03", () -> createdThenQueried(RELATIONSHIP)),
				tp("003_01_04", () -> createdThenQueried(RELATIONSHIP_OF_PROPERTY)));
	}

	private void createdThenQueried(String payload) throws Exception {
		var a = newId("Building");
		var b = newId("Building");
		var entities = List.of(ld(payload.formatted(a)), ld(payload.formatted(b)));
		assertIds(batch("create", "", "application/ld+json", null, array(entities)), a, b);
		assertEntities(queried(a, b), entities);
	}

	@Test
	void aBatchCreatesAllButAnExistingOrARepeatedId_003_02_01_003_10_01() throws Exception {
		assertAll(tp("003_02_01", () -> {
			var existing = newId("Building");
			createEntity(ld(MINIMAL.formatted(existing)));
			var a = newId("Building");
			var b = newId("Building");
			var created = List.of(ld(MINIMAL.formatted(a)), ld(MINIMAL.formatted(b)));
			var response = batch("create", "", "application/ld+json", null,
					array(created.get(0), created.get(1), ld(MINIMAL.formatted(existing))));
			assertBatchResult(response, List.of(a, b), List.of(existing));
			assertEntities(queried(a, b), created);
		}), tp("003_10_01", () -> {
			var a = newId("Building");
			var b = newId("Building");
			var first = ld(MINIMAL.formatted(a));
			var response = batch("create", "", "application/ld+json", null, array(first, ld(MINIMAL.formatted(b)), first));
			assertBatchResult(response, List.of(a, b), List.of(a));
		}));
	}

	@Test
	void aBatchThatIsNoJsonIsInvalidRequest_003_03_01_004_06_01_005_04_01_006_03_01() throws Exception {
		assertAll(tp("003_03_01", () -> HubJson.assertProblem(batch("create", "", "application/ld+json", null, brokenBatch()),
				400, "InvalidRequest")),
				tp("004_06_01", () -> HubJson.assertProblem(batch("upsert", "", "application/ld+json", null, brokenBatch()),
						400, "InvalidRequest")),
				tp("005_04_01", () -> HubJson.assertProblem(batch("update", "", "application/ld+json", null, brokenBatch()),
						400, "InvalidRequest")),
				tp("006_03_01", () -> HubJson.assertProblem(batch("delete", "", "application/ld+json", null, brokenBatch()),
						400, "InvalidRequest")));
	}

	@Test
	void anEmptyBatchIsBadRequestData_003_03_02_006_03_02() throws Exception {
		assertAll(tp("003_03_02", () -> HubJson.assertProblem(batch("create", "", "application/ld+json", null, "[]"), 400,
				"BadRequestData")),
				tp("006_03_02", () -> HubJson.assertProblem(batch("delete", "", "application/ld+json", null, "[]"), 400,
						"BadRequestData")));
	}

	@Test
	void eachEntitysContextComesFromTheLinkHeaderTheBodyOrTheDefault_003_04_003_05_003_07() throws Exception {
		assertAll(tp("003_04_01", () -> {
			var id = newId("Building");
			assertStatus(batch("create", "", "application/json", context, array(SIMPLE.formatted(id))), 201);
			assertHasMember(json(retrieve(id, context)), "almostFull");
		}), tp("003_04_02", () -> {
			var id = newId("Building");
			assertStatus(batch("create", "", "application/json", context, array(SIMPLE.formatted(id))), 201);
			assertHasMember(json(retrieve(id, null)), NS + "almostFull");
		}), tp("003_05_01", () -> {
			var id = newId("Building");
			assertStatus(batch("create", "", "application/json", null, array(SIMPLE.formatted(id))), 201);
			assertHasMember(json(retrieve(id, null)), "almostFull");
		}), tp("003_05_02", () -> {
			var id = newId("Building");
			assertStatus(batch("create", "", "application/json", null, array(SIMPLE.formatted(id))), 201);
			// the user context names almostFull otherwise, so the default vocabulary's is a compact IRI
			assertHasMember(json(retrieve(id, context)), "ngsi-ld:default-context/almostFull");
		}), tp("003_07_01", () -> {
			var id = newId("Building");
			assertStatus(batch("create", "", "application/ld+json", null, array(ld(SIMPLE.formatted(id)))), 201);
			assertHasMember(json(retrieve(id, context)), "almostFull");
		}), tp("003_07_02", () -> {
			var id = newId("Building");
			assertStatus(batch("create", "", "application/ld+json", null, array(ld(SIMPLE.formatted(id)))), 201);
			assertHasMember(json(retrieve(id, null)), NS + "almostFull");
		}));
	}

	@Test
	void aContextInTheWrongPlaceFailsItsEntity_003_06_01_003_08_01() throws Exception {
		assertAll(tp("003_06_01", () -> assertFirstError(
				batch("create", "", "application/json", null, array(ld(SIMPLE.formatted(newId("Building"))))),
				"BadRequestData")),
				tp("003_08_01", () -> assertFirstError(
						batch("create", "", "application/ld+json", null, array(SIMPLE.formatted(newId("Building")))),
						"BadRequestData")));
	}

	@Test
	void aLinkHeaderWithJsonLdIsBadRequestData_003_09_01() throws Exception {
		HubJson.assertProblem(
				batch("create", "", "application/ld+json", context, array(ld(SIMPLE.formatted(newId("Building"))))), 400,
				"BadRequestData");
	}

	@Test
	void aNullItemFailsTheWholeCreateBatch_567_01_01() throws Exception {
		var id = newId("Vehicle");
		var response = batch("create", "", "application/json", null, "[{\"id\": \"" + id + "\", \"type\": \"Vehicle\"}, null]");
		assertBadRequestData(response);
		assertThat(retrieve(id, null).statusCode()).isEqualTo(404);
		assertStatus(batch("create", "", "application/json", null, "[]"), 400);
	}

	// ---- upsert (5.6.8); the suite's upsert asks options=replace unless it says update

	@Test
	void upsertCreatesEntitiesThatDoNotExist_004_01() throws Exception {
		assertAll(tp("004_01_01", () -> upsertedNew(SIMPLE)), tp("004_01_02", () -> upsertedNew(RELATIONSHIP)),
				tp("004_01_03", () -> upsertedNew(RELATIONSHIP_OF_PROPERTY)));
	}

	private void upsertedNew(String payload) throws Exception {
		var a = newId("Building");
		var b = newId("Building");
		var entities = List.of(ld(payload.formatted(a)), ld(payload.formatted(b)));
		assertIds(batch("upsert", "?options=replace", "application/ld+json", null, array(entities)), a, b);
		assertEntities(queried(a, b), entities);
	}

	@Test
	void upsertCreatesTheNewAndReplacesTheExisting_004_02() throws Exception {
		assertAll(tp("004_02_01", () -> upsertedNewAndExisting(SIMPLE)),
				tp("004_02_02", () -> upsertedNewAndExisting(RELATIONSHIP)),
				tp("004_02_03", () -> upsertedNewAndExisting(RELATIONSHIP_OF_PROPERTY)));
	}

	private void upsertedNewAndExisting(String payload) throws Exception {
		var first = newId("Building");
		var second = newId("Building");
		createEntity(ld(MINIMAL.formatted(first)));
		createEntity(ld(MINIMAL.formatted(second)));
		var fresh = newId("Building");
		var entities = List.of(ld(payload.formatted(fresh)), ld(payload.formatted(first)), ld(payload.formatted(second)));
		assertIds(batch("upsert", "?options=replace", "application/ld+json", null, array(entities)), fresh);
		assertEntities(queried(fresh, first, second), entities);
	}

	@Test
	void upsertReplacesExistingEntities_004_03_004_08_01() throws Exception {
		assertAll(tp("004_03_01", () -> upsertedExisting(SIMPLE)), tp("004_03_02", () -> upsertedExisting(RELATIONSHIP)),
				tp("004_03_03", () -> upsertedExisting(RELATIONSHIP_OF_PROPERTY)),
				tp("004_03_04", () -> upsertedExisting(ONE_SCOPE)), tp("004_03_05", () -> upsertedExisting(TWO_TYPES)),
				tp("004_08_01", () -> upsertedExisting(NEW_TYPES)));
	}

	/** Two minimal Buildings, upserted (replace) with this payload: 204, and they are the payload. */
	private void upsertedExisting(String payload) throws Exception {
		var first = newId("Building");
		var second = newId("Building");
		createEntity(ld(MINIMAL.formatted(first)));
		createEntity(ld(MINIMAL.formatted(second)));
		var entities = List.of(ld(payload.formatted(first)), ld(payload.formatted(second)));
		assertNoContent(batch("upsert", "?options=replace", "application/ld+json", null, array(entities)));
		assertEntities(queried(first, second), entities);
	}

	@Test
	void upsertWithTheUpdateOptionKeepsWhatItDoesNotName_004_04() throws Exception {
		assertAll(tp("004_04_01", () -> upsertedWithUpdate(SIMPLE, SIMPLE_FRAGMENT)),
				tp("004_04_02", () -> upsertedWithUpdate(RELATIONSHIP, LOCATED_AT_FRAGMENT)),
				tp("004_04_03", () -> upsertedWithUpdate(RELATIONSHIP_OF_PROPERTY, RELATIONSHIP_OF_PROPERTY_FRAGMENT)));
	}

	private void upsertedWithUpdate(String payload, String fragment) throws Exception {
		var existing = newId("Building");
		createEntity(ld(MINIMAL.formatted(existing)));
		var fresh = newId("Building");
		var freshEntity = ld(payload.formatted(fresh));
		assertIds(batch("upsert", "?options=update", "application/ld+json", null,
				array(freshEntity, ld(payload.formatted(existing)))), fresh);
		assertEntities(queried(existing, fresh), List.of(freshEntity, put(ld(MINIMAL.formatted(existing)), fragment)));
	}

	@Test
	void upsertFailsAnEntityWithoutType_004_05_01() throws Exception {
		var a = newId("Building");
		var b = newId("Building");
		var c = newId("Building");
		var upserted = List.of(ld(MINIMAL.formatted(a)), ld(MINIMAL.formatted(b)));
		var response = batch("upsert", "?options=replace", "application/ld+json", null,
				array(upserted.get(0), upserted.get(1), without(ld(MINIMAL.formatted(c)), "type")));
		assertBatchResult(response, List.of(a, b), List.of(c));
		assertEntities(queried(a, b), upserted);
	}

	@Test
	void upsertFailsAnEntityThatIsNoValidJsonLd_004_06_02() throws Exception {
		assertFirstError(batch("upsert", "?options=replace", "application/ld+json", null, nullNameBatch()), "BadRequestData");
	}

	@Test
	void upsertWithARepeatedIdAnswersEachIdOnceAndTheLaterInstanceWins_004_07_01_466_01_01() throws Exception {
		assertAll(tp("004_07_01", () -> {
			var a = newId("Building");
			var b = newId("Building");
			var first = ld(MINIMAL.formatted(a));
			assertIds(batch("upsert", "?options=replace", "application/ld+json", null,
					array(first, ld(MINIMAL.formatted(b)), first)), a, b);
		}), tp("466_01_01", () -> {
			var id = newId("Vehicle");
			var older = ld("""
					{"id": "%s", "type": "Vehicle", "speed": {"type": "Property", "value": 1},
					 "old": {"type": "Property", "value": true}}""".formatted(id));
			var newer = ld("""
					{"id": "%s", "type": "Vehicle", "speed": {"type": "Property", "value": 2}}""".formatted(id));
			var response = batch("upsert", "?options=replace", "application/ld+json", null, array(older, newer));
			assertThat(response.statusCode()).as(response.body()).isIn(201, 204);
			var entity = json(retrieve(id, context));
			assertThat(entity.getJsonObject("speed").getInt("value")).isEqualTo(2);
			assertThat(entity.keySet()).as("the first instance's attributes must not linger").doesNotContain("old");
		}));
	}

	// ---- update (5.6.9): the suite's update asks no option unless it says noOverwrite

	@Test
	void updateOverwritesTheAttributesItNames_005_01_01_005_01_03() throws Exception {
		assertAll(tp("005_01_01", () -> updated(SIMPLE, SIMPLE, EMPTY_FRAGMENT)),
				tp("005_01_03", () -> updated(SIMPLE, RELATIONSHIP_OF_PROPERTY, AIR_QUALITY_WITH_RELATIONSHIP_FRAGMENT)));
	}

	@Test
	void updateAppendsAnAttributeTheEntityLacks_005_01_02() throws Exception {
		updated(SIMPLE, RELATIONSHIP, LOCATED_AT_FRAGMENT);
	}

	/** Two entities made from the first payload, batch updated with the second: 204, empty, and the first with the fragment. */
	private void updated(String initial, String payload, String fragment) throws Exception {
		var first = newId("Building");
		var second = newId("Building");
		createEntity(ld(initial.formatted(first)));
		createEntity(ld(initial.formatted(second)));
		assertNoContent(batch("update", "", "application/ld+json", null,
				array(ld(payload.formatted(first)), ld(payload.formatted(second)))));
		assertEntities(queried(first, second),
				List.of(put(ld(initial.formatted(first)), fragment), put(ld(initial.formatted(second)), fragment)));
	}

	@Test
	void updateWithNoOverwriteOnlyAddsAttributes_005_02() throws Exception {
		assertAll(tp("005_02_01", () -> updatedWithNoOverwrite(SIMPLE, EMPTY_FRAGMENT, 207)),
				tp("005_02_02", () -> updatedWithNoOverwrite(RELATIONSHIP, LOCATED_AT_FRAGMENT, 204)),
				tp("005_02_03", () -> updatedWithNoOverwrite(LOCATION, LOCATION_FRAGMENT, 207)));
	}

	private void updatedWithNoOverwrite(String payload, String fragment, int status) throws Exception {
		var first = newId("Building");
		var second = newId("Building");
		createEntity(ld(SIMPLE.formatted(first)));
		createEntity(ld(SIMPLE.formatted(second)));
		assertStatus(batch("update", "?options=noOverwrite", "application/ld+json", null,
				array(ld(payload.formatted(first)), ld(payload.formatted(second)))), status);
		assertEntities(queried(first, second),
				List.of(put(ld(SIMPLE.formatted(first)), fragment), put(ld(SIMPLE.formatted(second)), fragment)));
	}

	@Test
	void updateFailsAnEntityThatDoesNotExist_005_03_01() throws Exception {
		var first = newId("Building");
		var second = newId("Building");
		createEntity(ld(SIMPLE.formatted(first)));
		createEntity(ld(SIMPLE.formatted(second)));
		var unknown = newId("Building");
		var response = batch("update", "", "application/ld+json", null, array(ld(RELATIONSHIP_OF_PROPERTY.formatted(first)),
				ld(RELATIONSHIP_OF_PROPERTY.formatted(second)), ld(RELATIONSHIP_OF_PROPERTY.formatted(unknown))));
		assertBatchResult(response, List.of(first, second), List.of(unknown));
		assertEntities(queried(first, second), List.of(put(ld(SIMPLE.formatted(first)), RELATIONSHIP_OF_PROPERTY_FRAGMENT),
				put(ld(SIMPLE.formatted(second)), RELATIONSHIP_OF_PROPERTY_FRAGMENT)));
	}

	@Test
	void updateFailsAnEntityThatIsNoValidJsonLd_005_04_02() throws Exception {
		// as the suite's, the entity is one that does not exist: its JSON-LD is refused first
		assertFirstError(batch("update", "", "application/ld+json", null, nullNameBatch()), "BadRequestData");
	}

	@Test
	void updateAddsTypes_005_05_01() throws Exception {
		updated(MINIMAL, NEW_TYPE, TWO_TYPES_FRAGMENT);
	}

	// ---- delete (5.6.10)

	@Test
	void deleteRemovesTheExistingAndFailsTheUnknownOrRepeated_006_01_01_006_02_01_006_04_01() throws Exception {
		assertAll(tp("006_01_01", () -> {
			var a = newId("Building");
			var b = newId("Building");
			createEntity(ld(SIMPLE.formatted(a)));
			createEntity(ld(SIMPLE.formatted(b)));
			assertNoContent(batch("delete", "", "application/ld+json", null, ids(a, b)));
			assertThat(HubJson.array(query(null, a, b))).isEmpty();
		}), tp("006_02_01", () -> {
			var existing = newId("Building");
			createEntity(ld(SIMPLE.formatted(existing)));
			var unknown = newId("Building");
			assertBatchResult(batch("delete", "", "application/ld+json", null, ids(existing, unknown)), List.of(existing),
					List.of(unknown));
			assertThat(HubJson.array(query(null, existing))).isEmpty();
		}), tp("006_04_01", () -> {
			var id = newId("Building");
			createEntity(ld(SIMPLE.formatted(id)));
			assertBatchResult(batch("delete", "", "application/ld+json", null, ids(id, id)), List.of(id), List.of(id));
		}));
	}

	// ---- merge (5.6.20, each entity as 5.6.17)

	static final String MERGE_NOT_BUILT = "broker: POST /ngsi-ld/v1/entityOperations/merge is not implemented: every request "
			+ "is 501 OperationNotSupported \"this part of the NGSI-LD API is not served here yet\"";

	static final String AIR_QUALITY_ONLY = """
			{"id": "%1$s", "type": "Building",
			 "airQualityLevel": {"type": "Property", "value": 1, "observedAt": "2026-03-01T00:00:00.000Z"}}""";

	@Test
	void mergeMergesEachEntity_057_01() throws Exception {
		assertAll(tp("057_01_01", () -> mergedGives(ld(MINIMAL), ldString(SIMPLE))),
				tp("057_01_02", () -> mergedGives(ld(SIMPLE_SECOND), ldString(SIMPLE_SECOND))),
				tp("057_01_03", () -> mergedGives(ld(RELATIONSHIP), put(ldString(SIMPLE), LOCATED_AT_FRAGMENT))),
				tp("057_01_04", () -> mergedGives(ldString(AIR_QUALITY_ONLY), put(ldString(SIMPLE), """
						{"airQualityLevel": {"type": "Property", "value": 1, "unitCode": "C62",
						  "observedAt": "2026-03-01T00:00:00.000Z"}}"""))));
	}

	/**
	 * Two Buildings made from {@link #SIMPLE} (its context a string, as the suite's merge sample), merged in one batch
	 * with the payload: 204, empty, and both are the expected entity (any core context version accepted, as the suite's
	 * comparison here).
	 */
	private void mergedGives(String payload, String expected) throws Exception {
		var first = newId("Building");
		var second = newId("Building");
		createEntity(ldString(SIMPLE).formatted(first));
		createEntity(ldString(SIMPLE).formatted(second));
		assertNoContent(batch("merge", "", "application/ld+json", null,
				array(payload.formatted(first), payload.formatted(second))));
		assertEntities(anyCoreContext(queried(first, second)), List.of(expected.formatted(first), expected.formatted(second)));
	}

	@Test
	void mergeFailsAnEntityThatDoesNotExist_057_02_01() throws Exception {
		var first = newId("Building");
		var second = newId("Building");
		createEntity(ld(SIMPLE.formatted(first)));
		createEntity(ld(SIMPLE.formatted(second)));
		var unknown = newId("Building");
		var response = batch("merge", "", "application/ld+json", null, array(ld(RELATIONSHIP_OF_PROPERTY.formatted(first)),
				ld(RELATIONSHIP_OF_PROPERTY.formatted(second)), ld(RELATIONSHIP_OF_PROPERTY.formatted(unknown))));
		assertBatchResult(response, List.of(first, second), List.of(unknown));
		assertEntities(queried(first, second), List.of(put(ld(SIMPLE.formatted(first)), RELATIONSHIP_OF_PROPERTY_FRAGMENT),
				put(ld(SIMPLE.formatted(second)), RELATIONSHIP_OF_PROPERTY_FRAGMENT)));
	}

	@Test
	void mergeOfNoJsonOrOfNoValidJsonLd_057_03() throws Exception {
		assertAll(tp("057_03_01", () -> HubJson.assertProblem(batch("merge", "", "application/ld+json", null, brokenBatch()),
				400, "InvalidRequest")),
				tp("057_03_02", () -> assertFirstError(batch("merge", "", "application/ld+json", null, nullNameBatch()),
						"BadRequestData")));
	}

	@Test
	void mergeRefusesANullItemOrAnEmptyBatchAndDeletesByTheNull_5620_01() throws Exception {
		assertAll(tp("5620_01_01", () -> assertBadRequestData(batch("merge", "", "application/ld+json", null,
				"[" + ld(MINIMAL.formatted(newId("Building"))) + ", null]"))),
				tp("5620_01_02", () -> assertBadRequestData(batch("merge", "", "application/ld+json", null, "[]"))),
				tp("5620_01_03", () -> {
					var id = newId("Building");
					createEntity(ld(SIMPLE.formatted(id)));
					assertNoContent(batch("merge", "", "application/ld+json", null, array(ld("""
							{"id": "%s", "type": "Building", "subCategory": "urn:ngsi-ld:null"}""".formatted(id)))));
					var response = retrieve(id, context);
					assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
					assertThat(response.body()).doesNotContain("subCategory")
						.doesNotContain("urn:ngsi-ld:null")
						.contains("airQualityLevel");
				}));
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

	private static void assertStatus(HttpResponse<String> response, int status) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
	}

	/** 201 and the array of the ids created, in any order (each as often as expected). */
	private static void assertIds(HttpResponse<String> response, String... ids) {
		assertStatus(response, 201);
		var answered = ((JsonArray) parse(response.body())).stream().map(id -> ((JsonString) id).getString()).toList();
		assertThat(answered).containsExactlyInAnyOrder(ids);
	}

	/** 204 and no body. */
	private static void assertNoContent(HttpResponse<String> response) {
		assertStatus(response, 204);
		assertThat(response.body()).isEmpty();
	}

	/**
	 * 207 and a BatchOperationResult: success exactly these ids in any order; as many errors as expected failures, each
	 * naming one of them and carrying an error (a ProblemDetails object, not empty).
	 */
	private static void assertBatchResult(HttpResponse<String> response, List<String> success, List<String> failed) {
		assertStatus(response, 207);
		var result = (JsonObject) parse(response.body());
		var succeeded = result.getJsonArray("success").stream().map(id -> ((JsonString) id).getString()).toList();
		assertThat(succeeded).as(response.body()).containsExactlyInAnyOrderElementsOf(success);
		var errors = result.getJsonArray("errors").getValuesAs(JsonObject.class);
		assertThat(errors).as(response.body()).hasSize(failed.size());
		for (var error : errors) {
			assertThat(failed).as(response.body()).contains(error.getString("entityId"));
			assertThat(error.get("error")).as(response.body()).isInstanceOf(JsonObject.class);
			assertThat(error.getJsonObject("error")).as(response.body()).isNotEmpty();
		}
	}

	/** 207, and the first error's ProblemDetails of this type, with a title. */
	private static void assertFirstError(HttpResponse<String> response, String type) {
		assertStatus(response, 207);
		var problem = ((JsonObject) parse(response.body())).getJsonArray("errors").getJsonObject(0).getJsonObject("error");
		assertThat(problem.getString("type")).as(response.body()).isEqualTo("https://uri.etsi.org/ngsi-ld/errors/" + type);
		assertThat(problem.getString("title")).as(response.body()).isNotBlank();
	}

	/** 400 and a ProblemDetails of type BadRequestData (the suite checks no title here). */
	private static void assertBadRequestData(HttpResponse<String> response) {
		assertStatus(response, 400);
		assertThat(((JsonObject) parse(response.body())).getString("type"))
			.isEqualTo("https://uri.etsi.org/ngsi-ld/errors/BadRequestData");
	}

	/** The suite's "an attribute set to": the member is there and not empty. */
	private static void assertHasMember(JsonObject entity, String name) {
		assertThat(entity.keySet()).as(entity.toString()).contains(name);
		assertThat(entity.get(name).toString()).isNotIn("{}", "[]", "\"\"", "null");
	}

	/** The entities answered are exactly these, whole, in any order (the suite's DeepDiff grouped by id). */
	private static void assertEntities(JsonArray actual, List<String> expected) {
		var all = Json.createArrayBuilder();
		expected.forEach(entity -> all.add(parse(entity)));
		HubJson.assertSame(HubJson.suiteView(actual, Set.of()), HubJson.suiteView(all.build(), Set.of()).toString());
	}

	private static final Pattern CORE_CONTEXT = Pattern
		.compile("https://uri\\.etsi\\.org/ngsi-ld/v1/ngsi-ld-core-context-v\\d\\.\\d\\.jsonld");

	/** The answer with a lone core context (of any version) taken for the user context, as the suite's merge comparison. */
	private static JsonArray anyCoreContext(JsonArray entities) {
		var all = Json.createArrayBuilder();
		for (var entity : entities.getValuesAs(JsonObject.class)) {
			var given = entity.get("@context");
			var lone = given instanceof JsonString s ? s.getString()
					: given instanceof JsonArray a && a.size() == 1 && a.get(0) instanceof JsonString s ? s.getString() : null;
			all.add(lone != null && CORE_CONTEXT.matcher(lone).matches()
					? Json.createObjectBuilder(entity).add("@context", context).build() : entity);
		}
		return all.build();
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

	private static String without(String json, String... members) {
		var object = Json.createObjectBuilder((JsonObject) parse(json.replace("%1$s", "ID-PLACEHOLDER")));
		for (var member : members) {
			object.remove(member);
		}
		return object.build().toString().replace("ID-PLACEHOLDER", "%1$s");
	}

	/** The entity with the fragment's members put over its own, as the suite's Upsert Element In Entity. */
	private static String put(String entity, String fragment) {
		var object = Json.createObjectBuilder((JsonObject) parse(entity.replace("%1$s", "ID-PLACEHOLDER")));
		((JsonObject) parse(fragment)).forEach(object::add);
		return object.build().toString().replace("ID-PLACEHOLDER", "%1$s");
	}

	private static String array(String... entities) {
		return array(List.of(entities));
	}

	private static String array(List<String> entities) {
		return "[" + String.join(", ", entities) + "]";
	}

	private static String ids(String... ids) {
		var array = Json.createArrayBuilder();
		for (var id : ids) {
			array.add(id);
		}
		return array.build().toString();
	}

	private static String newId(String type) {
		return "urn:ngsi-ld:" + type + ":sapporo-" + (ThreadLocalRandom.current().nextLong(1_000_000_000_000_000L, 9_999_999_999_999_999L));
	}

	// ---- HTTP

	private HttpResponse<String> batch(String operation, String query, String contentType, String link, String body)
			throws Exception {
		var request = HttpRequest.newBuilder(uri("/ngsi-ld/v1/entityOperations/" + operation + query))
			.header("Content-Type", contentType);
		if (link != null) {
			request.header("Link", link(link));
		}
		return send(writer, request.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	/** Creates one entity (JSON-LD), as the suite's Create Entity: 201. */
	private void createEntity(String body) throws Exception {
		var response = send(writer, HttpRequest.newBuilder(uri("/ngsi-ld/v1/entities"))
			.header("Content-Type", "application/ld+json")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
	}

	private HttpResponse<String> retrieve(String id, String link) throws Exception {
		var request = HttpRequest.newBuilder(uri("/ngsi-ld/v1/entities/" + id));
		if (link != null) {
			request.header("Link", link(link));
		}
		return send(reader, request.GET());
	}

	/** The suite's Query Entities by these ids and type Building, under the user context. */
	private HttpResponse<String> query(String accept, String... ids) throws Exception {
		var request = HttpRequest.newBuilder(uri("/ngsi-ld/v1/entities?id=" + String.join(",", ids) + "&type=Building"))
			.header("Link", link(context));
		if (accept != null) {
			request.header("Accept", accept);
		}
		return send(reader, request.GET());
	}

	/** These entities as JSON-LD (each with its context) under the user context. */
	private JsonArray queried(String... ids) throws Exception {
		return HubJson.array(query("application/ld+json", ids));
	}

	private HttpResponse<String> send(String token, HttpRequest.Builder request) throws Exception {
		return http.send(request.header("Authorization", "Bearer " + token).header("NGSILD-Tenant", tenant).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static JsonObject json(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return (JsonObject) parse(response.body());
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + port + path);
	}

	private static String link(String context) {
		return "<" + context + ">; rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\"";
	}
}
