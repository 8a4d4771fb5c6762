package jp.tsunagu.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
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

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.identity.PartnerClients;

/**
 * Queries of the data hub as an NGSI-LD client makes them, over HTTP with Sapporo Smart ID tokens:
 * the query language {@code q} (clause 4.9: comparisons, ranges, lists, patterns, existence,
 * {@code ;} and {@code |} with parentheses, paths into sub-attributes and into values) and
 * geo-queries (clause 4.10: near with maxDistance and minDistance, within, contains, intersects,
 * equals, disjoint, overlaps), as the ETSI suite's query purposes (019_01 and on) describe them;
 * each test keeps its entities in a tenant of its own, so they see no one else's.
 */
@TsunaguTest
class HubQueryTests {

	@LocalServerPort
	int port;

	@Autowired
	PartnerClients clients;

	final HttpClient http = HttpClient.newHttpClient();

	String writer;

	String reader;

	String tenant;

	@BeforeEach
	void tokens() throws Exception {
		var partner = HubPartner.register(clients, port, "hub.read", "hub.write");
		writer = partner.token("hub.write");
		reader = partner.token("hub.read");
		tenant = "q" + UUID.randomUUID().toString().substring(0, 8);
	}

	// ---- q: comparisons, ranges, lists, logic (019_01_xx)

	@Test
	void comparisonsRangesListsAndLogicSelectTheEntitiesTheySay() throws Exception {
		vehicles();
		assertThat(ids("type=Vehicle&q=speed>25")).containsExactly("v2", "v3", "v4");
		assertThat(ids("type=Vehicle&q=speed>=50")).containsExactly("v3", "v4");
		assertThat(ids("type=Vehicle&q=speed<30")).containsExactly("v1");
		assertThat(ids("type=Vehicle&q=speed<=30")).containsExactly("v1", "v2");
		assertThat(ids("type=Vehicle&q=speed==50")).containsExactly("v3");
		assertThat(ids("type=Vehicle&q=speed!=10")).containsExactly("v2", "v3", "v4");
		assertThat(ids("type=Vehicle&q=speed==10..40")).as("a closed interval").containsExactly("v1", "v2");
		assertThat(ids("type=Vehicle&q=speed!=10..40")).containsExactly("v3", "v4");
		assertThat(ids("type=Vehicle&q=speed==30,80")).containsExactly("v2", "v4");
		assertThat(ids("type=Vehicle&q=speed!=30,80")).containsExactly("v1", "v3");
		assertThat(ids("type=Vehicle&q=speed>=5;heading<100")).containsExactly("v1", "v3");
		assertThat(ids("type=Vehicle&q=speed>60|heading==90")).containsExactly("v1", "v4");
		assertThat(ids("type=Vehicle&q=(speed>40;speed<90)|speed==10")).containsExactly("v1", "v3", "v4");
		assertThat(ids("type=Vehicle&q=speed==10|speed==30;heading==180")).as("; binds tighter than |")
			.containsExactly("v1", "v2");
		assertThat(ids("type=Vehicle&q=speed>2.5e1")).containsExactly("v2", "v3", "v4");
	}

	@Test
	void stringsPatternsBooleansAndRelationships() throws Exception {
		vehicles();
		assertThat(ids("type=Vehicle&q=" + encode("name==\"Bus 2\""))).containsExactly("v2");
		assertThat(ids("type=Vehicle&q=" + encode("name~=^Bus"))).containsExactly("v1", "v2");
		assertThat(ids("type=Vehicle&q=" + encode("name~=(?i)^taxi"))).containsExactly("v3", "v4");
		assertThat(ids("type=Vehicle&q=" + encode("name!~=^Bus"))).containsExactly("v3", "v4");
		assertThat(ids("type=Vehicle&q=category==commercial")).as("an unquoted word").containsExactly("v1", "v2");
		assertThat(ids("type=Vehicle&q=" + encode("route==\"550\",\"551\""))).containsExactly("v1", "v3");
		assertThat(ids("type=Vehicle&q=isParked==true")).containsExactly("v4");
		assertThat(ids("type=Vehicle&q=isParked==false")).containsExactly("v1", "v2", "v3");
		assertThat(ids("type=Vehicle&q=" + encode("depot==urn:ngsi-ld:Depot:north"))).containsExactly("v1", "v4");
		assertThat(ids("type=Vehicle&q=" + encode("depot==\"urn:ngsi-ld:Depot:south\""))).containsExactly("v2", "v3");
		assertThat(ids("type=Vehicle&q=" + encode("name>\"Bus 1\";name<\"Taxi 4\""))).as("strings order as strings")
			.containsExactly("v2", "v3");
		assertThat(ids("type=Vehicle&q=speed==\"10\"")).as("a number is not the string of its digits").isEmpty();
		// 019_29_11: a Relationship is equal or unequal to an id, never greater or less
		assertThat(ids("type=Vehicle&q=" + encode("depot>\"urn:a\""))).isEmpty();
		assertThat(ids("type=Vehicle&q=" + encode("depot<=\"urn:z\""))).isEmpty();
		assertThat(ids("type=Vehicle&q=" + encode("depot!=\"urn:ngsi-ld:Depot:north\""))).containsExactly("v2", "v3");
	}

	@Test
	void existenceSubAttributesMembersAndValueKeys() throws Exception {
		vehicles();
		assertThat(ids("type=Vehicle&q=heading")).containsExactly("v1", "v2", "v3");
		assertThat(ids("type=Vehicle&q=!heading")).containsExactly("v4");
		assertThat(ids("type=Vehicle&q=speed.accuracy>0.9")).as("a sub-property's value").containsExactly("v2");
		assertThat(ids("type=Vehicle&q=speed.accuracy")).containsExactly("v2", "v3");
		assertThat(ids("type=Vehicle&q=speed.observedAt>=2026-12-01T10:00:00Z")).as("observedAt")
			.containsExactly("v3", "v4");
		assertThat(ids("type=Vehicle&q=speed.observedAt<2026-12-01T19:30:00%2B09:00")).as("an offset date-time")
			.containsExactly("v1", "v2", "v3");
		assertThat(ids("type=Vehicle&q=" + encode("speed.unitCode==\"KMH\""))).containsExactly("v1", "v2", "v3", "v4");
		assertThat(ids("type=Vehicle&q=" + encode("address[city]==\"Sapporo\""))).containsExactly("v1", "v2");
		assertThat(ids("type=Vehicle&q=address[ward]~=Chuo")).containsExactly("v1");
		assertThat(ids("type=Vehicle&q=address[postcode]")).containsExactly("v2");
	}

	@Test
	void systemAttributesCountAndPagesWithQ_019_01() throws Exception {
		vehicles();
		assertThat(ids("type=Vehicle&q=" + encode("modifiedAt>\"2020-01-01T00:00:00Z\""))).hasSize(4);
		assertThat(ids("type=Vehicle&q=createdAt<2020-01-01T00:00:00Z")).isEmpty();
		var page = query("type=Vehicle&q=speed%3E25&limit=1&offset=1&count=true");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.headers().firstValue("NGSILD-Results-Count")).hasValue("3");
		assertThat(idsOf(page)).containsExactly("v3");
		assertThat(idsOf(query("type=Vehicle&q=speed%3E25&limit=1&offset=2"))).containsExactly("v4");
		assertThat(idsOf(query("type=Vehicle&q=speed%3E25&limit=1&offset=3"))).isEmpty();
		assertThat(query("q=speed%3E60").statusCode()).as("q alone is a query").isEqualTo(200);
		assertThat(idsOf(query("q=speed%3E60"))).containsExactly("v4");
	}

	@Test
	void qWithAUserContextExpandsItsNamesThere() throws Exception {
		create("""
				{"id": "urn:ngsi-ld:Shop:1", "type": "Shop",
				 "floor": {"type": "Property", "value": 2},
				 "@context": [{"floor": "https://example.org/city#floor", "Shop": "https://example.org/city#Shop"},
				              "%s"]}
				""".formatted(NgsiLd.CORE_CONTEXT));
		var inline = HttpRequest.newBuilder(uri("/ngsi-ld/v1/entities?type=Shop&q=floor==2"));
		assertThat(idsOf(send(reader, inline.GET()))).as("without the context, floor is another attribute").isEmpty();
		var withContext = HttpRequest.newBuilder(uri("/ngsi-ld/v1/entities?type=https://example.org/city%23Shop"
				+ "&q=" + encode("https://example.org/city#floor==2")));
		assertThat(idsOf(send(reader, withContext.GET()))).as("full IRIs need no context").containsExactly("1");
	}

	@Test
	void aQueryThatIsNotOneIsRefusedAsBadRequestData() throws Exception {
		vehicles();
		for (var q : List.of("speed>", "speed=5", "(speed>1", "speed>1)", "speed>=1..5", "speed==1;", "|speed==1",
				"speed==\"open", "name~=(", "speed>1,2", "", ";", "speed==1..\"a\"", "a[b", "speed~~1")) {
			var response = query("type=Vehicle&q=" + encode(q));
			assertProblem(response, 400, "BadRequestData");
		}
		var deep = "(".repeat(40) + "speed>1" + ")".repeat(40);
		assertProblem(query("type=Vehicle&q=" + encode(deep)), 403, "TooComplexQuery");
	}

	// ---- geo-queries (clause 4.10; 019_01 geo purposes)

	@Test
	void nearWithinContainsIntersectsEqualsDisjointOverlaps() throws Exception {
		places();
		var station = "[141.3508,43.0687]";
		assertThat(ids("type=Place&georel=" + encode("near;maxDistance==1000") + "&geometry=Point&coordinates=" + station))
			.as("the station itself and Odori, 0.9 km away").containsExactly("p1", "p2");
		assertThat(ids("type=Place&georel=" + encode("near;maxDistance==2000") + "&geometry=Point&coordinates=" + station))
			.containsExactly("p1", "p2", "p3", "park");
		assertThat(ids("type=Place&georel=" + encode("near;minDistance==1000") + "&geometry=Point&coordinates=" + station))
			.as("Susukino, the park and Asahikawa").containsExactly("p3", "p4", "park");
		var centre = "[[[141.34,43.05],[141.37,43.05],[141.37,43.075],[141.34,43.075],[141.34,43.05]]]";
		assertThat(ids("type=Place&georel=within&geometry=Polygon&coordinates=" + encode(centre)))
			.containsExactly("p1", "p2", "p3");
		assertThat(ids("type=Place&georel=intersects&geometry=Polygon&coordinates=" + encode(centre)))
			.as("the park reaches into the box").containsExactly("p1", "p2", "p3", "park");
		assertThat(ids("type=Place&georel=disjoint&geometry=Polygon&coordinates=" + encode(centre)))
			.containsExactly("p4");
		assertThat(ids("type=Place&georel=contains&geometry=Point&coordinates=[141.355,43.049]"))
			.as("the park holds the point").containsExactly("park");
		assertThat(ids("type=Place&georel=equals&geometry=Point&coordinates=" + station)).containsExactly("p1");
		assertThat(ids("type=Place&georel=overlaps&geometry=Polygon&coordinates=" + encode(centre)))
			.containsExactly("park");
		assertThat(ids("type=Place&q=kind==station&georel=" + encode("near;maxDistance==1000")
				+ "&geometry=Point&coordinates=" + station)).as("q and geo together").containsExactly("p1");
		var counted = query("type=Place&count=true&limit=1&georel=" + encode("near;maxDistance==2000")
				+ "&geometry=Point&coordinates=" + station);
		assertThat(counted.headers().firstValue("NGSILD-Results-Count")).hasValue("4");
		assertThat(idsOf(counted)).containsExactly("p1");
	}

	@Test
	void nearAnswersNearestFirstPageByPageWithQAndWithSeveralLocations() throws Exception {
		// bus stops north of the station, their ids in the reverse order of their distance
		var station = "[141.3508,43.0687]";
		for (int i = 1; i <= 6; i++) {
			var created = create("{\"id\": \"urn:ngsi-ld:Stop:s" + (7 - i) + "\", \"type\": \"Stop\", "
					+ "\"shelter\": {\"type\": \"Property\", \"value\": " + (i % 2 == 0) + "}, "
					+ "\"location\": {\"type\": \"GeoProperty\", \"value\": {\"type\": \"Point\", \"coordinates\": [141.3508, "
					+ (43.0687 + i * 0.001) + "]}}}");
			assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		}
		// s0: far away by its default location, 30 m away by a second one (datasetId)
		var twice = create("""
				{"id": "urn:ngsi-ld:Stop:s0", "type": "Stop", "shelter": {"type": "Property", "value": true},
				 "location": [{"type": "GeoProperty", "value": {"type": "Point", "coordinates": [141.3508, 43.0737]}},
				              {"type": "GeoProperty", "datasetId": "urn:ngsi-ld:Dataset:winter",
				               "value": {"type": "Point", "coordinates": [141.3508, 43.06897]}}]}
				""");
		assertThat(twice.statusCode()).as(twice.body()).isEqualTo(201);
		var near = "type=Stop&georel=" + encode("near;maxDistance==1000") + "&geometry=Point&coordinates=" + station;
		assertThat(ids(near)).as("nearest first, each stop once, s0 where its nearer location puts it")
			.containsExactly("s0", "s6", "s5", "s4", "s3", "s2", "s1");
		var page = query(near + "&count=true&offset=2&limit=2");
		assertThat(idsOf(page)).as("the third and fourth nearest").containsExactly("s5", "s4");
		assertThat(page.headers().firstValue("NGSILD-Results-Count")).hasValue("7");
		assertThat(page.headers().allValues("Link")).anySatisfy(link -> assertThat(link).contains("rel=\"next\"")
			.contains("offset=4"));
		assertThat(ids(near + "&offset=6&limit=2")).as("the last page").containsExactly("s1");
		assertThat(ids(near + "&q=shelter==true")).as("with q, as the database cannot decide alone")
			.containsExactly("s0", "s5", "s3", "s1");
		assertThat(ids(near + "&q=shelter==true&offset=1&limit=2")).containsExactly("s5", "s3");
		assertThat(ids("type=Stop&georel=" + encode("near;maxDistance==3500") + "&geometry=Point&coordinates=" + station))
			.as("the same order from farther out").containsExactly("s0", "s6", "s5", "s4", "s3", "s2", "s1");
		assertThat(ids("type=Stop&georel=" + encode("near;minDistance==300") + "&geometry=Point&coordinates=" + station))
			.as("minDistance asks for what is far: by id").containsExactly("s0", "s1", "s2", "s3", "s4");
	}

	@Test
	void aGeoQueryOnAnotherGeoPropertyAndAfterAMove() throws Exception {
		places();
		var station = "[141.3508,43.0687]";
		assertThat(ids("type=Place&geoproperty=entrance&georel=" + encode("near;maxDistance==100")
				+ "&geometry=Point&coordinates=[141.3530,43.0555]")).as("the station's south entrance is far from it")
			.isEmpty();
		assertThat(ids("type=Place&geoproperty=entrance&georel=" + encode("near;maxDistance==100")
				+ "&geometry=Point&coordinates=" + station)).containsExactly("p1");
		var moved = send(writer, HttpRequest.newBuilder(uri("/ngsi-ld/v1/entities/urn:ngsi-ld:Place:p4/attrs"))
			.header("Content-Type", "application/json")
			.method("PATCH", HttpRequest.BodyPublishers.ofString("""
					{"location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [141.351, 43.068]}}}
					""")));
		assertThat(moved.statusCode()).as(moved.body()).isEqualTo(204);
		assertThat(ids("type=Place&georel=" + encode("near;maxDistance==1000") + "&geometry=Point&coordinates=" + station))
			.as("nearest first: Asahikawa's station moved to 80 m from Sapporo's").containsExactly("p1", "p4", "p2");
		var gone = send(writer, HttpRequest.newBuilder(uri("/ngsi-ld/v1/entities/urn:ngsi-ld:Place:p4")).DELETE());
		assertThat(gone.statusCode()).isEqualTo(204);
		assertThat(ids("type=Place&georel=" + encode("near;maxDistance==1000") + "&geometry=Point&coordinates=" + station))
			.containsExactly("p1", "p2");
	}

	@Test
	void aWrongGeoQueryOrGeometryIsRefusedAndNothingIsStored() throws Exception {
		places();
		for (var geo : List.of("georel=near&geometry=Point&coordinates=[141,43]",
				"georel=" + encode("near;maxDistance==far") + "&geometry=Point&coordinates=[141,43]",
				"georel=" + encode("near;maxDistance==-1") + "&geometry=Point&coordinates=[141,43]",
				"georel=nearby&geometry=Point&coordinates=[141,43]", "georel=within&geometry=Point",
				"georel=within&coordinates=[141,43]", "geometry=Point&coordinates=[141,43]",
				"georel=within&geometry=Point&coordinates=[141,43]",
				"georel=intersects&geometry=Circle&coordinates=[141,43]",
				"georel=intersects&geometry=Point&coordinates=" + encode("[141,"),
				"georel=intersects&geometry=Point&coordinates=[141,93]",
				"georel=intersects&geometry=Point&coordinates=[\"141\",43]",
				"georel=intersects&geometry=Polygon&coordinates=" + encode("[[[0,0],[1,0],[1,1],[0,0.5]]]"),
				"georel=intersects&geometry=LineString&coordinates=[[141,43]]")) {
			assertProblem(query("type=Place&" + geo), 400, "BadRequestData");
		}
		var bad = create("""
				{"id": "urn:ngsi-ld:Place:bad", "type": "Place",
				 "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": "141,43"}}}
				""");
		assertProblem(bad, 400, "BadRequestData");
		var unclosed = create("""
				{"id": "urn:ngsi-ld:Place:bad", "type": "Place",
				 "location": {"type": "GeoProperty", "value": {"type": "Polygon", "coordinates": [[[0,0],[1,0],[1,1],[0,1]]]}}}
				""");
		assertProblem(unclosed, 400, "BadRequestData");
		var none = send(reader, HttpRequest.newBuilder(uri("/ngsi-ld/v1/entities/urn:ngsi-ld:Place:bad")).GET());
		assertThat(none.statusCode()).isEqualTo(404);
	}

	@Test
	void whenAQueryMatchesHundredsThenEveryPageHoldsTheRightOnesOnceInIdOrder() throws Exception {
		// more entities than the hub reads from the database at a time, so q is decided over several reads
		var batch = new StringBuilder("[");
		for (int i = 0; i < 700; i++) {
			batch.append(i == 0 ? "" : ",").append("{\"id\": \"urn:ngsi-ld:Meter:").append(String.format("m%04d", i))
				.append("\", \"type\": \"Meter\", \"reading\": {\"type\": \"Property\", \"value\": ").append(i % 7)
				.append("}}");
		}
		var created = send(writer, HttpRequest.newBuilder(uri("/ngsi-ld/v1/entityOperations/create"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(batch.append("]").toString())));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		var expected = new java.util.ArrayList<String>();
		for (int i = 0; i < 700; i++) {
			if (i % 7 >= 5) {
				expected.add(String.format("m%04d", i));
			}
		}
		var all = query("type=Meter&q=reading>=5&limit=1000&count=true");
		assertThat(all.headers().firstValue("NGSILD-Results-Count")).hasValue("200");
		assertThat(idsOf(all)).containsExactlyElementsOf(expected);
		var pages = new java.util.ArrayList<String>();
		for (int offset = 0; offset < 200; offset += 30) {
			pages.addAll(ids("type=Meter&q=reading>=5&limit=30&offset=" + offset));
		}
		assertThat(pages).containsExactlyElementsOf(expected);
		assertThat(ids("type=Meter&q=reading>=5&limit=30&offset=190")).hasSize(10);
		assertThat(ids("type=Meter&q=reading>6&limit=30")).isEmpty();
	}

	// ---- the data

	// ---- GeoJSON (clause 4.5.16; 019_05, 019_02_05, 018_05, 636_01)

	@Test
	void entitiesAsGeoJsonFeaturesTheirGeometryTheGeoPropertyAsked_019_05_019_02_05_018_05_636_01() throws Exception {
		places();
		var collection = send(reader, HttpRequest.newBuilder(uri("/ngsi-ld/v1/entities?type=Place&id=urn:ngsi-ld:Place:p1,urn:ngsi-ld:Place:p2"))
			.header("Accept", "application/geo+json").GET());
		assertThat(collection.statusCode()).as(collection.body()).isEqualTo(200);
		assertThat(collection.headers().firstValue("Content-Type")).hasValue("application/geo+json");
		HubJson.assertSame(HubJson.parse(collection.body()), """
				{"type": "FeatureCollection", "@context": "%1$s", "features": [
				 {"id": "urn:ngsi-ld:Place:p1", "type": "Feature", "geometry": {"type": "Point", "coordinates": [141.3508, 43.0687]},
				  "properties": {"type": "Place", "kind": {"type": "Property", "value": "station"},
				    "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [141.3508, 43.0687]}},
				    "entrance": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [141.3509, 43.0680]}}}},
				 {"id": "urn:ngsi-ld:Place:p2", "type": "Feature", "geometry": {"type": "Point", "coordinates": [141.3545, 43.0606]},
				  "properties": {"type": "Place", "kind": {"type": "Property", "value": "square"},
				    "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [141.3545, 43.0606]}}}}]}"""
			.formatted(NgsiLd.CORE_CONTEXT));
		// another GeoProperty, simplified: an entity without it has no geometry
		var entrances = send(reader, HttpRequest.newBuilder(uri("/ngsi-ld/v1/entities?type=Place&id=urn:ngsi-ld:Place:p1,"
				+ "urn:ngsi-ld:Place:p2&geometryProperty=entrance&options=keyValues")).header("Accept", "application/geo+json").GET());
		HubJson.assertSame(HubJson.parse(entrances.body()), """
				{"type": "FeatureCollection", "@context": "%1$s", "features": [
				 {"id": "urn:ngsi-ld:Place:p1", "type": "Feature", "geometry": {"type": "Point", "coordinates": [141.3509, 43.0680]},
				  "properties": {"type": "Place", "kind": "station", "location": {"type": "Point", "coordinates": [141.3508, 43.0687]},
				    "entrance": {"type": "Point", "coordinates": [141.3509, 43.0680]}}},
				 {"id": "urn:ngsi-ld:Place:p2", "type": "Feature", "geometry": null,
				  "properties": {"type": "Place", "kind": "square", "location": {"type": "Point", "coordinates": [141.3545, 43.0606]}}}]}"""
			.formatted(NgsiLd.CORE_CONTEXT));
		// one entity is one Feature; Prefer: body=json puts its context in a Link header
		var one = send(reader, HttpRequest.newBuilder(uri("/ngsi-ld/v1/entities/urn:ngsi-ld:Place:p2"))
			.header("Accept", "application/geo+json").header("Prefer", "body=json").GET());
		assertThat(one.headers().firstValue("Content-Type")).hasValue("application/geo+json");
		assertThat(one.headers().firstValue("Link").orElseThrow()).contains(NgsiLd.CORE_CONTEXT);
		var feature = (JsonObject) HubJson.parse(one.body());
		assertThat(feature).doesNotContainKey("@context");
		assertThat(feature.getString("type")).isEqualTo("Feature");
		assertThat(feature.getJsonObject("geometry").toString()).contains("141.3545");
		var posted = postQuery("{\"type\": \"Query\", \"entities\": [{\"type\": \"Place\", \"id\": \"urn:ngsi-ld:Place:p1\"}],"
				+ " \"geometryProperty\": \"entrance\"}", "", "application/geo+json");
		assertThat(posted.headers().firstValue("Content-Type")).hasValue("application/geo+json");
		assertThat(posted.body()).contains("\"FeatureCollection\"").contains("\"geometry\":{\"type\":\"Point\",\"coordinates\":[141.3509,");
		// GeoJSON is for entities: a subscription is not one
		assertThat(send(reader, HttpRequest.newBuilder(uri("/ngsi-ld/v1/subscriptions")).header("Accept", "application/geo+json")
			.GET()).statusCode()).isEqualTo(406);
	}

	// ---- POST /entityOperations/query (019_02, 019_32, 5233_01)

	@Test
	void aQueryWrittenAsAQueryObjectAnswersAsTheSameQueryOfTheUrl_019_02_019_32_5233_01() throws Exception {
		vehicles();
		assertThat(postIds("{\"type\": \"Query\", \"entities\": [{\"id\": \"urn:ngsi-ld:Vehicle:v2\", \"type\": \"Vehicle\"}]}", ""))
			.containsExactly("v2");
		assertThat(postIds("{\"type\": \"Query\", \"entities\": [{\"type\": \"Vehicle\"}]}", "")).containsExactly("v1", "v2", "v3", "v4");
		assertThat(postIds("{\"type\": \"Query\", \"entities\": [{\"type\": \"Vehicle\", \"idPattern\": \".*:v[23]$\"}]}", ""))
			.containsExactly("v2", "v3");
		assertThat(postIds("{\"type\": \"Query\", \"entities\": [{\"type\": \"Vehicle\", \"id\": [\"urn:ngsi-ld:Vehicle:v1\","
				+ " \"urn:ngsi-ld:Vehicle:v4\"]}]}", "")).containsExactly("v1", "v4");
		// an id takes precedence over an idPattern
		assertThat(postIds("{\"type\": \"Query\", \"entities\": [{\"type\": \"Vehicle\", \"id\": \"urn:ngsi-ld:Vehicle:v1\","
				+ " \"idPattern\": \".*:v2$\"}]}", "")).containsExactly("v1");
		assertThat(postIds("{\"type\": \"Query\", \"entities\": [{\"type\": \"Vehicle\"}], \"q\": \"speed>40\"}", ""))
			.containsExactly("v3", "v4");
		assertThat(postIds("{\"type\": \"Query\", \"attrs\": [\"heading\"]}", "")).containsExactly("v1", "v2", "v3");
		assertThat(postIds("{\"type\": \"Query\", \"entities\": [{\"type\": \"Vehicle\"}]}", "?limit=2&offset=1"))
			.containsExactly("v2", "v3");
		var counted = postQuery("{\"type\": \"Query\", \"entities\": [{\"type\": \"Vehicle\"}]}", "?count=true&limit=1");
		assertThat(counted.headers().firstValue("NGSILD-Results-Count")).hasValue("4");
		var simplified = postQuery("{\"type\": \"Query\", \"entities\": [{\"id\": \"urn:ngsi-ld:Vehicle:v1\", \"type\": \"Vehicle\"}],"
				+ " \"attrs\": [\"speed\"]}", "?options=keyValues");
		assertThat(simplified.body()).contains("\"speed\":10").doesNotContain("\"name\"");
		// pick and omit, in the body as in the URL (4.21)
		var picked = postQuery("{\"type\": \"Query\", \"entities\": [{\"id\": \"urn:ngsi-ld:Vehicle:v1\", \"type\": \"Vehicle\"}],"
				+ " \"pick\": [\"id\", \"speed\"]}", "?options=keyValues");
		assertThat(picked.body()).isEqualTo("[{\"id\":\"urn:ngsi-ld:Vehicle:v1\",\"speed\":10}]");
		var omitted = query("type=Vehicle&id=urn:ngsi-ld:Vehicle:v2&omit=type,name,speed,heading,category,route,isParked,depot,address"
				+ "&options=keyValues");
		assertThat(omitted.body()).isEqualTo("[{\"id\":\"urn:ngsi-ld:Vehicle:v2\"}]");
		assertProblem(query("type=Vehicle&pick=id&omit=name"), 400, "BadRequestData");
		places();
		assertThat(postIds("{\"type\": \"Query\", \"entities\": [{\"type\": \"Place\"}], \"geoQ\": {\"georel\": "
				+ "\"near;maxDistance==1000\", \"geometry\": \"Point\", \"coordinates\": [141.3508, 43.0687]}}", "")).containsExactly("p1", "p2");
		for (var wrong : List.of("{\"type\": \"Query\", \"entities\": []}", "{\"type\": \"Query\", \"attrs\": []}",
				"{\"type\": \"Query\", \"entities\": [{\"id\": \"urn:ngsi-ld:Vehicle:v1\"}]}",
				"{\"type\": \"Query\", \"entities\": [{\"type\": \"Vehicle\", \"id\": \"not a uri\"}]}",
				"{\"type\": \"Query\", \"entities\": [{\"type\": \"Vehicle\", \"id\": 5}]}",
				"{\"type\": \"Query\", \"q\": 5}", "{\"type\": \"Query\", \"q\": \"speed>\"}",
				"{\"type\": \"Query\", \"temporalQ\": {\"timerel\": \"before\", \"timeAt\": \"2026-12-01T00:00:00Z\"}}",
				"{\"type\": \"Query\", \"geoQ\": \"near\"}", "{\"type\": \"Subscription\", \"entities\": [{\"type\": \"Vehicle\"}]}",
				"{\"entities\": [{\"type\": \"Vehicle\"}]}", "{\"type\": \"Query\"}")) {
			assertProblem(postQuery(wrong, ""), 400, "BadRequestData");
		}
		assertProblem(postQuery("{\"type\": \"Query\", \"entities\": [{\"type\": \"Vehicle\"}]}", "?type=Vehicle"), 400,
				"BadRequestData");
		assertProblem(postQuery("{\"type\": \"Query\",, }", ""), 400, "InvalidRequest");
	}

	private HttpResponse<String> postQuery(String body, String parameters) throws Exception {
		return postQuery(body, parameters, "application/json");
	}

	// ---- entity types (4.17: 019_01_02, 019_08), pages (5.5.9: 019_31), geometryProperty (019_27_01)

	@Test
	void typeListsAndSelectionsOfEntitiesOfSeveralTypes_019_01_02_019_08_01_to_05() throws Exception {
		for (var entity : List.of("""
				{"id": "urn:ngsi-ld:Building:clock-tower", "type": "Building"}""", """
				{"id": "urn:ngsi-ld:Building:tv-tower", "type": ["Building", "TouristDestination"]}""", """
				{"id": "urn:ngsi-ld:Parking:odori", "type": "Parking"}""", """
				{"id": "urn:ngsi-ld:Vehicle:bus", "type": "Vehicle"}""")) {
			var created = create(entity);
			assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		}
		assertThat(ids("type=Vehicle,Parking")).as("019_01_02").containsExactly("odori", "bus");
		assertThat(ids("type=Building")).as("019_08_01").containsExactly("clock-tower", "tv-tower");
		assertThat(ids("type=" + encode("(Building;TouristDestination)"))).as("019_08_02").containsExactly("tv-tower");
		assertThat(ids("type=Building;TouristDestination")).containsExactly("tv-tower");
		assertThat(ids("type=Building,Parking")).as("019_08_03").containsExactly("clock-tower", "tv-tower", "odori");
		assertThat(ids("type=Parking|TouristDestination")).as("019_08_04").containsExactly("tv-tower", "odori");
		assertThat(ids("type=" + encode("(Building;Parking),TouristDestination"))).as("019_08_05").containsExactly("tv-tower");
		assertThat(ids("type=" + encode("(Building;Parking)|Vehicle") + "&count=true")).containsExactly("bus");
		var counted = query("type=" + encode("Building;TouristDestination") + "&count=true&limit=0");
		assertThat(counted.headers().firstValue("NGSILD-Results-Count")).as(counted.body()).hasValue("1");
		assertThat(ids("type=" + encode("Building;TouristDestination") + "&q=" + encode("!name"))).containsExactly("tv-tower");
		for (var wrong : List.of("(Building", "Building;", "Building)", ";", "()", "Building,,Parking", "")) {
			assertProblem(query("type=" + encode(wrong)), 400, "BadRequestData");
		}
	}

	@Test
	void pagesOfAQueryLinkToThePagesBeforeAndAfter_019_31_01_to_05() throws Exception {
		for (var suffix : List.of("A", "B", "C")) {
			var created = create("{\"id\": \"urn:ngsi-ld:Building:01931" + suffix + "\", \"type\": \"Building\"}");
			assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		}
		var pattern = "urn:ngsi-ld:Building:01931.*";
		var base = "/ngsi-ld/v1/entities?count=true&idPattern=" + pattern + "&limit=%d&offset=%d&type=Building";
		record Page(int limit, int offset, int size, String prev, String next) {
		}
		for (var page : List.of(new Page(1, 0, 1, null, base.formatted(1, 1)),
				new Page(1, 1, 1, base.formatted(1, 0), base.formatted(1, 2)), new Page(1, 2, 1, base.formatted(1, 1), null),
				new Page(2, 0, 2, null, base.formatted(2, 2)), new Page(0, 0, 0, null, null))) {
			var response = query("type=Building&idPattern=" + encode(pattern) + "&count=true&limit=" + page.limit() + "&offset="
					+ page.offset());
			var as = "limit " + page.limit() + ", offset " + page.offset() + ": " + response.headers().allValues("Link");
			assertThat(idsOf(response)).as(as).hasSize(page.size());
			assertThat(response.headers().firstValue("NGSILD-Results-Count")).as(as).hasValue("3");
			var links = response.headers().allValues("Link").stream().filter(l -> !l.contains("json-ld#context")).toList();
			var expected = new java.util.ArrayList<String>();
			if (page.prev() != null) {
				expected.add("<" + page.prev() + ">; rel=\"prev\"; type=\"application/json\"");
			}
			if (page.next() != null) {
				expected.add("<" + page.next() + ">; rel=\"next\"; type=\"application/json\"");
			}
			assertThat(links).as(as).containsExactlyInAnyOrderElementsOf(expected);
		}
		// without count too: a next link only while entities follow, and following it gives them
		var first = query("type=Building&limit=2");
		var next = first.headers().allValues("Link").stream().filter(l -> l.contains("rel=\"next\"")).findFirst().orElseThrow();
		var target = next.substring(1, next.indexOf('>'));
		var second = send(reader, HttpRequest.newBuilder(uri(target)).GET());
		assertThat(idsOf(second)).containsExactly("01931C");
		assertThat(second.headers().allValues("Link")).noneMatch(l -> l.contains("rel=\"next\""));
	}

	@Test
	void attrsNamesAttributesNotTheIdOrType_019_03_03() throws Exception {
		vehicles();
		for (var attrs : List.of("id,type", "id", "speed,type")) {
			assertProblem(query("type=Vehicle&attrs=" + attrs), 400, "BadRequestData");
		}
		assertThat(ids("type=Vehicle&attrs=heading")).containsExactly("v1", "v2", "v3");
	}

	@Test
	void geometryPropertyIsForGeoJsonAnswers_019_27_01() throws Exception {
		places();
		assertProblem(query("type=Place&geometryProperty=location"), 400, "BadRequestData");
		var geo = send(reader, HttpRequest.newBuilder(uri("/ngsi-ld/v1/entities?type=Place&geometryProperty=location"))
			.header("Accept", "application/geo+json").GET());
		assertThat(geo.statusCode()).as(geo.body()).isEqualTo(200);
	}

	private HttpResponse<String> postQuery(String body, String parameters, String accept) throws Exception {
		return send(reader, HttpRequest.newBuilder(uri("/ngsi-ld/v1/entityOperations/query" + parameters))
			.header("Content-Type", "application/json").header("Accept", accept)
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	private List<String> postIds(String body, String parameters) throws Exception {
		return idsOf(postQuery(body, parameters));
	}

	private void vehicles() throws Exception {
		vehicle("v1", "Bus 1", 10, 90, "commercial", "550", false, "north", "2026-12-01T09:00:00Z", null,
				"{\"city\": \"Sapporo\", \"ward\": \"Chuo\"}");
		vehicle("v2", "Bus 2", 30, 180, "commercial", "552", false, "south", "2026-12-01T09:30:00Z", 0.95,
				"{\"city\": \"Sapporo\", \"ward\": \"Kita\", \"postcode\": \"001-0010\"}");
		vehicle("v3", "Taxi 3", 50, 45, "private", "551", false, "south", "2026-12-01T10:00:00Z", 0.5,
				"{\"city\": \"Otaru\"}");
		vehicle("v4", "taxi 4", 80, null, "private", "553", true, "north", "2026-12-01T11:00:00Z", null, null);
	}

	private void vehicle(String id, String name, int speed, Integer heading, String category, String route,
			boolean parked, String depot, String observedAt, Double accuracy, String address) throws Exception {
		var body = new StringBuilder("{\"id\": \"urn:ngsi-ld:Vehicle:" + id + "\", \"type\": \"Vehicle\"");
		body.append(", \"name\": {\"type\": \"Property\", \"value\": \"" + name + "\"}");
		body.append(", \"speed\": {\"type\": \"Property\", \"value\": " + speed + ", \"unitCode\": \"KMH\", \"observedAt\": \""
				+ observedAt + "\"" + (accuracy == null ? "" : ", \"accuracy\": {\"type\": \"Property\", \"value\": " + accuracy + "}")
				+ "}");
		if (heading != null) {
			body.append(", \"heading\": {\"type\": \"Property\", \"value\": " + heading + "}");
		}
		body.append(", \"category\": {\"type\": \"Property\", \"value\": \"" + category + "\"}");
		body.append(", \"route\": {\"type\": \"Property\", \"value\": \"" + route + "\"}");
		body.append(", \"isParked\": {\"type\": \"Property\", \"value\": " + parked + "}");
		body.append(", \"depot\": {\"type\": \"Relationship\", \"object\": \"urn:ngsi-ld:Depot:" + depot + "\"}");
		if (address != null) {
			body.append(", \"address\": {\"type\": \"Property\", \"value\": " + address + "}");
		}
		var created = create(body.append("}").toString());
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
	}

	private void places() throws Exception {
		place("p1", "station", "[141.3508, 43.0687]", "\"entrance\": {\"type\": \"GeoProperty\", \"value\": "
				+ "{\"type\": \"Point\", \"coordinates\": [141.3509, 43.0680]}}, ");
		place("p2", "square", "[141.3545, 43.0606]", "");
		place("p3", "crossing", "[141.3530, 43.0555]", "");
		place("p4", "station", "[142.3650, 43.7630]", "");
		var park = create("""
				{"id": "urn:ngsi-ld:Place:park", "type": "Place", "kind": {"type": "Property", "value": "park"},
				 "location": {"type": "GeoProperty", "value": {"type": "Polygon",
				   "coordinates": [[[141.350, 43.045], [141.360, 43.045], [141.360, 43.052], [141.350, 43.052], [141.350, 43.045]]]}}}
				""");
		assertThat(park.statusCode()).as(park.body()).isEqualTo(201);
	}

	private void place(String id, String kind, String coordinates, String more) throws Exception {
		var created = create("{\"id\": \"urn:ngsi-ld:Place:" + id + "\", \"type\": \"Place\", " + more
				+ "\"kind\": {\"type\": \"Property\", \"value\": \"" + kind + "\"}, "
				+ "\"location\": {\"type\": \"GeoProperty\", \"value\": {\"type\": \"Point\", \"coordinates\": " + coordinates
				+ "}}}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
	}

	// ---- HTTP

	private HttpResponse<String> create(String body) throws Exception {
		var contentType = body.contains("@context") ? "application/ld+json" : "application/json";
		return send(writer, HttpRequest.newBuilder(uri("/ngsi-ld/v1/entities"))
			.header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	private HttpResponse<String> query(String parameters) throws Exception {
		// as a client writes them: the characters a URI may not hold are percent-encoded, the rest as typed
		var escaped = parameters.replace("\"", "%22").replace("<", "%3C").replace(">", "%3E").replace("|", "%7C");
		return send(reader, HttpRequest.newBuilder(uri("/ngsi-ld/v1/entities?" + escaped)).GET());
	}

	/** The short ids (after the type) of the entities a query gives, in its order. */
	private List<String> ids(String parameters) throws Exception {
		var response = query(parameters);
		assertThat(response.statusCode()).as(parameters + " " + response.body()).isEqualTo(200);
		return idsOf(response);
	}

	private static List<String> idsOf(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		try (var json = Json.createReader(new StringReader(response.body()))) {
			JsonArray array = json.readArray();
			return array.stream()
				.map(entity -> ((JsonString) ((JsonObject) entity).get("id")).getString())
				.map(id -> id.substring(id.indexOf(':', "urn:ngsi-ld:".length()) + 1))
				.toList();
		}
	}

	private HttpResponse<String> send(String token, HttpRequest.Builder request) throws Exception {
		return http.send(request.header("Authorization", "Bearer " + token).header("NGSILD-Tenant", tenant).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + port + path);
	}

	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}

	private static void assertProblem(HttpResponse<String> response, int status, String type) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		try (var json = Json.createReader(new StringReader(response.body()))) {
			assertThat(json.readObject().getString("type")).isEqualTo("https://uri.etsi.org/ngsi-ld/errors/" + type);
		}
	}
}
