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
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.identity.PartnerClients;

/**
 * Context source registrations over HTTP (NGSI-LD clauses 5.9 and 5.10) as the ETSI suite's
 * purposes 033 to 037 and their extensions (436_03, 5234, 5922, 51024) describe them: registered,
 * given back as written with names in the reader's context, refused when they are no registration,
 * updated, deleted and queried. Answers are compared whole in any order, as the suite compares
 * them. Each test keeps its registrations in a tenant of its own.
 */
@TsunaguTest
class HubRegistrationTests {

	static final String CITY = "https://example.org/city#";

	static final String DEFAULT = "https://uri.etsi.org/ngsi-ld/default-context/";

	static UserContext contextServer;

	static String ctx;

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

	@BeforeAll
	static void serveUserContext() throws Exception {
		var terms = new StringBuilder();
		for (var term : new String[] { "Building", "Bus", "BusDepot", "brandName", "speed", "name", "subCategory" }) {
			terms.append(terms.isEmpty() ? "" : ", ").append('"').append(term).append("\": \"").append(CITY).append(term).append('"');
		}
		contextServer = UserContext.serve("{\"@context\": [{" + terms + "}, \"" + NgsiLd.CORE_CONTEXT + "\"]}");
		ctx = contextServer.url;
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
		tenant = "r" + UUID.randomUUID().toString().substring(0, 8);
	}

	/** A registration of buses and bus depots, as the suite's of vehicles and parkings. */
	static String full(String id, String more) {
		return """
				{"id": "%s", "type": "ContextSourceRegistration",
				 "information": [
				   {"entities": [{"id": "urn:ngsi-ld:Bus:S550", "type": "Bus"}],
				    "propertyNames": ["brandName", "speed"], "relationshipNames": ["isParked"]},
				   {"entities": [{"idPattern": ".*atsubetsu$", "type": "BusDepot"}, {"idPattern": ".*47$", "type": "BusDepot"}],
				    "propertyNames": ["availableSpotNumber", "totalSpotNumber"], "relationshipNames": ["isNextToBuilding"]}],
				 "endpoint": "http://bus.example.org:1026"%s}""".formatted(id, more);
	}

	static String building(String id, String more) {
		return """
				{"id": "%s", "type": "ContextSourceRegistration",
				 "information": [{"entities": [{"type": "Building"}], "propertyNames": ["name", "subCategory"],
				   "relationshipNames": ["locatedAt"]}],
				 "endpoint": "http://building.example.org:1026"%s}""".formatted(id, more);
	}

	// ---- register and retrieve (033, 036)

	@Test
	void aRegistrationIsGivenBackAsWrittenInTheReadersContext_033_01_033_07_036_03_036_04_036_05() throws Exception {
		var id = newId();
		var created = create(withContext(full(id, "")), "application/ld+json", null);
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		assertThat(created.body()).isEmpty();
		assertThat(created.headers().firstValue("Location")).hasValue("/ngsi-ld/v1/csourceRegistrations/" + id);
		// with the context it was written in, as written
		var asLd = send(reader, HttpRequest.newBuilder(uri("/ngsi-ld/v1/csourceRegistrations/" + id))
			.header("Link", link(ctx)).header("Accept", "application/ld+json").GET());
		var ld = object(asLd);
		assertThat(ld.get("@context").toString()).contains(ctx);
		assertSame(without(ld, "@context"), full(id, ""));
		assertSame(object(get("/ngsi-ld/v1/csourceRegistrations/" + id, ctx)), full(id, ""));
		// without a context, its names as IRIs (those of the core's default vocabulary stay short)
		assertSame(object(get("/ngsi-ld/v1/csourceRegistrations/" + id, null)), full(id, "")
			.replace("\"Bus\"", "\"" + CITY + "Bus\"").replace("\"BusDepot\"", "\"" + CITY + "BusDepot\"")
			.replace("\"brandName\"", "\"" + CITY + "brandName\"").replace("\"speed\"", "\"" + CITY + "speed\""));
	}

	@Test
	void itsModeOperationsLocationAndExpiryAreKeptAsSent_033_01_02_to_04_033_11() throws Exception {
		var more = ", \"mode\": \"redirect\", \"operations\": [\"queryEntity\", \"queryTemporal\", \"updateOps\"],"
				+ " \"location\": {\"type\": \"Point\", \"coordinates\": [141.47, 43.04]}, \"expiresAt\": \"2035-11-29T14:53:15Z\"";
		var id = newId();
		assertThat(create(withContext(full(id, more)), "application/ld+json", null).statusCode()).isEqualTo(201);
		assertSame(object(get("/ngsi-ld/v1/csourceRegistrations/" + id, ctx)), full(id, more));
		// without an id, the hub makes one, which its Location gives
		var made = create(withContext(full(id, "")).replace("\"id\": \"" + id + "\", ", ""), "application/ld+json", null);
		assertThat(made.statusCode()).isEqualTo(201);
		var location = made.headers().firstValue("Location").orElseThrow();
		var madeId = location.substring(location.lastIndexOf('/') + 1);
		assertThat(madeId).startsWith("urn:ngsi-ld:ContextSourceRegistration:");
		assertSame(object(get(location, ctx)), full(madeId, ""));
	}

	@Test
	void aRegistrationInPlainJsonTakesItsContextFromTheLinkOrTheCore_033_04_033_05() throws Exception {
		var linked = newId();
		var body = "{\"id\": \"" + linked + "\", \"type\": \"ContextSourceRegistration\", \"information\": [{\"entities\": "
				+ "[{\"type\": \"Building\"}]}], \"endpoint\": \"http://building.example.org\"}";
		assertThat(create(body, "application/json", ctx).statusCode()).isEqualTo(201);
		assertThat(typeOf(object(get("/ngsi-ld/v1/csourceRegistrations/" + linked, ctx)))).isEqualTo("Building");
		assertThat(typeOf(object(get("/ngsi-ld/v1/csourceRegistrations/" + linked, null)))).isEqualTo(CITY + "Building");
		var plain = newId();
		assertThat(create(body.replace(linked, plain), "application/json", null).statusCode()).isEqualTo(201);
		assertThat(typeOf(object(get("/ngsi-ld/v1/csourceRegistrations/" + plain, null)))).isEqualTo("Building");
		// in a context where Building is another type, the default vocabulary's Building is a compact IRI
		assertThat(typeOf(object(get("/ngsi-ld/v1/csourceRegistrations/" + plain, ctx))))
			.isEqualTo("ngsi-ld:default-context/Building");
	}

	@Test
	void whatIsNoRegistrationIsRefusedAndNothingIsStored_033_02_033_06_033_08_033_09_033_10_033_12_5234_436_03_5922_01()
			throws Exception {
		var id = newId();
		assertProblem(create(withContext("{\"id\": \"" + id + "\", \"type\": \"ContextSourceRegistration\", \"information\": null,"
				+ " \"endpoint\": \"http://x.example.org\"}"), "application/ld+json", null), 400, "BadRequestData");
		assertProblem(create(withContext(full(id, "")), "application/json", null), 400, "BadRequestData");
		assertProblem(create(full(id, ""), "application/ld+json", null), 400, "BadRequestData");
		assertProblem(create(withContext(full(id, "")), "application/ld+json", ctx), 400, "BadRequestData");
		assertProblem(create("{\"id\": \"" + id + "\", \"type\": \"ContextSourceRegistration\",, }", "application/json", null), 400,
				"InvalidRequest");
		for (var wrong : List.of(
				"{\"id\": \"" + id + "\", \"type\": \"ContextSourceRegistration\"}",
				full(id, ", \"expiresAt\": \" 2018-11-29T14:53:15Z\""),
				full(id, ", \"expiresAt\": \"2018-11-29T14:53:15Z\""),
				full(id, ", \"expiresAt\": \"tomorrow\""),
				full(id, "").replace("\"ContextSourceRegistration\"", "\"Registration\""),
				full(id, "").replace("http://bus.example.org:1026", "not a url"),
				full(id, "").replace("\"id\": \"" + id + "\"", "\"id\": \"no uri\""),
				full(id, ", \"mode\": \"sometimes\""),
				full(id, ", \"operations\": [\"flyEntity\"]"),
				full(id, ", \"location\": {\"type\": \"Point\", \"coordinates\": \"here\"}"),
				full(id, ", \"observationInterval\": {\"endAt\": \"2020-08-01T22:07:00Z\"}"),
				full(id, ", \"managementInterval\": {\"startAt\": \"2021-08-01T22:07:00Z\", \"endAt\": \"2020-08-01T22:07:00Z\"}"),
				full(id, ", \"contextSourceInfo\": [{\"key\": \"X-Auth-Token\", \"value\": 123}]"),
				full(id, ", \"contextSourceInfo\": [{\"key\": \"X-Auth-Token\", \"value\": [\"a\"]}]"),
				full(id, ", \"contextSourceInfo\": [{\"key\": \"X-Custom\"}]"),
				full(id, ", \"contextSourceInfo\": [{\"key\": 5, \"value\": \"v\"}]"),
				full(id, ", \"management\": \"yes\""),
				full(id, ", \"management\": {\"cacheDuration\": \"bogus\"}"),
				full(id, ", \"management\": {\"cooldown\": 0}"),
				full(id, ", \"management\": {\"timeout\": -5}"),
				full(id, ", \"management\": {\"localOnly\": \"yes\"}"),
				full(id, ", \"scope\": \"no scope\""),
				"{\"id\": \"" + id + "\", \"type\": \"ContextSourceRegistration\", \"information\": [{\"entities\": [{\"type\": \"Bus\"}]}],"
						+ " \"endpoint\": \"http://x.example.org\", \"mode\": \"exclusive\", \"operations\": [\"redirectionOps\"]}",
				"{\"id\": \"" + id + "\", \"type\": \"ContextSourceRegistration\", \"information\": [{\"entities\": [{\"idPattern\": "
						+ "\"urn:ngsi-ld:Bus:.*\", \"type\": \"Bus\"}], \"propertyNames\": [\"speed\"]}], \"endpoint\": \"http://x.example.org\","
						+ " \"mode\": \"exclusive\"}",
				"{\"id\": \"" + id + "\", \"type\": \"ContextSourceRegistration\", \"information\": [{\"entities\": [{\"type\": \"Building\"}]}],"
						+ " \"endpoint\": \"http://x.example.org\", \"mode\": \"auxiliary\", \"operations\": [\"updateEntity\"]}",
				"{\"id\": \"" + id + "\", \"type\": \"ContextSourceRegistration\", \"information\": [{}], \"endpoint\": \"http://x.example.org\"}",
				"{\"id\": \"" + id + "\", \"type\": \"ContextSourceRegistration\", \"information\": [{\"entities\": [{\"id\": \"urn:x:1\"}]}],"
						+ " \"endpoint\": \"http://x.example.org\"}")) {
			assertProblem(create(wrong, "application/json", ctx), 400, "BadRequestData");
		}
		// 033_12_01, 5234_01_01: good ones of the same
		assertThat(create(full(id, ", \"contextSourceInfo\": [{\"key\": \"X-Auth-Token\", \"value\": \"abc\"}], \"management\": "
				+ "{\"cacheDuration\": \"PT5M\", \"cooldown\": 500, \"timeout\": 3000, \"localOnly\": true}, \"mode\": \"auxiliary\""),
				"application/json", ctx).statusCode()).isEqualTo(201);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM hub_registration WHERE tenant = ?", Long.class, tenant))
			.as("only the good one is stored").isEqualTo(1);
		// 036_01, 036_02, 035_02, 035_03, 034_06
		assertProblem(get("/ngsi-ld/v1/csourceRegistrations/invalidUri", null), 400, "BadRequestData");
		assertProblem(get("/ngsi-ld/v1/csourceRegistrations/urn:ngsi-ld:ContextSourceRegistration:unknown", null), 404,
				"ResourceNotFound");
		assertProblem(send(writer, HttpRequest.newBuilder(uri("/ngsi-ld/v1/csourceRegistrations/invalidUri")).DELETE()), 400,
				"BadRequestData");
		assertProblem(send(writer, HttpRequest.newBuilder(uri("/ngsi-ld/v1/csourceRegistrations/" + newId())).DELETE()), 404,
				"ResourceNotFound");
		assertThat(send(writer, HttpRequest.newBuilder(uri("/ngsi-ld/v1/csourceRegistrations/")).DELETE()).statusCode())
			.isEqualTo(405);
		assertThat(patch("/ngsi-ld/v1/csourceRegistrations/", "{\"endpoint\": \"http://x.example.org\"}", "application/json")
			.statusCode()).isEqualTo(405);
	}

	@Test
	void aSecondOfTheSameIdOrAnOverlappingExclusiveIsAConflict_033_03_436_03_5922_01() throws Exception {
		var id = newId();
		assertThat(create(withContext(full(id, "")), "application/ld+json", null).statusCode()).isEqualTo(201);
		assertProblem(create(withContext(full(id, "")), "application/ld+json", null), 409, "AlreadyExists");
		var bus = "\"information\": [{\"entities\": [{\"id\": \"urn:ngsi-ld:Bus:S551\", \"type\": \"Bus\"}], \"propertyNames\": [\"speed\"]}],"
				+ " \"endpoint\": \"http://depot.example.org:8086\", \"operations\": [\"redirectionOps\"]";
		assertThat(create(registration(newId(), bus + ", \"mode\": \"exclusive\""), "application/json", ctx).statusCode())
			.isEqualTo(201);
		for (var mode : List.of("exclusive", "redirect")) {
			var conflict = create(registration(newId(), bus + ", \"mode\": \"" + mode + "\""), "application/json", ctx);
			assertProblem(conflict, 409, "AlreadyExists");
			assertThat(conflict.body()).contains("Conflict");
		}
		// redirects may overlap each other; an inclusive one anything
		var other = bus.replace("S551", "S552");
		assertThat(create(registration(newId(), other + ", \"mode\": \"redirect\""), "application/json", ctx).statusCode())
			.isEqualTo(201);
		assertThat(create(registration(newId(), other + ", \"mode\": \"redirect\""), "application/json", ctx).statusCode())
			.isEqualTo(201);
		assertThat(create(registration(newId(), bus), "application/json", ctx).statusCode()).isEqualTo(201);
	}

	@Test
	void aRedirectOrExclusiveRegistrationOfAnEntityTheHubHoldsIsAConflict_5922_01_02_03() throws Exception {
		var entity = send(writer, HttpRequest.newBuilder(uri("/ngsi-ld/v1/entities"))
			.header("Content-Type", "application/json").header("Link", link(ctx))
			.POST(HttpRequest.BodyPublishers.ofString("{\"id\": \"urn:ngsi-ld:Building:clock\", \"type\": \"Building\", "
					+ "\"subCategory\": {\"type\": \"Property\", \"value\": \"tourism\"}}")));
		assertThat(entity.statusCode()).isEqualTo(201);
		var redirect = create(registration(newId(), "\"information\": [{\"entities\": [{\"type\": \"Building\", \"id\": "
				+ "\"urn:ngsi-ld:Building:clock\"}]}], \"endpoint\": \"http://source.example.com\", \"mode\": \"redirect\","
				+ " \"operations\": [\"retrieveOps\"]"), "application/json", ctx);
		assertProblem(redirect, 409, "AlreadyExists");
		assertThat(redirect.body()).contains("Conflict");
		assertProblem(create(registration(newId(), "\"information\": [{\"entities\": [{\"type\": \"Building\", \"id\": "
				+ "\"urn:ngsi-ld:Building:clock\"}], \"propertyNames\": [\"subCategory\"]}], \"endpoint\": \"http://source.example.com\","
				+ " \"mode\": \"exclusive\""), "application/json", ctx), 409, "AlreadyExists");
		// an exclusive one of another attribute of it leaves the hub's own alone
		assertThat(create(registration(newId(), "\"information\": [{\"entities\": [{\"type\": \"Building\", \"id\": "
				+ "\"urn:ngsi-ld:Building:clock\"}], \"propertyNames\": [\"name\"]}], \"endpoint\": \"http://source.example.com\","
				+ " \"mode\": \"exclusive\""), "application/json", ctx).statusCode()).isEqualTo(201);
	}

	// ---- update and delete (034, 035)

	@Test
	void anUpdateReplacesTheMembersGivenAndNullRemovesOne_034_01_to_06_035_01() throws Exception {
		var id = newId();
		assertThat(create(withContext(full(id, ", \"expiresAt\": \"2035-11-29T14:53:15Z\"")), "application/ld+json", null)
			.statusCode()).isEqualTo(201);
		var updated = patch("/ngsi-ld/v1/csourceRegistrations/" + id,
				"{\"id\": \"" + id + "\", \"endpoint\": \"http://new.bus.example.org:1026\"}", "application/json");
		assertThat(updated.statusCode()).as(updated.body()).isEqualTo(204);
		assertThat(object(get("/ngsi-ld/v1/csourceRegistrations/" + id, null)).getString("endpoint"))
			.isEqualTo("http://new.bus.example.org:1026");
		assertThat(patch("/ngsi-ld/v1/csourceRegistrations/" + id, "{\"expiresAt\": null}", "application/json").statusCode())
			.isEqualTo(204);
		assertThat(object(get("/ngsi-ld/v1/csourceRegistrations/" + id, null))).doesNotContainKey("expiresAt");
		assertThat(patch("/ngsi-ld/v1/csourceRegistrations/" + id, "{\"expiresAt\": null}", "application/json").statusCode())
			.as("removing what is not there").isEqualTo(204);
		for (var wrong : List.of("{\"type\": \"building\"}", "{\"information\": null}", "{\"endpoint\": null}",
				"{\"information\": []}", "{\"id\": \"urn:ngsi-ld:ContextSourceRegistration:other\"}")) {
			assertProblem(patch("/ngsi-ld/v1/csourceRegistrations/" + id, wrong, "application/json"), 400, "BadRequestData");
		}
		assertProblem(patch("/ngsi-ld/v1/csourceRegistrations/invalidURI", "{\"endpoint\": \"http://x.example.org\"}",
				"application/json"), 400, "BadRequestData");
		assertProblem(patch("/ngsi-ld/v1/csourceRegistrations/" + id, "{\"endpoint\":, }", "application/json"), 400,
				"InvalidRequest");
		assertProblem(patch("/ngsi-ld/v1/csourceRegistrations/" + newId(), withContext(full(newId(), "")), "application/ld+json"),
				404, "ResourceNotFound");
		assertThat(object(get("/ngsi-ld/v1/csourceRegistrations/" + id, null)).getString("endpoint"))
			.as("a refused update changes nothing").isEqualTo("http://new.bus.example.org:1026");
		assertThat(send(writer, HttpRequest.newBuilder(uri("/ngsi-ld/v1/csourceRegistrations/" + id)).DELETE()).statusCode())
			.isEqualTo(204);
		assertProblem(get("/ngsi-ld/v1/csourceRegistrations/" + id, ctx), 404, "ResourceNotFound");
	}

	// ---- query (037, 51024)

	@Test
	void aQueryFindsTheRegistrationsOfTheEntitiesAndAttributesAsked_037_01_037_04_037_05_037_06_037_08_037_10() throws Exception {
		var bus = newId();
		var buildings = newId();
		var own = newId();
		var names = newId();
		assertThat(create(withContext(full(bus, "")), "application/ld+json", null).statusCode()).isEqualTo(201);
		assertThat(create(withContext(building(buildings, "")), "application/ld+json", null).statusCode()).isEqualTo(201);
		assertThat(create(withContext(building(own, ", \"csourceProperty1\": \"aValue\", \"csourceProperty2\": \"anotherValue\"")),
				"application/ld+json", null).statusCode()).isEqualTo(201);
		var onlyNames = "{\"id\": \"" + names + "\", \"type\": \"ContextSourceRegistration\", \"information\": [{\"propertyNames\": "
				+ "[\"name\", \"subCategory\"]}], \"endpoint\": \"http://names.example.org\"}";
		assertThat(create(withContext(onlyNames), "application/ld+json", null).statusCode()).isEqualTo(201);
		var all = List.of(bus, buildings, own, names);
		assertThat(ids(query("type=Building", ctx))).containsExactlyInAnyOrder(buildings, own, names);
		assertThat(ids(query("attrs=locatedAt", ctx))).containsExactlyInAnyOrder(buildings, own);
		// one that names no entities holds any entity
		assertThat(ids(query("type=Bus", ctx))).containsExactlyInAnyOrder(bus, names);
		assertThat(ids(query("type=BusDepot&idPattern=.*atsubetsu$", ctx))).containsExactlyInAnyOrder(bus, names);
		assertThat(ids(query("type=Building&attrs=name,locatedAt", ctx))).containsExactlyInAnyOrder(buildings, own, names);
		assertThat(ids(query("id=urn:ngsi-ld:Building:1,urn:ngsi-ld:Building:2", ctx))).containsExactlyInAnyOrder(buildings, own,
				names);
		assertThat(ids(query("id=urn:ngsi-ld:Bus:S550", ctx))).containsExactlyInAnyOrder(bus, buildings, own, names);
		assertThat(ids(query("q=" + encode("csourceProperty1==\"aValue\""), ctx))).containsExactly(own);
		assertThat(ids(query("csf=" + encode("endpoint==\"http://names.example.org\""), ctx))).containsExactly(names);
		// without a context, its IRI; each answer whole, as written
		var found = array(query("id=" + own + "&type=" + encode(CITY + "Building"), null));
		assertThat(found).hasSize(3);
		var ownAnswer = found.stream().map(JsonValue::asJsonObject).filter(r -> r.getString("id").equals(own)).findFirst()
			.orElseThrow();
		assertSame(ownAnswer, building(own, ", \"csourceProperty1\": \"aValue\", \"csourceProperty2\": \"anotherValue\"")
			.replace("\"Building\"", "\"" + CITY + "Building\"").replace("\"name\"", "\"" + CITY + "name\"")
			.replace("\"subCategory\"", "\"" + CITY + "subCategory\""));
		assertThat(all).containsAll(ids(query("type=Building,Bus", ctx)));
		// 037_02, 037_03: no filter, or a wrong one
		for (var wrong : List.of("", "id=invalidUri", "q=" + encode("(invalidQuery"), "georel=within", "timerel=before",
				"limit=5", "type=Building&georel=near;maxDistance==10", "nonsense=1")) {
			assertProblem(query(wrong, ctx), 400, "BadRequestData");
		}
	}

	@Test
	void aQueryByLocationScopeAndTimeAndItsPages_037_07_037_09_037_11_51024_01() throws Exception {
		var madrid = newId();
		var berlin = newId();
		var observed = newId();
		var managed = newId();
		assertThat(create(withContext(building(madrid, ", \"scope\": \"/Sapporo/Atsubetsu\", \"location\": {\"type\": \"Point\","
				+ " \"coordinates\": [141.4703, 43.0375]}")), "application/ld+json", null).statusCode()).isEqualTo(201);
		assertThat(create(withContext(building(berlin, ", \"scope\": \"/Otaru\"")), "application/ld+json", null).statusCode())
			.isEqualTo(201);
		assertThat(create(withContext(building(observed, ", \"observationInterval\": {\"startAt\": \"2020-08-01T22:07:00Z\","
				+ " \"endAt\": \"2021-08-01T21:07:00Z\"}")), "application/ld+json", null).statusCode()).isEqualTo(201);
		assertThat(create(withContext(building(managed, ", \"managementInterval\": {\"startAt\": \"2020-08-01T22:07:00Z\","
				+ " \"endAt\": \"2021-08-01T21:07:00Z\"}")), "application/ld+json", null).statusCode()).isEqualTo(201);
		assertThat(ids(query("type=Building&georel=" + encode("near;maxDistance==2000") + "&geometry=Point&coordinates="
				+ encode("[141.46,43.03]"), ctx))).containsExactly(madrid);
		assertThat(ids(query("type=Building&georel=within&geometry=Polygon&geoproperty=location&coordinates="
				+ encode("[[[141.0,42.5],[142.0,42.5],[142.0,43.5],[141.0,43.5],[141.0,42.5]]]"), ctx))).containsExactly(madrid);
		assertThat(ids(query("type=Building&georel=" + encode("near;maxDistance==2000") + "&geometry=Point&coordinates="
				+ encode("[139.7,35.7]"), ctx))).isEmpty();
		assertThat(ids(query("type=Building&scopeQ=" + encode("/Sapporo/#"), ctx))).containsExactly(madrid);
		assertThat(ids(query("type=Building&scopeQ=" + encode("/Sapporo/+,/Otaru"), ctx))).containsExactlyInAnyOrder(madrid, berlin);
		assertThat(ids(query("type=Building&scopeQ=/Sapporo", ctx))).isEmpty();
		var before = "type=Building&timerel=before&timeAt=2021-08-01T22:00:00Z";
		assertThat(ids(query(before + "&timeproperty=observedAt", ctx))).containsExactly(observed);
		assertThat(ids(query(before, ctx))).containsExactly(observed);
		assertThat(ids(query(before + "&timeproperty=createdAt", ctx))).containsExactly(managed);
		assertThat(ids(query(before + "&timeproperty=modifiedAt", ctx))).containsExactly(managed);
		assertThat(ids(query("type=Building&timerel=after&timeAt=2021-09-01T00:00:00Z", ctx))).isEmpty();
		// pages of four, in the order they were made, with prev and next links
		var second = query("type=Building&limit=1&offset=2", ctx);
		assertThat(ids(second)).containsExactly(observed);
		assertThat(second.headers().allValues("Link")).anyMatch(l -> l.contains(
				"</ngsi-ld/v1/csourceRegistrations?type=Building&limit=1&offset=1>; rel=\"prev\""))
			.anyMatch(l -> l.contains("</ngsi-ld/v1/csourceRegistrations?type=Building&limit=1&offset=3>; rel=\"next\""));
		var last = query("type=Building&limit=2&offset=2&count=true", ctx);
		assertThat(ids(last)).containsExactly(observed, managed);
		assertThat(last.headers().firstValue("NGSILD-Results-Count")).hasValue("4");
		assertThat(last.headers().allValues("Link")).noneMatch(l -> l.contains("rel=\"next\""));
		assertThat(ids(query("type=Building&limit=15", ctx))).containsExactly(madrid, berlin, observed, managed);
	}

	// ---- HTTP and JSON

	private static String newId() {
		return "urn:ngsi-ld:ContextSourceRegistration:" + UUID.randomUUID();
	}

	private static String registration(String id, String members) {
		return "{\"id\": \"" + id + "\", \"type\": \"ContextSourceRegistration\", " + members + "}";
	}

	private static String withContext(String body) {
		return body.substring(0, body.lastIndexOf('}')) + ", \"@context\": [\"" + ctx + "\"]}";
	}

	private static String typeOf(JsonObject registration) {
		return registration.getJsonArray("information").getJsonObject(0).getJsonArray("entities").getJsonObject(0).getString("type");
	}

	private HttpResponse<String> create(String body, String contentType, String context) throws Exception {
		var request = HttpRequest.newBuilder(uri("/ngsi-ld/v1/csourceRegistrations")).header("Content-Type", contentType);
		if (context != null) {
			request.header("Link", link(context));
		}
		return send(writer, request.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	private HttpResponse<String> patch(String path, String body, String contentType) throws Exception {
		return send(writer, HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
			.method("PATCH", HttpRequest.BodyPublishers.ofString(body)));
	}

	private HttpResponse<String> query(String parameters, String context) throws Exception {
		return get("/ngsi-ld/v1/csourceRegistrations?" + parameters, context);
	}

	private HttpResponse<String> get(String path, String context) throws Exception {
		var request = HttpRequest.newBuilder(uri(path)).GET();
		if (context != null) {
			request.header("Link", link(context));
		}
		return send(reader, request);
	}

	private HttpResponse<String> send(String token, HttpRequest.Builder request) throws Exception {
		return http.send(request.header("Authorization", "Bearer " + token).header("NGSILD-Tenant", tenant).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + port + path);
	}

	private static String link(String context) {
		return "<" + context + ">; rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\"";
	}

	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}

	private static List<String> ids(HttpResponse<String> response) {
		return array(response).stream().map(r -> r.asJsonObject().getString("id")).toList();
	}
}
