package jp.tsunagu.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
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
 * Subscriptions and notifications as an NGSI-LD subscriber sees them, over HTTP with Sapporo Smart
 * ID tokens and a real HTTP receiver of the test's own: the behaviour the ETSI suite's subscription
 * purposes describe (028_xx create, 029_xx update, 030_xx retrieve, 031_xx query, 032_xx delete,
 * 046_xx notification behaviour), written from them. Each test works in a tenant of its own.
 */
@TsunaguTest
class HubSubscriptionTests {

	static final String CONTEXT_BODY = """
			{"@context": {"Building": "https://example.org/city#Building", "Tower": "https://example.org/city#Tower",
			              "name": "https://example.org/city#name", "airQualityLevel": "https://example.org/city#airQualityLevel"}}
			""";

	@LocalServerPort
	int port;

	@Autowired
	PartnerClients clients;

	HubClient hub;

	NotificationReceiver receiver;

	String context;

	String writer;

	String reader;

	String tenant;

	@BeforeEach
	void start() throws Exception {
		hub = HubClient.inNewTenant(clients, port);
		writer = hub.writer;
		reader = hub.reader;
		tenant = hub.tenant;
		receiver = NotificationReceiver.start(CONTEXT_BODY);
		context = receiver.context;
	}

	@AfterEach
	void stop() {
		receiver.close();
	}

	// ---- create, retrieve, query, update, delete (028, 029, 030, 031, 032)

	@Test
	void createRetrieveQueryUpdateAndDelete_028_01_030_03_031_01_029_06_032_03() throws Exception {
		var created = create("""
				{"id": "urn:ngsi-ld:Subscription:one", "type": "Subscription", "entities": [{"type": "Building"}],
				 "watchedAttributes": ["airQualityLevel"], "q": "airQualityLevel>3",
				 "notification": {"format": "keyValues", "endpoint": {"uri": "%s", "accept": "application/json"}},
				 "status": "expired", "timesSent": 42, "__context": "http://x.example/hijacked.jsonld",
				 "@context": "%s"}
				""".formatted(endpoint(), context));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		assertThat(created.headers().firstValue("Location")).hasValue("/ngsi-ld/v1/subscriptions/urn:ngsi-ld:Subscription:one");

		var got = get("/ngsi-ld/v1/subscriptions/urn:ngsi-ld:Subscription:one", context, "application/ld+json");
		assertThat(got.statusCode()).isEqualTo(200);
		var subscription = object(got.body());
		assertThat(subscription.getString("id")).isEqualTo("urn:ngsi-ld:Subscription:one");
		assertThat(subscription.getString("type")).isEqualTo("Subscription");
		assertThat(subscription.getJsonArray("entities").getJsonObject(0).getString("type")).isEqualTo("Building");
		assertThat(subscription.getJsonArray("watchedAttributes").getString(0)).isEqualTo("airQualityLevel");
		assertThat(subscription.getString("status")).as("the hub's, not the client's").isEqualTo("active");
		assertThat(subscription.getJsonArray("notificationTrigger").getValuesAs(jakarta.json.JsonString::getString))
			.containsExactly("attributeCreated", "attributeUpdated");
		assertThat(subscription.getJsonObject("notification").containsKey("timesSent")).as("nothing sent yet").isFalse();
		assertThat(subscription.getString("@context")).isEqualTo(context);
		assertThat(got.body()).doesNotContain("hijacked").doesNotContain("__context");

		var withoutContext = object(get("/ngsi-ld/v1/subscriptions/urn:ngsi-ld:Subscription:one", null, null).body());
		assertThat(withoutContext.getJsonArray("entities").getJsonObject(0).getString("type"))
			.as("029_05_02: in the core context the type is its IRI").isEqualTo("https://example.org/city#Building");
		assertThat(withoutContext.containsKey("@context")).isFalse();

		var duplicate = create("""
				{"id": "urn:ngsi-ld:Subscription:one", "type": "Subscription", "entities": [{"type": "Building"}],
				 "notification": {"endpoint": {"uri": "%s"}}}
				""".formatted(endpoint()));
		assertProblem(duplicate, 409, "AlreadyExists");

		var generated = create("""
				{"type": "Subscription", "entities": [{"type": "Building"}], "isActive": false,
				 "notification": {"endpoint": {"uri": "%s"}}}
				""".formatted(endpoint()));
		assertThat(generated.statusCode()).isEqualTo(201);
		var location = generated.headers().firstValue("Location").orElseThrow();
		assertThat(location).as("5811_01_03: a made id, its colons as they are").startsWith("/ngsi-ld/v1/subscriptions/urn:ngsi-ld:Subscription:");
		assertThat(get(location, null, null).statusCode()).isEqualTo(200);
		assertThat(create("""
				{"type": "Subscription", "watchedAttributes": ["name"], "notification": {"endpoint": {"uri": "%s"}}}
				""".formatted(endpoint())).statusCode()).isEqualTo(201);

		var all = get("/ngsi-ld/v1/subscriptions/?limit=1&offset=1", null, null);
		assertThat(all.statusCode()).isEqualTo(200);
		assertThat(array(all.body())).hasSize(1);
		assertThat(array(all.body()).getJsonObject(0).getString("status")).isEqualTo("paused");
		assertThat(all.headers().allValues("Link")).contains(
				"</ngsi-ld/v1/subscriptions?limit=1&offset=0>; rel=\"prev\"; type=\"application/json\"",
				"</ngsi-ld/v1/subscriptions?limit=1&offset=2>; rel=\"next\"; type=\"application/json\"");
		var last = get("/ngsi-ld/v1/subscriptions/?limit=1&offset=2", null, null);
		assertThat(array(last.body())).hasSize(1);
		assertThat(last.headers().allValues("Link")).as("031_02_02: the last page has no next")
			.contains("</ngsi-ld/v1/subscriptions?limit=1&offset=1>; rel=\"prev\"; type=\"application/json\"")
			.noneMatch(l -> l.contains("rel=\"next\""));
		var whole = get("/ngsi-ld/v1/subscriptions?limit=15", null, null);
		assertThat(array(whole.body())).hasSize(3);
		assertThat(whole.headers().allValues("Link")).noneMatch(l -> l.contains("rel=\"next\"") || l.contains("rel=\"prev\""));

		var patched = patch("/ngsi-ld/v1/subscriptions/urn:ngsi-ld:Subscription:one", """
				{"notification": {"format": "keyValues", "endpoint": {"uri": "http://my.second.endpoint.example/notify"}},
				 "isActive": false}
				""", context);
		assertThat(patched.statusCode()).as(patched.body()).isEqualTo(204);
		var after = object(get("/ngsi-ld/v1/subscriptions/urn:ngsi-ld:Subscription:one", context, null).body());
		assertThat(after.getJsonObject("notification").getJsonObject("endpoint").getString("uri"))
			.isEqualTo("http://my.second.endpoint.example/notify");
		assertThat(after.getString("status")).isEqualTo("paused");
		assertThat(after.getString("q")).as("members not given stay").isEqualTo("airQualityLevel>3");

		assertThat(patch("/ngsi-ld/v1/subscriptions/urn:ngsi-ld:Subscription:one", "{\"entities\": [{\"type\": \"Tower\"}]}",
				context).statusCode()).isEqualTo(204);
		assertThat(object(get("/ngsi-ld/v1/subscriptions/urn:ngsi-ld:Subscription:one", context, null).body())
			.getJsonArray("entities").getJsonObject(0).getString("type")).as("029_05_01").isEqualTo("Tower");
		assertThat(object(get("/ngsi-ld/v1/subscriptions/urn:ngsi-ld:Subscription:one", null, null).body())
			.getJsonArray("entities").getJsonObject(0).getString("type")).as("029_05_02").isEqualTo("https://example.org/city#Tower");

		var deleted = send(HttpRequest.newBuilder(uri("/ngsi-ld/v1/subscriptions/urn:ngsi-ld:Subscription:one")).DELETE(),
				writer);
		assertThat(deleted.statusCode()).isEqualTo(204);
		assertThat(deleted.body()).isEmpty();
		assertProblem(get("/ngsi-ld/v1/subscriptions/urn:ngsi-ld:Subscription:one", null, null), 404, "ResourceNotFound");
	}

	@Test
	void whatIsNotASubscriptionIsRefused_028_02_028_03_028_05_029_03_030_01_032_01() throws Exception {
		var endpoint = "{\"endpoint\": {\"uri\": \"" + endpoint() + "\"}}";
		for (var body : List.of("{}", "{\"type\": \"Subscription\"}",
				"{\"id\": \"invalidId\", \"type\": \"Subscription\", \"entities\": [{\"type\": \"B\"}], \"notification\": " + endpoint + "}",
				"{\"id\": \"\", \"type\": \"Subscription\", \"entities\": [{\"type\": \"B\"}], \"notification\": " + endpoint + "}",
				"{\"type\": \"Subscription\", \"entities\": [{\"type\": \"B\"}], \"throttling\": 30, \"timeInterval\": 10, \"notification\": " + endpoint + "}",
				"{\"type\": \"Subscription\", \"entities\": [{\"type\": \"B\"}], \"throttling\": -30, \"notification\": " + endpoint + "}",
				"{\"type\": \"Subscription\", \"entities\": [{\"type\": \"B\"}], \"expiresAt\": \"2000-01-01T00:00:00Z\", \"notification\": " + endpoint + "}",
				"{\"type\": \"Subscription\", \"entities\": [{\"type\": \"B\"}], \"notificationTrigger\": [\"entityChanged\"], \"notification\": " + endpoint + "}",
				"{\"type\": \"Subscription\", \"entities\": [{\"type\": \"B\"}], \"q\": \"((\", \"notification\": " + endpoint + "}",
				"{\"type\": \"Subscription\", \"entities\": [{\"type\": \"B\"}], \"csf\": \"((\", \"notification\": " + endpoint + "}",
				"{\"type\": \"Subscription\", \"entities\": [{\"type\": \"B\"}], \"geoQ\": {\"georel\": \"near\", \"geometry\": \"Point\", \"coordinates\": [1,2]}, \"notification\": " + endpoint + "}",
				"{\"type\": \"Subscription\", \"entities\": [{\"type\": \"B\"}], \"notification\": {\"format\": \"keyValues\"}}",
				"{\"type\": \"Subscription\", \"entities\": [{\"type\": \"B\"}], \"notification\": {\"endpoint\": {\"uri\": \"ftp://x.example/\"}}}",
				"{\"type\": \"Subscription\", \"entities\": [{\"type\": \"B\"}], \"notification\": {\"attributes\": [], \"endpoint\": {\"uri\": \"http://x.example/\"}}}",
				"{\"type\": \"Subscription\", \"entities\": [{\"type\": \"B\"}], \"notification\": {\"pick\": [\"id\"], \"omit\": [\"id\"], \"endpoint\": {\"uri\": \"http://x.example/\"}}}",
				"{\"type\": \"Subscription\", \"entities\": [{\"type\": \"B\"}], \"notification\": {\"pick\": [\"id\"], \"attributes\": [\"id\"], \"endpoint\": {\"uri\": \"http://x.example/\"}}}",
				"{\"type\": \"Subscription\", \"entities\": [{\"type\": \"B\"}], \"notification\": {\"format\": \"keyValues\", \"showChanges\": true, \"endpoint\": {\"uri\": \"http://x.example/\"}}}",
				"{\"type\": \"Subscription\", \"entities\": [{\"type\": \"B\"}], \"notification\": {\"endpoint\": {\"uri\": \"http://x.example/\", \"receiverInfo\": [{\"key\": \"X-A\", \"value\": 42}]}}}",
				"{\"type\": \"Subscription\", \"entities\": [{\"type\": \"B\"}], \"notification\": {\"endpoint\": {\"uri\": \"http://x.example/\", \"receiverInfo\": [{\"key\": \"X-A\"}]}}}",
				"{\"type\": \"Subscription\", \"entities\": [{\"type\": \"B\"}], \"notification\": {\"omit\": [\"id\"], \"attributes\": [\"id\"], \"endpoint\": {\"uri\": \"http://x.example/\"}}}",
				"{\"type\": \"Subscription\", \"entities\": [{\"type\": \"B\"}], \"notification\": {\"pick\": [], \"endpoint\": {\"uri\": \"http://x.example/\"}}}",
				"{\"type\": \"Subscription\", \"entities\": [{\"type\": \"B\"}], \"notification\": {\"omit\": [], \"endpoint\": {\"uri\": \"http://x.example/\"}}}",
				"{\"type\": \"Subscription\", \"entities\": [{\"type\": \"B\"}], \"notification\": {\"format\": \"simplified\", \"showChanges\": true, \"endpoint\": {\"uri\": \"http://x.example/\"}}}",
				"{\"type\": \"Subscription\", \"entities\": [{\"type\": \"B\"}], \"notification\": {\"endpoint\": {\"uri\": \"http://x.example/\", \"notifierInfo\": [{\"key\": \"X-A\", \"value\": {\"a\": 1}}]}}}",
				"{\"type\": \"Subscription\", \"entities\": [{\"type\": \"B\"}], \"notification\": {\"endpoint\": {\"uri\": \"http://x.example/\", \"receiverInfo\": [{\"key\": 5, \"value\": \"v\"}]}}}",
				"{\"type\": \"Subscription\", \"entities\": [{\"type\": \"B\"}], \"jsonldContext\": \"unknownContext\", \"notification\": " + endpoint + "}")) {
			assertProblem(createJson(body), 400, "BadRequestData");
		}
		assertProblem(createJson("{\"type\": \"Subscription\",, }"), 400, "InvalidRequest");
		var unreachable = createJson("{\"type\": \"Subscription\", \"entities\": [{\"type\": \"B\"}], \"jsonldContext\": "
				+ "\"http://127.0.0.1:1/none.jsonld\", \"notification\": " + endpoint + "}");
		assertProblem(unreachable, 504, "LdContextNotAvailable");
		// none of those made the tenant (NonexistentTenant); once one subscription is there, an unknown one is ResourceNotFound
		assertProblem(get("/ngsi-ld/v1/subscriptions/urn:ngsi-ld:Subscription:unknown", null, null), 404, "NonexistentTenant");
		assertThat(createJson("{\"id\": \"urn:ngsi-ld:Subscription:first\", \"type\": \"Subscription\", \"entities\": [{\"type\": \"B\"}], "
				+ "\"notification\": " + endpoint + "}").statusCode()).isEqualTo(201);
		assertProblem(get("/ngsi-ld/v1/subscriptions/InvalidUri", null, null), 400, "BadRequestData");
		assertProblem(get("/ngsi-ld/v1/subscriptions/urn:ngsi-ld:Subscription:unknown", null, null), 404, "ResourceNotFound");
		assertThat(send(HttpRequest.newBuilder(uri("/ngsi-ld/v1/subscriptions/")).DELETE(), writer).statusCode()).isEqualTo(405);
		assertProblem(send(HttpRequest.newBuilder(uri("/ngsi-ld/v1/subscriptions/InvalidUri")).DELETE(), writer), 400,
				"BadRequestData");
		assertProblem(send(HttpRequest.newBuilder(uri("/ngsi-ld/v1/subscriptions/urn:ngsi-ld:Subscription:unknown")).DELETE(),
				writer), 404, "ResourceNotFound");
		assertThat(patch("/ngsi-ld/v1/subscriptions/", "{\"isActive\": true}", null).statusCode()).isEqualTo(405);
		assertProblem(patch("/ngsi-ld/v1/subscriptions/urn:ngsi-ld:Subscription:unknown", "{\"isActive\": true}", null), 404,
				"ResourceNotFound");
		assertThat(array(get("/ngsi-ld/v1/subscriptions", null, null).body())).as("nothing else was stored")
			.singleElement()
			.satisfies(only -> assertThat(only.toString()).contains("urn:ngsi-ld:Subscription:first"));

		assertThat(createJson("{\"id\": \"urn:ngsi-ld:Subscription:kept\", \"type\": \"Subscription\", \"entities\": [{\"type\": \"B\"}], \"notification\": "
				+ endpoint + "}").statusCode()).isEqualTo(201);
		assertProblem(patch("/ngsi-ld/v1/subscriptions/urn:ngsi-ld:Subscription:kept", "{\"notification\": {\"format\": \"keyValues\"}}", null),
				400, "BadRequestData");
		assertProblem(patch("/ngsi-ld/v1/subscriptions/urn:ngsi-ld:Subscription:kept", "{\"notification\": {\"endpoint\": null}}", null),
				400, "BadRequestData");
		assertProblem(patch("/ngsi-ld/v1/subscriptions/urn:ngsi-ld:Subscription:kept", "{\"expiresAt\": \"2020-08-01T22:07:00Z\"}", null),
				400, "BadRequestData");
	}

	// ---- notifications (046)

	@Test
	void aWatchedChangeIsNotifiedWithTheSubscriptionsContextAndCounted_046_01_046_03_046_09_046_10_046_11_046_12() throws Exception {
		createEntity("urn:ngsi-ld:Building:eiffel", 4);
		assertThat(create("""
				{"id": "urn:ngsi-ld:Subscription:watch", "type": "Subscription",
				 "entities": [{"id": "urn:ngsi-ld:Building:eiffel", "type": "Building"}], "watchedAttributes": ["airQualityLevel"],
				 "notification": {"endpoint": {"uri": "%s", "receiverInfo": [{"key": "X-Additional-Key", "value": "Value"}]}},
				 "@context": "%s"}
				""".formatted(endpoint(), context)).statusCode()).isEqualTo(201);
		assertThat(receiver.received.poll(700, TimeUnit.MILLISECONDS)).as("nothing is sent on creation").isNull();

		assertThat(updateAirQuality("urn:ngsi-ld:Building:eiffel", 5).statusCode()).isEqualTo(204);
		var notification = next();
		assertThat(notification.headers().get("Content-type")).containsExactly("application/json");
		assertThat(notification.headers().get("Link")).containsExactly(
				"<" + context + ">; rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\"");
		assertThat(notification.headers().get("X-additional-key")).containsExactly("Value");
		assertThat(notification.headers().get("Ngsild-tenant")).containsExactly(tenant);
		var body = notification.body();
		assertThat(body.getString("type")).isEqualTo("Notification");
		assertThat(body.getString("id")).startsWith("urn:ngsi-ld:Notification:");
		assertThat(body.getString("subscriptionId")).isEqualTo("urn:ngsi-ld:Subscription:watch");
		assertThat(Instant.parse(body.getString("notifiedAt"))).isBefore(Instant.now().plusSeconds(1));
		var data = body.getJsonArray("data");
		assertThat(data).hasSize(1);
		var entity = data.getJsonObject(0);
		assertThat(entity.getString("id")).isEqualTo("urn:ngsi-ld:Building:eiffel");
		assertThat(entity.getString("type")).as("the subscription's names").isEqualTo("Building");
		assertThat(entity.getJsonObject("airQualityLevel").getInt("value")).isEqualTo(5);
		assertThat(entity.getJsonObject("name").getString("value")).isEqualTo("Eiffel Tower");
		assertThat(entity.containsKey("@context")).isFalse();

		var stats = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(
				() -> object(get("/ngsi-ld/v1/subscriptions/urn:ngsi-ld:Subscription:watch", context, null).body())
					.getJsonObject("notification"),
				figures -> figures.containsKey("timesSent"));
		assertThat(stats.getInt("timesSent")).isEqualTo(1);
		assertThat(stats.getString("status")).isEqualTo("ok");
		assertThat(Instant.parse(stats.getString("lastSuccess"))).isEqualTo(Instant.parse(stats.getString("lastNotification")));

		var unwatched = send(HttpRequest.newBuilder(uri("/ngsi-ld/v1/entities/urn:ngsi-ld:Building:eiffel/attrs"))
			.header("Content-Type", "application/json")
			.header("Link", link(context))
			.method("PATCH", HttpRequest.BodyPublishers.ofString("{\"name\": {\"type\": \"Property\", \"value\": \"Tour Eiffel\"}}")),
				writer);
		assertThat(unwatched.statusCode()).isEqualTo(204);
		assertThat(receiver.received.poll(1500, TimeUnit.MILLISECONDS)).as("name is not watched").isNull();
	}

	@Test
	void keyValuesAttributesJsonLdAndQ_046_05_046_07_02_046_08_02_046_14() throws Exception {
		createEntity("urn:ngsi-ld:Building:b1", 4);
		assertThat(create("""
				{"type": "Subscription", "entities": [{"type": "Building"}], "q": "name==\\"Eiffel%%20Tower\\"",
				 "notification": {"format": "keyValues", "attributes": ["airQualityLevel"],
				                  "endpoint": {"uri": "%s", "accept": "application/ld+json"}},
				 "@context": "%s"}
				""".formatted(endpoint(), context)).statusCode()).isEqualTo(201);
		updateAirQuality("urn:ngsi-ld:Building:b1", 6);
		var notification = next();
		assertThat(notification.headers().get("Content-type")).containsExactly("application/ld+json");
		assertThat(notification.headers().containsKey("Link")).isFalse();
		var entity = notification.body().getJsonArray("data").getJsonObject(0);
		assertThat(entity.getInt("airQualityLevel")).isEqualTo(6);
		assertThat(entity.containsKey("name")).as("only the attributes asked for").isFalse();
		assertThat(entity.getString("@context")).isEqualTo(context);

		createEntity("urn:ngsi-ld:Building:b2", 4);
		send(HttpRequest.newBuilder(uri("/ngsi-ld/v1/entities/urn:ngsi-ld:Building:b2/attrs"))
			.header("Content-Type", "application/json")
			.header("Link", link(context))
			.method("PATCH", HttpRequest.BodyPublishers.ofString("{\"name\": {\"type\": \"Property\", \"value\": \"Other\"}}")),
				writer);
		var created = next();
		assertThat(created.body().getJsonArray("data").getJsonObject(0).getString("id"))
			.as("b2 was created as Eiffel Tower: that was a notification").isEqualTo("urn:ngsi-ld:Building:b2");
		updateAirQuality("urn:ngsi-ld:Building:b2", 7);
		assertThat(receiver.received.poll(1500, TimeUnit.MILLISECONDS)).as("b2 is no longer named Eiffel Tower").isNull();
	}

	@Test
	void entityCreatedDeletedAndAttributeDeletedTriggers_046_06_046_16_046_21_046_22() throws Exception {
		assertThat(create("""
				{"type": "Subscription", "entities": [{"type": "(Building|Tower)"}], "notificationTrigger": ["entityCreated", "entityDeleted"],
				 "notification": {"endpoint": {"uri": "%s"}}, "@context": "%s"}
				""".formatted(endpoint(), context)).statusCode()).isEqualTo(201);
		createEntity("urn:ngsi-ld:Building:new", 3);
		assertThat(next().body().getJsonArray("data").getJsonObject(0).getString("id")).isEqualTo("urn:ngsi-ld:Building:new");
		var vehicle = send(HttpRequest.newBuilder(uri("/ngsi-ld/v1/entities"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"id\": \"urn:ngsi-ld:Vehicle:v\", \"type\": \"Vehicle\"}")), writer);
		assertThat(vehicle.statusCode()).isEqualTo(201);
		assertThat(receiver.received.poll(1200, TimeUnit.MILLISECONDS)).as("a Vehicle is neither a Building nor a Tower").isNull();

		assertThat(send(HttpRequest.newBuilder(uri("/ngsi-ld/v1/entities/urn:ngsi-ld:Building:new")).DELETE(), writer)
			.statusCode()).isEqualTo(204);
		var gone = next().body().getJsonArray("data").getJsonObject(0);
		assertThat(gone.keySet()).containsExactlyInAnyOrder("id", "type", "deletedAt");

		assertThat(create("""
				{"type": "Subscription", "entities": [{"type": "Building"}], "watchedAttributes": ["name"],
				 "notificationTrigger": ["attributeDeleted"], "notification": {"endpoint": {"uri": "%s"}}, "@context": "%s"}
				""".formatted(endpoint(), context)).statusCode()).isEqualTo(201);
		createEntity("urn:ngsi-ld:Building:named", 3);
		assertThat(next().body().getJsonArray("data").getJsonObject(0).getString("id")).as("the first, entityCreated")
			.isEqualTo("urn:ngsi-ld:Building:named");
		var deleteName = send(HttpRequest.newBuilder(uri("/ngsi-ld/v1/entities/urn:ngsi-ld:Building:named/attrs/name"))
			.header("Link", link(context))
			.DELETE(), writer);
		assertThat(deleteName.statusCode()).isEqualTo(204);
		var nulled = next().body().getJsonArray("data").getJsonObject(0);
		assertThat(nulled.getJsonObject("name").getString("type")).isEqualTo("Property");
		assertThat(nulled.getJsonObject("name").getString("value")).isEqualTo("urn:ngsi-ld:null");
		assertThat(nulled.getJsonObject("airQualityLevel").getInt("value")).isEqualTo(3);
	}

	@Test
	void aPausedSubscriptionSendsNothingUntilActivated_5212_01() throws Exception {
		assertThat(create("""
				{"id": "urn:ngsi-ld:Subscription:p", "type": "Subscription", "entities": [{"type": "Building"}], "isActive": false,
				 "notification": {"endpoint": {"uri": "%s"}}, "@context": "%s"}
				""".formatted(endpoint(), context)).statusCode()).isEqualTo(201);
		createEntity("urn:ngsi-ld:Building:p", 1);
		assertThat(receiver.received.poll(1500, TimeUnit.MILLISECONDS)).as("paused").isNull();
		assertThat(patch("/ngsi-ld/v1/subscriptions/urn:ngsi-ld:Subscription:p", "{\"isActive\": true}", null).statusCode())
			.isEqualTo(204);
		updateAirQuality("urn:ngsi-ld:Building:p", 2);
		assertThat(next().body().getJsonArray("data").getJsonObject(0).getString("id")).isEqualTo("urn:ngsi-ld:Building:p");
	}

	@Test
	void aDeletedAttributeInKeyValuesAndAnUnwatchedOne_046_22_01_046_22_02_046_22_03() throws Exception {
		createEntity("urn:ngsi-ld:Building:k", 4);
		assertThat(create("""
				{"type": "Subscription", "entities": [{"type": "Building"}], "watchedAttributes": ["name"],
				 "notificationTrigger": ["attributeDeleted"], "notification": {"format": "keyValues", "endpoint": {"uri": "%s"}},
				 "@context": "%s"}
				""".formatted(endpoint(), context)).statusCode()).isEqualTo(201);
		var unwatched = send(HttpRequest.newBuilder(uri("/ngsi-ld/v1/entities/urn:ngsi-ld:Building:k/attrs/airQualityLevel"))
			.header("Link", link(context))
			.DELETE(), writer);
		assertThat(unwatched.statusCode()).isEqualTo(204);
		assertThat(receiver.received.poll(1500, TimeUnit.MILLISECONDS)).as("airQualityLevel is not watched").isNull();
		var watched = send(HttpRequest.newBuilder(uri("/ngsi-ld/v1/entities/urn:ngsi-ld:Building:k/attrs/name"))
			.header("Link", link(context))
			.DELETE(), writer);
		assertThat(watched.statusCode()).isEqualTo(204);
		var entity = next().body().getJsonArray("data").getJsonObject(0);
		assertThat(entity.getString("name")).isEqualTo("urn:ngsi-ld:null");
		assertThat(entity.getString("type")).isEqualTo("Building");
	}

	@Test
	void throttlingPausingAndExpiry_046_15_029_07_029_09() throws Exception {
		createEntity("urn:ngsi-ld:Building:t", 1);
		assertThat(create("""
				{"id": "urn:ngsi-ld:Subscription:t", "type": "Subscription", "entities": [{"type": "Building"}], "throttling": 15,
				 "notification": {"endpoint": {"uri": "%s"}}, "@context": "%s"}
				""".formatted(endpoint(), context)).statusCode()).isEqualTo(201);
		updateAirQuality("urn:ngsi-ld:Building:t", 2);
		next();
		updateAirQuality("urn:ngsi-ld:Building:t", 3);
		assertThat(receiver.received.poll(1500, TimeUnit.MILLISECONDS)).as("within 15 s of the last: throttled").isNull();

		assertThat(patch("/ngsi-ld/v1/subscriptions/urn:ngsi-ld:Subscription:t", "{\"throttling\": 0, \"isActive\": false}", null)
			.statusCode()).isEqualTo(204);
		updateAirQuality("urn:ngsi-ld:Building:t", 4);
		assertThat(receiver.received.poll(1500, TimeUnit.MILLISECONDS)).as("paused").isNull();
		assertThat(patch("/ngsi-ld/v1/subscriptions/urn:ngsi-ld:Subscription:t", "{\"isActive\": true}", null).statusCode())
			.isEqualTo(204);
		updateAirQuality("urn:ngsi-ld:Building:t", 5);
		assertThat(next().body().getJsonArray("data").getJsonObject(0).getJsonObject("airQualityLevel").getInt("value"))
			.isEqualTo(5);
	}

	@Test
	void aDeadEndpointDelaysNoOneElseAndAFailureIsRetriedAndCounted_046_13() throws Exception {
		createEntity("urn:ngsi-ld:Building:d", 0);
		// an endpoint that never answers: connections to a port nobody listens on are refused
		assertThat(create("""
				{"id": "urn:ngsi-ld:Subscription:dead", "type": "Subscription", "entities": [{"type": "Building"}],
				 "notification": {"endpoint": {"uri": "http://127.0.0.1:1/notify"}}, "@context": "%s"}
				""".formatted(context)).statusCode()).isEqualTo(201);
		assertThat(create("""
				{"id": "urn:ngsi-ld:Subscription:alive", "type": "Subscription", "entities": [{"type": "Building"}],
				 "notification": {"endpoint": {"uri": "%s"}}, "@context": "%s"}
				""".formatted(endpoint(), context)).statusCode()).isEqualTo(201);
		for (int level = 1; level <= 20; level++) {
			assertThat(updateAirQuality("urn:ngsi-ld:Building:d", level).statusCode()).isEqualTo(204);
		}
		for (int level = 1; level <= 20; level++) {
			var value = next().body().getJsonArray("data").getJsonObject(0).getJsonObject("airQualityLevel").getInt("value");
			assertThat(value).as("delivered in order").isEqualTo(level);
		}
		var dead = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(
				() -> object(get("/ngsi-ld/v1/subscriptions/urn:ngsi-ld:Subscription:dead", context, null).body())
					.getJsonObject("notification"),
				figures -> figures.containsKey("lastFailure"));
		assertThat(dead.getString("status")).isEqualTo("failed");
		assertThat(dead.getInt("timesFailed")).isPositive();
		Instant.parse(dead.getString("lastFailure"));

		// a receiver that is down for a moment (503 twice) gets the notification once it is back
		receiver.refusals.set(2);
		updateAirQuality("urn:ngsi-ld:Building:d", 99);
		var retried = receiver.received.poll(15, TimeUnit.SECONDS);
		assertThat(retried).as("delivered after the backoff").isNotNull();
		assertThat(retried.body().getJsonArray("data").getJsonObject(0).getJsonObject("airQualityLevel").getInt("value"))
			.isEqualTo(99);
		// the hub counts a delivery when the receiver's answer reaches it, a moment after the receiver has it
		var alive = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(
				() -> object(get("/ngsi-ld/v1/subscriptions/urn:ngsi-ld:Subscription:alive", context, null).body())
					.getJsonObject("notification"),
				figures -> figures.getInt("timesSent") == 23);
		assertThat(alive.getInt("timesFailed")).isEqualTo(2);
		assertThat(alive.getString("status")).isEqualTo("ok");
	}

	@Test
	void anEntityWrittenInAnotherContextStillFiresAndIsNotifiedInTheSubscriptionsNames() throws Exception {
		// the entity's writer names the attribute by its IRI; the subscriber by its own short name
		var created = send(HttpRequest.newBuilder(uri("/ngsi-ld/v1/entities"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("""
					{"id": "urn:ngsi-ld:Building:iri", "type": "https://example.org/city#Building",
					 "https://example.org/city#airQualityLevel": {"type": "Property", "value": 1}}
					""")), writer);
		assertThat(created.statusCode()).isEqualTo(201);
		assertThat(create("""
				{"type": "Subscription", "entities": [{"type": "Building"}], "watchedAttributes": ["airQualityLevel"],
				 "notification": {"endpoint": {"uri": "%s"}}, "@context": "%s"}
				""".formatted(endpoint(), context)).statusCode()).isEqualTo(201);
		var patched = send(HttpRequest.newBuilder(uri("/ngsi-ld/v1/entities/urn:ngsi-ld:Building:iri/attrs"))
			.header("Content-Type", "application/json")
			.method("PATCH", HttpRequest.BodyPublishers.ofString(
					"{\"https://example.org/city#airQualityLevel\": {\"type\": \"Property\", \"value\": 2}}")), writer);
		assertThat(patched.statusCode()).isEqualTo(204);
		var entity = next().body().getJsonArray("data").getJsonObject(0);
		assertThat(entity.getString("type")).isEqualTo("Building");
		assertThat(entity.getJsonObject("airQualityLevel").getInt("value")).isEqualTo(2);
	}

	// ---- MQTT (058_xx): to the machine's Mosquitto

	@Test
	void notificationsArePublishedToMqttWithTheirMetadata_058_01_058_02_058_03_058_04() throws Exception {
		var topic = "tsunagu-test/" + tenant;
		try (var messages = MqttListener.listen(topic + "/#", "test-" + tenant)) {
			createEntity("urn:ngsi-ld:Building:mqtt", 4);
			assertThat(create("""
					{"type": "Subscription", "entities": [{"id": "urn:ngsi-ld:Building:mqtt", "type": "Building"}],
					 "notification": {"endpoint": {"uri": "mqtt://127.0.0.1:1883/%s/three",
					   "receiverInfo": [{"key": "test-receiver-key", "value": "test-receiver-info"}],
					   "notifierInfo": [{"key": "MQTT-QoS", "value": "1"}]}}, "@context": "%s"}
					""".formatted(topic, context)).statusCode()).isEqualTo(201);
			assertThat(create("""
					{"type": "Subscription", "entities": [{"id": "urn:ngsi-ld:Building:mqtt", "type": "Building"}],
					 "notification": {"format": "keyValues", "endpoint": {"uri": "mqtt://someone@127.0.0.1/%s/five",
					   "notifierInfo": [{"key": "MQTT-Version", "value": "mqtt5.0"}, {"key": "MQTT-QoS", "value": "2"}]}},
					 "@context": "%s"}
					""".formatted(topic, context)).statusCode()).isEqualTo(201);
			assertThat(updateAirQuality("urn:ngsi-ld:Building:mqtt", 5).statusCode()).isEqualTo(204);
			var first = messages.poll(10, TimeUnit.SECONDS);
			var second = messages.poll(10, TimeUnit.SECONDS);
			assertThat(first).as("one message per subscription").isNotNull();
			assertThat(second).isNotNull();
			assertThat(messages.poll(1, TimeUnit.SECONDS)).as("and no more").isNull();
			var three = first.getString("topic").endsWith("/three") ? first : second;
			var five = three == first ? second : first;
			assertThat(three.getString("topic")).isEqualTo(topic + "/three");
			assertThat(five.getString("topic")).isEqualTo(topic + "/five");
			var metadata = three.getJsonObject("metadata");
			assertThat(metadata.getString("Content-Type")).isEqualTo("application/json");
			assertThat(metadata.getString("Link")).contains(context);
			assertThat(metadata.getString("test-receiver-key")).isEqualTo("test-receiver-info");
			var body = three.getJsonObject("body");
			assertThat(body.getString("type")).isEqualTo("Notification");
			assertThat(body.getJsonArray("data").getJsonObject(0).getString("id")).isEqualTo("urn:ngsi-ld:Building:mqtt");
			assertThat(body.getJsonArray("data").getJsonObject(0).getJsonObject("airQualityLevel").getInt("value")).isEqualTo(5);
			assertThat(five.getJsonObject("body").getJsonArray("data").getJsonObject(0).getInt("airQualityLevel"))
				.as("keyValues, over MQTT 5").isEqualTo(5);
		}
	}

	// ---- helpers

	private NotificationReceiver.Received next() throws InterruptedException {
		return receiver.next();
	}

	private String endpoint() {
		return receiver.endpoint();
	}

	private void createEntity(String id, int airQuality) throws Exception {
		var created = send(HttpRequest.newBuilder(uri("/ngsi-ld/v1/entities"))
			.header("Content-Type", "application/ld+json")
			.POST(HttpRequest.BodyPublishers.ofString("""
					{"id": "%s", "type": "Building", "name": {"type": "Property", "value": "Eiffel Tower"},
					 "airQualityLevel": {"type": "Property", "value": %d, "unitCode": "C62", "observedAt": "2020-09-09T16:40:00Z"},
					 "@context": "%s"}
					""".formatted(id, airQuality, context))), writer);
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
	}

	private HttpResponse<String> updateAirQuality(String id, int level) throws Exception {
		return send(HttpRequest.newBuilder(uri("/ngsi-ld/v1/entities/" + id + "/attrs"))
			.header("Content-Type", "application/json")
			.header("Link", link(context))
			.method("PATCH", HttpRequest.BodyPublishers.ofString("""
					{"airQualityLevel": {"type": "Property", "value": %d, "unitCode": "C62", "observedAt": "%s"}}
					""".formatted(level, Instant.now()))), writer);
	}

	private HttpResponse<String> create(String body) throws Exception {
		return send(HttpRequest.newBuilder(uri("/ngsi-ld/v1/subscriptions/"))
			.header("Content-Type", body.contains("@context") ? "application/ld+json" : "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body)), writer);
	}

	private HttpResponse<String> createJson(String body) throws Exception {
		return send(HttpRequest.newBuilder(uri("/ngsi-ld/v1/subscriptions"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body)), writer);
	}

	private HttpResponse<String> get(String path, String link, String accept) throws Exception {
		var request = HttpRequest.newBuilder(uri(path)).GET();
		if (link != null) {
			request.header("Link", link(link));
		}
		if (accept != null) {
			request.header("Accept", accept);
		}
		return send(request, reader);
	}

	private HttpResponse<String> patch(String path, String body, String link) throws Exception {
		var request = HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/json")
			.method("PATCH", HttpRequest.BodyPublishers.ofString(body));
		if (link != null) {
			request.header("Link", link(link));
		}
		return send(request, writer);
	}

	private static String link(String context) {
		return HubClient.link(context);
	}

	private HttpResponse<String> send(HttpRequest.Builder request, String token) throws Exception {
		return hub.send(request, token);
	}

	private URI uri(String path) {
		return hub.uri(path);
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

	private static void assertProblem(HttpResponse<String> response, int status, String type) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(object(response.body()).getString("type")).isEqualTo("https://uri.etsi.org/ngsi-ld/errors/" + type);
	}
}
