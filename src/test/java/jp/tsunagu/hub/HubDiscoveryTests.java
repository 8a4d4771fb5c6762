package jp.tsunagu.hub;

import static jp.tsunagu.hub.HubJson.array;
import static jp.tsunagu.hub.HubJson.assertProblem;
import static jp.tsunagu.hub.HubJson.assertSame;
import static jp.tsunagu.hub.HubJson.object;
import static jp.tsunagu.hub.HubJson.without;
import static org.assertj.core.api.Assertions.assertThat;

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

import jp.tsunagu.TsunaguTest;
import jp.tsunagu.identity.PartnerClients;

/**
 * Discovery over HTTP (NGSI-LD clauses 5.7.5 to 5.7.10) as the ETSI suite's purposes 022 to 027,
 * 577 and 5710 describe it, and the tenants' behaviour of 414 and 5510 (a tenant that was never
 * created is NonexistentTenant, the tenant is given back on every answer). Answers are compared
 * whole, in any order, as the suite compares them: a member too many fails as one missing does.
 * Each test keeps its entities in a tenant of its own.
 */
@TsunaguTest
class HubDiscoveryTests {

	static final String CITY = "https://example.org/city#";

	static UserContext contextServer;

	static String userContext;

	@LocalServerPort
	int port;

	@Autowired
	PartnerClients clients;

	final HttpClient http = HttpClient.newHttpClient();

	String writer;

	String reader;

	String tenant;

	@BeforeAll
	static void serveUserContext() throws Exception {
		var terms = new StringBuilder();
		for (var term : new String[] { "Building", "Vehicle", "OffStreetParking", "airQualityLevel", "almostFull",
				"brandName", "name", "subCategory" }) {
			terms.append(terms.isEmpty() ? "" : ", ").append('"').append(term).append("\": \"").append(CITY).append(term).append('"');
		}
		contextServer = UserContext.serve("{\"@context\": [{" + terms + "}, \"" + NgsiLd.CORE_CONTEXT + "\"]}");
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
		tenant = "d" + UUID.randomUUID().toString().substring(0, 8);
	}

	// ---- types (022, 023, 024, 577)

	@Test
	void entityTypesByNameAndWithTheirAttributes_022_01_023_01() throws Exception {
		buildingsAndAVehicle(1);
		// 022_01_01: without a context, the types are IRIs; the list's own id is the broker's
		var list = object(get("/ngsi-ld/v1/types/?details=false", null));
		assertThat(list.getString("id")).startsWith("urn:ngsi-ld:EntityTypeList:");
		assertSame(without(list, "id"), """
				{"type": "EntityTypeList", "typeList": ["%sBuilding", "%sVehicle"]}""".formatted(CITY, CITY));
		// 022_01_02: with it, their names
		assertSame(without(object(get("/ngsi-ld/v1/types/?details=false", userContext)), "id"), """
				{"type": "EntityTypeList", "typeList": ["Building", "Vehicle"]}""");
		// 023_01_01 and _02: each type with the names of its entities' attributes (not their sub-attributes);
		// isParked is the core context's default vocabulary, a name in either
		assertSame(array(get("/ngsi-ld/v1/types/?details=true", null)), """
				[{"id": "%1$sBuilding", "type": "EntityType", "typeName": "%1$sBuilding",
				  "attributeNames": ["%1$sname", "%1$ssubCategory", "%1$sairQualityLevel", "%1$salmostFull"]},
				 {"id": "%1$sVehicle", "type": "EntityType", "typeName": "%1$sVehicle",
				  "attributeNames": ["%1$sbrandName", "isParked"]}]""".formatted(CITY));
		assertSame(array(get("/ngsi-ld/v1/types?details=true", userContext)), """
				[{"id": "%1$sBuilding", "type": "EntityType", "typeName": "Building",
				  "attributeNames": ["name", "subCategory", "airQualityLevel", "almostFull"]},
				 {"id": "%1$sVehicle", "type": "EntityType", "typeName": "Vehicle", "attributeNames": ["brandName", "isParked"]}]"""
			.formatted(CITY));
	}

	@Test
	void oneEntityTypeWithItsCountAndAttributeTypes_024_01_024_02() throws Exception {
		buildingsAndAVehicle(2);
		var expected = """
				{"id": "%1$sBuilding", "type": "EntityTypeInfo", "typeName": "Building", "entityCount": 2,
				 "attributeDetails": [
				   {"id": "%1$sname", "type": "Attribute", "attributeName": "name", "attributeTypes": ["Property"]},
				   {"id": "%1$ssubCategory", "type": "Attribute", "attributeName": "subCategory", "attributeTypes": ["Property"]},
				   {"id": "%1$sairQualityLevel", "type": "Attribute", "attributeName": "airQualityLevel", "attributeTypes": ["Property"]},
				   {"id": "%1$salmostFull", "type": "Attribute", "attributeName": "almostFull", "attributeTypes": ["Property"]}]}"""
			.formatted(CITY);
		assertSame(object(get("/ngsi-ld/v1/types/Building", userContext)), expected);
		// 024_02_02: by its IRI, percent-encoded as a client puts one in a path
		assertSame(object(get("/ngsi-ld/v1/types/" + encode(CITY + "Building"), userContext)), expected);
		// 024_01_01: without the context, Building is another type, which no entity has
		assertProblem(get("/ngsi-ld/v1/types/Building", null), 404, "ResourceNotFound");
		assertProblem(get("/ngsi-ld/v1/types/NoSuchType", userContext), 404, "ResourceNotFound");
		// 577_01_02: a parameter the operation does not take, before anything is looked up
		assertProblem(get("/ngsi-ld/v1/types/Building?details=true", null), 400, "InvalidRequest");
		assertProblem(get("/ngsi-ld/v1/types?details=maybe", null), 400, "BadRequestData");
		assertProblem(get("/ngsi-ld/v1/types?limit=5", null), 400, "InvalidRequest");
	}

	@Test
	void typesAreEachTenantsOwnAndAnEntityWithoutAttributesCounts_577_01_03() throws Exception {
		var other = "e" + UUID.randomUUID().toString().substring(0, 8);
		assertThat(send(writer, tenant, HttpRequest.newBuilder(uri("/ngsi-ld/v1/entities"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"id\": \"urn:ngsi-ld:Building:a1\", \"type\": \"TenantAType\"}")))
			.statusCode()).isEqualTo(201);
		assertThat(send(writer, other, HttpRequest.newBuilder(uri("/ngsi-ld/v1/entities"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"id\": \"urn:ngsi-ld:Building:b1\", \"type\": \"Building\"}")))
			.statusCode()).isEqualTo(201);
		assertSame(without(object(get("/ngsi-ld/v1/types", null)), "id"),
				"{\"type\": \"EntityTypeList\", \"typeList\": [\"TenantAType\"]}");
		var theirs = object(send(reader, other, HttpRequest.newBuilder(uri("/ngsi-ld/v1/types")).GET()));
		assertThat(theirs.getJsonArray("typeList").toString()).isEqualTo("[\"Building\"]");
		assertProblem(send(reader, other, HttpRequest.newBuilder(uri("/ngsi-ld/v1/types/TenantAType")).GET()), 404,
				"ResourceNotFound");
		assertSame(object(get("/ngsi-ld/v1/types/TenantAType", null)), """
				{"id": "https://uri.etsi.org/ngsi-ld/default-context/TenantAType", "type": "EntityTypeInfo",
				 "typeName": "TenantAType", "entityCount": 1, "attributeDetails": []}""");
	}

	// ---- attributes (025, 026, 027, 5710)

	@Test
	void attributesByNameAndWithTheirTypes_025_01_026_01() throws Exception {
		buildingsAndAVehicle(1);
		var list = object(get("/ngsi-ld/v1/attributes?details=false", null));
		assertThat(list.getString("id")).startsWith("urn:ngsi-ld:AttributeList:");
		assertSame(without(list, "id"), """
				{"type": "AttributeList", "attributeList": ["%1$sname", "%1$ssubCategory", "%1$sairQualityLevel",
				 "%1$salmostFull", "%1$sbrandName", "isParked"]}""".formatted(CITY));
		assertSame(without(object(get("/ngsi-ld/v1/attributes", userContext)), "id"), """
				{"type": "AttributeList", "attributeList": ["name", "subCategory", "airQualityLevel", "almostFull",
				 "brandName", "isParked"]}""");
		assertSame(array(get("/ngsi-ld/v1/attributes?details=true", userContext)), """
				[{"id": "%1$sname", "type": "Attribute", "attributeName": "name", "typeNames": ["Building"]},
				 {"id": "%1$ssubCategory", "type": "Attribute", "attributeName": "subCategory", "typeNames": ["Building"]},
				 {"id": "%1$sairQualityLevel", "type": "Attribute", "attributeName": "airQualityLevel", "typeNames": ["Building"]},
				 {"id": "%1$salmostFull", "type": "Attribute", "attributeName": "almostFull", "typeNames": ["Building"]},
				 {"id": "%1$sbrandName", "type": "Attribute", "attributeName": "brandName", "typeNames": ["Vehicle"]},
				 {"id": "https://uri.etsi.org/ngsi-ld/default-context/isParked", "type": "Attribute",
				  "attributeName": "isParked", "typeNames": ["Vehicle"]}]""".formatted(CITY));
	}

	@Test
	void oneAttributeWithItsCountTypesAndEntityTypes_027_01_027_02_5710_01() throws Exception {
		buildingsAndAVehicle(3);
		var expected = """
				{"id": "%1$sairQualityLevel", "type": "Attribute", "attributeName": "airQualityLevel", "attributeCount": 3,
				 "attributeTypes": ["Property"], "typeNames": ["Building"]}""".formatted(CITY);
		assertSame(object(get("/ngsi-ld/v1/attributes/airQualityLevel", userContext)), expected);
		assertSame(object(get("/ngsi-ld/v1/attributes/" + encode(CITY + "airQualityLevel"), userContext)), expected);
		assertSame(object(get("/ngsi-ld/v1/attributes/isParked", null)), """
				{"id": "https://uri.etsi.org/ngsi-ld/default-context/isParked", "type": "Attribute", "attributeName": "isParked",
				 "attributeCount": 1, "attributeTypes": ["Relationship"], "typeNames": ["%sVehicle"]}""".formatted(CITY));
		assertProblem(get("/ngsi-ld/v1/attributes/airQualityLevel", null), 404, "ResourceNotFound");
		assertProblem(get("/ngsi-ld/v1/attributes/noSuchAttribute", userContext), 404, "ResourceNotFound");
		// 5710_01_02: an entity's own members and an attribute's are no attributes to discover
		for (var member : new String[] { "id", "type", "scope", "createdAt", "modifiedAt", "deletedAt", "observedAt",
				"unitCode", "providedBy" }) {
			assertProblem(get("/ngsi-ld/v1/attributes/" + member, userContext), 404, "ResourceNotFound");
		}
		assertProblem(get("/ngsi-ld/v1/attributes?limit=5", null), 400, "InvalidRequest");
		assertProblem(get("/ngsi-ld/v1/attributes/temperature?details=true", null), 400, "InvalidRequest");
	}

	@Test
	void anAnswerAsJsonLdCarriesItsContext() throws Exception {
		buildingsAndAVehicle(1);
		var response = send(reader, tenant, HttpRequest.newBuilder(uri("/ngsi-ld/v1/types/Vehicle"))
			.header("Accept", "application/ld+json")
			.header("Link", link(userContext))
			.GET());
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/ld+json");
		var body = object(response);
		assertThat(body.get("@context").toString()).contains(userContext);
		assertThat(body.getString("typeName")).isEqualTo("Vehicle");
	}

	// ---- tenants (414, 5510)

	@Test
	void aTenantNeverCreatedIsNonexistentUntilSomethingIsCreatedInIt_5510_01_414_01() throws Exception {
		var response = get("/ngsi-ld/v1/entities?type=Building", null);
		assertProblem(response, 404, "NonexistentTenant");
		assertThat(response.headers().firstValue("NGSILD-Tenant")).hasValue(tenant);
		for (var path : new String[] { "/ngsi-ld/v1/types", "/ngsi-ld/v1/attributes", "/ngsi-ld/v1/subscriptions",
				"/ngsi-ld/v1/entities/urn:ngsi-ld:Building:x", "/ngsi-ld/v1/temporal/entities/urn:ngsi-ld:Building:x" }) {
			assertProblem(get(path, null), 404, "NonexistentTenant");
		}
		// a refused create creates no tenant
		var refused = send(writer, tenant, HttpRequest.newBuilder(uri("/ngsi-ld/v1/entities"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"id\": \"not a uri\", \"type\": \"Building\"}")));
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.headers().firstValue("NGSILD-Tenant")).hasValue(tenant);
		assertProblem(get("/ngsi-ld/v1/entities?type=Building", null), 404, "NonexistentTenant");
		var created = send(writer, tenant, HttpRequest.newBuilder(uri("/ngsi-ld/v1/entities"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"id\": \"urn:ngsi-ld:Building:t1\", \"type\": \"Building\"}")));
		assertThat(created.statusCode()).isEqualTo(201);
		assertThat(created.headers().firstValue("NGSILD-Tenant")).hasValue(tenant);
		var found = get("/ngsi-ld/v1/entities?type=Building", null);
		assertThat(found.statusCode()).isEqualTo(200);
		assertThat(found.headers().firstValue("NGSILD-Tenant")).hasValue(tenant);
		assertThat(found.body()).contains("urn:ngsi-ld:Building:t1");
		// 414_01_01: the default tenant does not see it, and is never NonexistentTenant
		var fromDefault = http.send(HttpRequest.newBuilder(uri("/ngsi-ld/v1/entities/urn:ngsi-ld:Building:t1"))
			.header("Authorization", "Bearer " + reader)
			.build(), HttpResponse.BodyHandlers.ofString());
		assertProblem(fromDefault, 404, "ResourceNotFound");
		assertThat(fromDefault.headers().firstValue("NGSILD-Tenant")).isEmpty();
	}

	// ---- the entities: two kinds, as the suite's Building and Vehicle

	private void buildingsAndAVehicle(int buildings) throws Exception {
		for (int i = 0; i < buildings; i++) {
			create("""
					{"id": "urn:ngsi-ld:Building:b%d", "type": "Building",
					 "name": {"type": "Property", "value": "Sapporo Clock Tower"},
					 "subCategory": {"type": "Property", "value": "tourism"},
					 "airQualityLevel": {"type": "Property", "value": 4, "unitCode": "C62", "observedAt": "2026-12-01T09:00:00Z"},
					 "almostFull": {"type": "Property", "value": false}}""".formatted(i));
		}
		create("""
				{"id": "urn:ngsi-ld:Vehicle:v1", "type": "Vehicle", "brandName": {"type": "Property", "value": "Isuzu"},
				 "isParked": {"type": "Relationship", "object": "urn:ngsi-ld:OffStreetParking:Downtown1",
				   "observedAt": "2026-12-01T09:00:00Z",
				   "providedBy": {"type": "Relationship", "object": "urn:ngsi-ld:Person:Bob"}}}""");
	}

	private void create(String body) throws Exception {
		var response = send(writer, tenant, HttpRequest.newBuilder(uri("/ngsi-ld/v1/entities"))
			.header("Content-Type", "application/json")
			.header("Link", link(userContext))
			.POST(HttpRequest.BodyPublishers.ofString(body)));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
	}

	// ---- HTTP and JSON

	private HttpResponse<String> get(String path, String context) throws Exception {
		var request = HttpRequest.newBuilder(uri(path)).GET();
		if (context != null) {
			request.header("Link", link(context));
		}
		return send(reader, tenant, request);
	}

	private HttpResponse<String> send(String token, String tenantName, HttpRequest.Builder request) throws Exception {
		return http.send(request.header("Authorization", "Bearer " + token).header("NGSILD-Tenant", tenantName).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + port + path);
	}

	private static String link(String context) {
		return "<" + context + ">; rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\"";
	}

	private static String encode(String iri) {
		return URLEncoder.encode(iri, StandardCharsets.UTF_8);
	}
}
