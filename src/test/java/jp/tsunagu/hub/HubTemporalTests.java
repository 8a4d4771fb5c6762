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
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.identity.PartnerClients;

/**
 * The temporal API as an NGSI-LD client uses it, over HTTP with Sapporo Smart ID tokens: the
 * history that changes of the current state leave (at once, each change its own instance), read
 * back in a time window, as the last N, simplified and aggregated, and provided directly; as the
 * ETSI suite's temporal purposes (020_xx, 021_xx, 022_xx to 028_xx of the temporal folders)
 * describe it. Each test works in a tenant of its own.
 */
@TsunaguTest
class HubTemporalTests {

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
		tenant = "t" + UUID.randomUUID().toString().substring(0, 8);
	}

	@Test
	void changesInQuickSuccessionAreEachAnInstanceAtOnce() throws Exception {
		var created = send(writer, HttpRequest.newBuilder(uri("/ngsi-ld/v1/entities"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("""
					{"id": "urn:ngsi-ld:RoadSnowSensor:s1", "type": "RoadSnowSensor",
					 "snowHeight": {"type": "Property", "value": 10, "unitCode": "CMT", "observedAt": "2026-12-01T06:00:00Z"},
					 "name": {"type": "Property", "value": "北5条"}}
					""")));
		assertThat(created.statusCode()).isEqualTo(201);
		// five updates one after the other, as a sensor sends them: each is in the history as soon as it is answered
		for (int i = 1; i <= 5; i++) {
			var patched = send(writer, HttpRequest.newBuilder(uri("/ngsi-ld/v1/entities/urn:ngsi-ld:RoadSnowSensor:s1/attrs"))
				.header("Content-Type", "application/json")
				.method("PATCH", HttpRequest.BodyPublishers.ofString("""
						{"snowHeight": {"type": "Property", "value": %d, "unitCode": "CMT", "observedAt": "2026-12-01T%02d:00:00Z"}}
						""".formatted(10 + i, 6 + i))));
			assertThat(patched.statusCode()).isEqualTo(204);
			var history = temporal("/ngsi-ld/v1/temporal/entities/urn:ngsi-ld:RoadSnowSensor:s1?attrs=snowHeight");
			assertThat(history.getJsonArray("snowHeight")).as("after update %d", i).hasSize(1 + i);
		}
		var whole = temporal("/ngsi-ld/v1/temporal/entities/urn:ngsi-ld:RoadSnowSensor:s1");
		assertThat(whole.getString("id")).isEqualTo("urn:ngsi-ld:RoadSnowSensor:s1");
		assertThat(whole.getString("type")).isEqualTo("RoadSnowSensor");
		var snow = whole.getJsonArray("snowHeight");
		assertThat(snow.stream().map(i -> ((JsonObject) i).getInt("value")).toList()).containsExactly(10, 11, 12, 13, 14, 15);
		var first = snow.getJsonObject(0);
		assertThat(first.getString("type")).isEqualTo("Property");
		assertThat(first.getString("observedAt")).isEqualTo("2026-12-01T06:00:00Z");
		assertThat(first.getString("unitCode")).isEqualTo("CMT");
		assertThat(first.getString("instanceId")).startsWith("urn:ngsi-ld:");
		assertThat(snow.stream().map(i -> ((JsonObject) i).getString("instanceId")).distinct()).hasSize(6);
		assertThat(whole.getJsonArray("name")).as("an attribute left alone stays one instance").hasSize(1);

		// a time window on observedAt: before is strict, after and between include their start, between not its end
		assertThat(values("timerel=before&timeAt=2026-12-01T08:00:00Z")).containsExactly(10, 11);
		assertThat(values("timerel=after&timeAt=2026-12-01T08:00:00Z")).containsExactly(12, 13, 14, 15);
		assertThat(values("timerel=between&timeAt=2026-12-01T08:00:00Z&endTimeAt=2026-12-01T10:00:00Z")).containsExactly(12, 13);
		assertThat(values("lastN=2")).as("the last two, oldest first").containsExactly(14, 15);
		assertThat(values("lastN=2&timerel=before&timeAt=2026-12-01T09:00:00Z")).containsExactly(11, 12);
		assertThat(values("timeproperty=createdAt&timerel=after&timeAt=2020-01-01T00:00:00Z")).hasSize(6);

		var resent = provide("""
				{"id": "urn:ngsi-ld:RoadSnowSensor:s1", "type": "RoadSnowSensor",
				 "snowHeight": [{"type": "Property", "value": 99, "unitCode": "CMT", "observedAt": "2026-12-01T06:00:00Z"}]}
				""", 204);
		assertThat(values("timerel=before&timeAt=2026-12-01T07:00:00Z")).as("an instance sent again for its moment replaces it")
			.containsExactly(99);
		assertThat(resent.body()).isEmpty();
		var simplified = temporal("/ngsi-ld/v1/temporal/entities/urn:ngsi-ld:RoadSnowSensor:s1?attrs=snowHeight&options=temporalValues")
			.getJsonObject("snowHeight");
		assertThat(simplified.getString("type")).isEqualTo("Property");
		assertThat(simplified.getJsonArray("values").getJsonArray(0).getInt(0)).isEqualTo(99);
		assertThat(simplified.getJsonArray("values").getJsonArray(0).getString(1)).isEqualTo("2026-12-01T06:00:00Z");
		assertThat(simplified.getJsonArray("values")).hasSize(6);

		var gone = send(writer, HttpRequest.newBuilder(uri("/ngsi-ld/v1/entities/urn:ngsi-ld:RoadSnowSensor:s1")).DELETE());
		assertThat(gone.statusCode()).isEqualTo(204);
		assertProblem(send(reader, HttpRequest.newBuilder(uri("/ngsi-ld/v1/temporal/entities/urn:ngsi-ld:RoadSnowSensor:s1")).GET()),
				404, "ResourceNotFound");
	}

	@Test
	void aggregatedValuesOverPeriods() throws Exception {
		provide("""
				{"id": "urn:ngsi-ld:WeatherObserved:w1", "type": "WeatherObserved",
				 "temperature": [
				   {"type": "Property", "value": -2, "observedAt": "2026-12-01T00:10:00Z"},
				   {"type": "Property", "value": -4, "observedAt": "2026-12-01T00:40:00Z"},
				   {"type": "Property", "value": 1, "observedAt": "2026-12-01T01:15:00Z"},
				   {"type": "Property", "value": 3, "observedAt": "2026-12-01T01:45:00Z"}]}
				""", 201);
		var aggregated = temporal("/ngsi-ld/v1/temporal/entities/urn:ngsi-ld:WeatherObserved:w1?options=aggregatedValues"
				+ "&aggrMethods=avg,min,max,sum,totalCount&aggrPeriodDuration=PT1H&timerel=between"
				+ "&timeAt=2026-12-01T00:00:00Z&endTimeAt=2026-12-01T02:00:00Z")
			.getJsonObject("temperature");
		assertThat(aggregated.getString("type")).isEqualTo("Property");
		var avg = aggregated.getJsonArray("avg");
		assertThat(avg).hasSize(2);
		assertThat(avg.getJsonArray(0).getJsonNumber(0).doubleValue()).isEqualTo(-3.0);
		assertThat(avg.getJsonArray(0).getString(1)).isEqualTo("2026-12-01T00:00:00Z");
		assertThat(avg.getJsonArray(0).getString(2)).isEqualTo("2026-12-01T01:00:00Z");
		assertThat(avg.getJsonArray(1).getJsonNumber(0).doubleValue()).isEqualTo(2.0);
		assertThat(aggregated.getJsonArray("min").getJsonArray(0).getInt(0)).isEqualTo(-4);
		assertThat(aggregated.getJsonArray("max").getJsonArray(1).getInt(0)).isEqualTo(3);
		assertThat(aggregated.getJsonArray("sum").getJsonArray(1).getInt(0)).isEqualTo(4);
		assertThat(aggregated.getJsonArray("totalCount").getJsonArray(0).getInt(0)).isEqualTo(2);
		var whole = temporal("/ngsi-ld/v1/temporal/entities/urn:ngsi-ld:WeatherObserved:w1?options=aggregatedValues"
				+ "&aggrMethods=totalCount,avg&timerel=after&timeAt=2026-12-01T00:00:00Z").getJsonObject("temperature");
		assertThat(whole.getJsonArray("totalCount").getJsonArray(0).getInt(0)).as("one period: the whole window").isEqualTo(4);
		assertThat(whole.getJsonArray("avg").getJsonArray(0).getJsonNumber(0).doubleValue()).isEqualTo(-0.5);
	}

	@Test
	void aHistoryProvidedChangedAndDeletedDirectly() throws Exception {
		var created = provide("""
				{"id": "urn:ngsi-ld:Device:d1", "type": "Device",
				 "batteryLevel": [{"type": "Property", "value": 0.9, "observedAt": "2026-11-30T00:00:00Z"},
				                  {"type": "Property", "value": 0.8, "observedAt": "2026-11-30T12:00:00Z"}]}
				""", 201);
		assertThat(created.headers().firstValue("Location")).hasValue("/ngsi-ld/v1/temporal/entities/urn:ngsi-ld:Device:d1");
		provide("""
				{"id": "urn:ngsi-ld:Device:d1", "type": "Device",
				 "batteryLevel": [{"type": "Property", "value": 0.7, "observedAt": "2026-12-01T00:00:00Z"}]}
				""", 204);
		var added = send(writer, HttpRequest.newBuilder(uri("/ngsi-ld/v1/temporal/entities/urn:ngsi-ld:Device:d1/attrs"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("""
					{"deviceState": [{"type": "Property", "value": "ok", "observedAt": "2026-12-01T00:00:00Z"}]}
					""")));
		assertThat(added.statusCode()).as(added.body()).isEqualTo(204);
		var history = temporal("/ngsi-ld/v1/temporal/entities/urn:ngsi-ld:Device:d1");
		assertThat(history.getJsonArray("batteryLevel")).hasSize(3);
		assertThat(history.getJsonArray("deviceState")).hasSize(1);

		var instanceId = history.getJsonArray("batteryLevel").getJsonObject(1).getString("instanceId");
		var changed = send(writer, HttpRequest.newBuilder(uri("/ngsi-ld/v1/temporal/entities/urn:ngsi-ld:Device:d1/attrs/batteryLevel/"
				+ instanceId))
			.header("Content-Type", "application/json")
			.method("PATCH", HttpRequest.BodyPublishers.ofString("{\"type\": \"Property\", \"value\": 0.85}")));
		assertThat(changed.statusCode()).as(changed.body()).isEqualTo(204);
		var after = temporal("/ngsi-ld/v1/temporal/entities/urn:ngsi-ld:Device:d1?attrs=batteryLevel").getJsonArray("batteryLevel");
		assertThat(after.getJsonObject(1).getJsonNumber("value").doubleValue()).isEqualTo(0.85);
		assertThat(after.getJsonObject(1).getString("observedAt")).as("members not given stay").isEqualTo("2026-11-30T12:00:00Z");
		assertThat(after.getJsonObject(1).getString("instanceId")).isEqualTo(instanceId);

		var deletedInstance = send(writer, HttpRequest.newBuilder(uri(
				"/ngsi-ld/v1/temporal/entities/urn:ngsi-ld:Device:d1/attrs/batteryLevel/" + instanceId)).DELETE());
		assertThat(deletedInstance.statusCode()).isEqualTo(204);
		assertThat(temporal("/ngsi-ld/v1/temporal/entities/urn:ngsi-ld:Device:d1?attrs=batteryLevel").getJsonArray("batteryLevel"))
			.hasSize(2);
		assertProblem(send(writer, HttpRequest.newBuilder(uri(
				"/ngsi-ld/v1/temporal/entities/urn:ngsi-ld:Device:d1/attrs/batteryLevel/" + instanceId)).DELETE()), 404,
				"ResourceNotFound");

		var deletedAttribute = send(writer, HttpRequest.newBuilder(uri(
				"/ngsi-ld/v1/temporal/entities/urn:ngsi-ld:Device:d1/attrs/deviceState")).DELETE());
		assertThat(deletedAttribute.statusCode()).isEqualTo(204);
		assertThat(temporal("/ngsi-ld/v1/temporal/entities/urn:ngsi-ld:Device:d1").containsKey("deviceState")).isFalse();

		var list = send(reader, HttpRequest.newBuilder(uri("/ngsi-ld/v1/temporal/entities?type=Device&count=true")).GET());
		assertThat(list.statusCode()).isEqualTo(200);
		assertThat(list.headers().firstValue("NGSILD-Results-Count")).hasValue("1");
		assertThat(array(list.body()).getJsonObject(0).getJsonArray("batteryLevel")).hasSize(2);

		var deleted = send(writer, HttpRequest.newBuilder(uri("/ngsi-ld/v1/temporal/entities/urn:ngsi-ld:Device:d1")).DELETE());
		assertThat(deleted.statusCode()).isEqualTo(204);
		assertProblem(send(reader, HttpRequest.newBuilder(uri("/ngsi-ld/v1/temporal/entities/urn:ngsi-ld:Device:d1")).GET()), 404,
				"ResourceNotFound");
	}

	/** 020_21 to 020_23 and 021_21, 021_22: pick and omit on a temporal entity and on a temporal query. */
	@Test
	void pickAndOmitChooseTheMembersOfATemporalRepresentation_020_21_to_23_021_21_22() throws Exception {
		for (var id : List.of("urn:ngsi-ld:Vehicle:A", "urn:ngsi-ld:Vehicle:B", "urn:ngsi-ld:Bus:C")) {
			provide("{\"id\": \"" + id + "\", \"type\": \"" + (id.contains("Bus") ? "Bus" : "Vehicle") + "\","
					+ " \"speed\": [{\"type\": \"Property\", \"value\": 120, \"observedAt\": \"2020-08-01T12:03:00Z\"},"
					+ " {\"type\": \"Property\", \"value\": 80, \"observedAt\": \"2020-08-01T12:05:00Z\"}],"
					+ " \"fuelLevel\": [{\"type\": \"Property\", \"value\": 67, \"observedAt\": \"2020-08-01T12:03:00Z\"}]}", 201);
		}
		var one = "/ngsi-ld/v1/temporal/entities/urn:ngsi-ld:Vehicle:A?";
		assertThat(temporal(one + "pick=speed").keySet()).containsExactly("speed");
		assertThat(temporal(one + "pick=speed").getJsonArray("speed")).hasSize(2);
		assertThat(temporal(one + "omit=speed").keySet()).containsExactlyInAnyOrder("id", "type", "fuelLevel");
		assertThat(temporal(one + "pick=" + encode("id,speed")).keySet()).containsExactlyInAnyOrder("id", "speed");
		assertThat(temporal(one + "omit=" + encode("type,speed")).keySet()).containsExactlyInAnyOrder("id", "fuelLevel");
		assertThat(temporal(one + "pick=" + encode("id|fuelLevel") + "&lastN=1").keySet()).as("| joins names too")
			.containsExactlyInAnyOrder("id", "fuelLevel");
		for (var refused : List.of("pick=speed&omit=speed", "pick=speed&attrs=fuelLevel", "omit=speed&attrs=fuelLevel",
				"pick=" + encode("speed{value}"), "pick=" + encode("speed,"))) {
			assertProblem(send(reader, HttpRequest.newBuilder(uri(one + refused)).GET()), 400, "BadRequestData");
			assertProblem(send(reader, HttpRequest.newBuilder(uri("/ngsi-ld/v1/temporal/entities?type=Vehicle&" + refused)).GET()),
					400, "BadRequestData");
		}
		assertProblem(send(reader, HttpRequest.newBuilder(uri(one + "pick=unknown")).GET()), 404, "ResourceNotFound");
		assertProblem(send(reader, HttpRequest.newBuilder(uri(one + "omit=" + encode("id,type,fuelLevel,speed"))).GET()), 404,
				"ResourceNotFound");

		var query = "/ngsi-ld/v1/temporal/entities?type=" + encode("Bus,Vehicle") + "&timerel=after&timeAt="
				+ encode("1970-01-01T00:00:00Z") + "&";
		for (var asked : List.of(List.of("pick=speed", "speed"), List.of("omit=speed", "id,type,fuelLevel"),
				List.of("pick=id", "id"), List.of("omit=type", "id,speed,fuelLevel"), List.of("pick=" + encode("id,speed"), "id,speed"),
				List.of("omit=" + encode("type,speed"), "id,fuelLevel"))) {
			var response = send(reader, HttpRequest.newBuilder(uri(query + asked.get(0))).GET());
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			var entities = array(response.body());
			assertThat(entities).as(asked.get(0)).hasSize(3);
			for (var entity : entities) {
				assertThat(((JsonObject) entity).keySet()).as(asked.get(0))
					.containsExactlyInAnyOrder(asked.get(1).split(","));
			}
		}
		var none = send(reader, HttpRequest.newBuilder(uri(query + "pick=unknown")).GET());
		assertThat(none.statusCode()).isEqualTo(200);
		assertThat(array(none.body())).as("a query answers only the entities something is left of").isEmpty();
	}

	@Test
	void whatIsNotATemporalRequestIsRefused() throws Exception {
		provide("""
				{"id": "urn:ngsi-ld:Device:e1", "type": "Device", "batteryLevel": [{"type": "Property", "value": 1}]}
				""", 201);
		var base = "/ngsi-ld/v1/temporal/entities/urn:ngsi-ld:Device:e1?";
		for (var query : List.of("timerel=before", "timerel=whenever&timeAt=2026-01-01T00:00:00Z",
				"timerel=between&timeAt=2026-01-01T00:00:00Z", "timerel=between&timeAt=2026-01-02T00:00:00Z&endTimeAt=2026-01-01T00:00:00Z",
				"timeAt=2026-01-01T00:00:00Z", "timerel=after&timeAt=yesterday", "timeproperty=deletedAt", "lastN=0", "lastN=-1",
				"lastN=x", "options=aggregatedValues", "options=aggregatedValues&aggrMethods=median",
				"options=aggregatedValues&aggrMethods=avg&aggrPeriodDuration=P1M", "aggrMethods=avg",
				"options=temporalValues,aggregatedValues&aggrMethods=avg", "unknown=1")) {
			assertProblem(send(reader, HttpRequest.newBuilder(uri(base + query.replace("+", "%2B"))).GET()), 400, "BadRequestData");
		}
		// a representation not known is InvalidRequest, as on the entities' API (021_20)
		for (var query : List.of("options=nonsense", "format=nonsense", "options=temporalValues,nonsense")) {
			assertProblem(send(reader, HttpRequest.newBuilder(uri(base + query)).GET()), 400, "InvalidRequest");
		}
		// format names a representation as options do
		assertThat(temporal(base + "format=temporalValues").getJsonObject("batteryLevel").getJsonArray("values")).hasSize(1);
		assertThat(temporal(base + "format=normalized").getJsonArray("batteryLevel")).hasSize(1);
		// none of the attributes asked for: 404 (020_08_01)
		assertProblem(send(reader, HttpRequest.newBuilder(uri(base + "attrs=unknownAttribute")).GET()), 404, "ResourceNotFound");
		assertThat(temporal(base + "attrs=unknownAttribute,batteryLevel").containsKey("batteryLevel")).isTrue();
		var badTime = send(writer, HttpRequest.newBuilder(uri("/ngsi-ld/v1/entities"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("""
					{"id": "urn:ngsi-ld:Device:e3", "type": "Device",
					 "batteryLevel": {"type": "Property", "value": 1, "observedAt": "2026-12-01T010:00:00Z"}}
					""")));
		assertProblem(badTime, 400, "BadRequestData");
		assertProblem(send(reader, HttpRequest.newBuilder(uri("/ngsi-ld/v1/temporal/entities/notAnId")).GET()), 400,
				"BadRequestData");
		assertProblem(send(reader, HttpRequest.newBuilder(uri("/ngsi-ld/v1/temporal/entities/urn:ngsi-ld:Device:none")).GET()), 404,
				"ResourceNotFound");
		assertProblem(send(reader, HttpRequest.newBuilder(uri("/ngsi-ld/v1/temporal/entities?timerel=after&timeAt=2026-01-01T00:00:00Z"))
			.GET()), 400, "BadRequestData");
		for (var body : List.of("{\"type\": \"Device\", \"a\": [{\"type\": \"Property\", \"value\": 1}]}",
				"{\"id\": \"urn:ngsi-ld:Device:e2\", \"a\": [{\"type\": \"Property\", \"value\": 1}]}",
				"{\"id\": \"urn:ngsi-ld:Device:e2\", \"type\": \"Device\", \"a\": [{\"type\": \"Nonsense\", \"value\": 1}]}",
				"{\"id\": \"urn:ngsi-ld:Device:e2\", \"type\": \"Device\", \"a\": [{\"type\": \"Property\"}]}",
				"{\"id\": \"urn:ngsi-ld:Device:e2\", \"type\": \"Device\", \"a\": 5}")) {
			assertProblem(send(writer, HttpRequest.newBuilder(uri("/ngsi-ld/v1/temporal/entities"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body))), 400, "BadRequestData");
		}
		assertProblem(send(reader, HttpRequest.newBuilder(uri("/ngsi-ld/v1/temporal/entities/urn:ngsi-ld:Device:e2")).GET()), 404,
				"ResourceNotFound");
		assertProblem(send(writer, HttpRequest.newBuilder(uri("/ngsi-ld/v1/temporal/entities/urn:ngsi-ld:Device:none/attrs"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"a\": [{\"type\": \"Property\", \"value\": 1}]}"))), 404, "ResourceNotFound");
	}

	@Test
	void aTemporalQueryWrittenInABodyAnswersAsTheSameQueryOfTheUrl_021_13_01_to_04() throws Exception {
		for (var entity : List.of("urn:ngsi-ld:Vehicle:021-13-A", "urn:ngsi-ld:Vehicle:021-13-B", "urn:ngsi-ld:Bus:021-13-A")) {
			provide("""
					{"id": "%s", "type": "%s",
					 "speed": [{"type": "Property", "value": 120, "observedAt": "2020-08-01T12:03:00Z"},
					           {"type": "Property", "value": 80, "observedAt": "2020-08-01T12:05:00Z"},
					           {"type": "Property", "value": 100, "observedAt": "2020-08-02T12:07:00Z"},
					           {"type": "Property", "value": 90, "observedAt": "2020-09-01T13:06:00Z"}]}
					""".formatted(entity, entity.contains("Bus") ? "Bus" : "Vehicle"), 201);
		}
		String[][] cases = {
				{ "021_13_01", "{\"type\": \"Vehicle\"}", "{\"timerel\": \"after\", \"timeAt\": \"2020-08-02T12:05:00Z\"}",
						"type=Vehicle&timerel=after&timeAt=2020-08-02T12:05:00Z", "2", "2" },
				{ "021_13_02", "{\"type\": \"Vehicle\"}", "{\"timerel\": \"before\", \"timeAt\": \"2020-08-02T12:05:00Z\"}",
						"type=Vehicle&timerel=before&timeAt=2020-08-02T12:05:00Z", "2", "2" },
				{ "021_13_03", "{\"type\": \"Vehicle\"}",
						"{\"timerel\": \"between\", \"timeAt\": \"2020-08-02T12:05:00Z\", \"endTimeAt\": \"2020-09-01T13:06:00Z\"}",
						"type=Vehicle&timerel=between&timeAt=2020-08-02T12:05:00Z&endTimeAt=2020-09-01T13:06:00Z", "2", "1" },
				{ "021_13_04", "{\"type\": \"Vehicle\"}, {\"type\": \"Bus\"}",
						"{\"timerel\": \"after\", \"timeAt\": \"2020-08-02T12:05:00Z\"}",
						"type=Vehicle,Bus&timerel=after&timeAt=2020-08-02T12:05:00Z", "3", "2" } };
		for (var c : cases) {
			var posted = postTemporal("{\"type\": \"Query\", \"entities\": [" + c[1] + "], \"temporalQ\": " + c[2] + "}", "");
			assertThat(posted.statusCode()).as(c[0] + " " + posted.body()).isEqualTo(200);
			var entities = array(posted.body());
			assertThat(entities).as(c[0]).hasSize(Integer.parseInt(c[4]));
			for (var entity : entities) {
				assertThat(((JsonObject) entity).getJsonArray("speed")).as(c[0] + " " + entity).hasSize(Integer.parseInt(c[5]));
			}
			var got = send(reader, HttpRequest.newBuilder(uri("/ngsi-ld/v1/temporal/entities?" + c[3])).GET());
			assertThat(entities).as(c[0] + ": as the GET of the same query").isEqualTo(array(got.body()));
		}
		var counted = postTemporal("{\"type\": \"Query\", \"entities\": [{\"type\": \"Vehicle\"}], \"attrs\": [\"speed\"]}",
				"?count=true&limit=1&lastN=1&options=temporalValues");
		assertThat(counted.headers().firstValue("NGSILD-Results-Count")).as(counted.body()).hasValue("2");
		assertThat(array(counted.body()).getJsonObject(0).getJsonObject("speed").getJsonArray("values")).hasSize(1);
		for (var wrong : List.of("{\"type\": \"Query\", \"entities\": [{\"type\": \"Vehicle\"}], \"temporalQ\": \"after\"}",
				"{\"type\": \"Query\", \"entities\": [{\"type\": \"Vehicle\"}], \"temporalQ\": {\"timerel\": \"after\"}}",
				"{\"type\": \"Query\", \"entities\": [{\"type\": \"Vehicle\"}], \"temporalQ\": {\"when\": \"now\"}}",
				"{\"type\": \"Query\", \"entities\": [{\"type\": \"Vehicle\"}], \"q\": \"speed>90\"}",
				"{\"type\": \"Subscription\", \"entities\": [{\"type\": \"Vehicle\"}]}", "{\"type\": \"Query\"}",
				"{\"type\": \"Query\", \"entities\": []}")) {
			assertProblem(postTemporal(wrong, ""), 400, "BadRequestData");
		}
		// not JSON, or JSON that is not one object (a member twice): InvalidRequest, as for any body of the API
		for (var notOne : List.of("[]", "{\"type\": \"Query\", \"type\": \"Query\"}", "", "{\"type\": \"Qu")) {
			assertProblem(postTemporal(notOne, ""), 400, "InvalidRequest");
		}
		assertProblem(postTemporal("{\"type\": \"Query\", \"entities\": [{\"type\": \"Vehicle\"}]}", "?unknown=1"), 400,
				"BadRequestData");
	}

	private HttpResponse<String> postTemporal(String body, String parameters) throws Exception {
		return send(reader, HttpRequest.newBuilder(uri("/ngsi-ld/v1/temporal/entityOperations/query" + parameters))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	// ---- helpers

	private List<Integer> values(String query) throws Exception {
		var history = temporal("/ngsi-ld/v1/temporal/entities/urn:ngsi-ld:RoadSnowSensor:s1?attrs=snowHeight&" + query);
		var instances = history.getJsonArray("snowHeight");
		return instances == null ? List.of() : instances.stream().map(i -> ((JsonObject) i).getInt("value")).toList();
	}

	private JsonObject temporal(String path) throws Exception {
		var response = send(reader, HttpRequest.newBuilder(uri(path)).GET());
		assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(200);
		try (var json = Json.createReader(new StringReader(response.body()))) {
			return json.readObject();
		}
	}

	private HttpResponse<String> provide(String body, int status) throws Exception {
		var response = send(writer, HttpRequest.newBuilder(uri("/ngsi-ld/v1/temporal/entities"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		return response;
	}

	private HttpResponse<String> send(String token, HttpRequest.Builder request) throws Exception {
		return http.send(request.header("Authorization", "Bearer " + token).header("NGSILD-Tenant", tenant).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + port + path);
	}

	private static JsonArray array(String text) {
		try (var reader = Json.createReader(new StringReader(text))) {
			return reader.readArray();
		}
	}

	private static void assertProblem(HttpResponse<String> response, int status, String type) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		try (var json = Json.createReader(new StringReader(response.body()))) {
			assertThat(json.readObject().getString("type")).isEqualTo("https://uri.etsi.org/ngsi-ld/errors/" + type);
		}
	}

	static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}
}
