package jp.tsunagu.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.identity.PartnerClients;

/**
 * What a subscriber finds in the notifications the hub sends, over HTTP to a real receiver of the
 * test's own and over MQTT to the machine's Mosquitto: the ETSI suite's notification purposes
 * (046_xx, 49_01, 058_xx) that {@link HubSubscriptionTests} does not cover, written from them.
 * Each test works in a tenant of its own.
 */
@TsunaguTest
class HubNotificationTests {

	static final String CONTEXT_BODY = """
			{"@context": {"Building": "https://example.org/city#Building", "City": "https://example.org/city#City",
			              "Vehicle": "https://example.org/city#Vehicle", "Device": "https://example.org/city#Device",
			              "name": "https://example.org/city#name", "airQualityLevel": "https://example.org/city#airQualityLevel",
			              "subCategory": "https://example.org/city#subCategory", "almostFull": "https://example.org/city#almostFull",
			              "locatedAt": "https://example.org/city#locatedAt", "street": "https://example.org/city#street",
			              "description": "https://example.org/city#description", "isInCountry": "https://example.org/city#isInCountry",
			              "jsonProperty": "https://example.org/city#jsonProperty", "vocabProperty": "https://example.org/city#vocabProperty",
			              "batteryLevel": "https://example.org/city#batteryLevel", "isConnectedTo": "https://example.org/city#isConnectedTo"}}
			""";

	static final String NULL = "urn:ngsi-ld:null";

	static final String CORE_CONTEXT = "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld";

	/** A Building of Properties, one of them observed. */
	static final String TOWER = """
			{"id": "%1$s", "type": "Building", "name": {"type": "Property", "value": "Clock Tower"},
			 "subCategory": {"type": "Property", "value": "heritage"},
			 "airQualityLevel": {"type": "Property", "value": 4, "unitCode": "C62", "observedAt": "2024-05-01T09:00:00Z"},
			 "almostFull": {"type": "Property", "value": false}}
			""";

	/** A Building with an attribute of each kind. */
	static final String MIXED = """
			{"id": "%1$s", "type": "Building", "name": {"type": "Property", "value": "Clock Tower"},
			 "locatedAt": {"type": "Relationship", "object": "urn:ngsi-ld:City:Sapporo"},
			 "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [141.3536, 43.0626]}},
			 "street": {"type": "LanguageProperty", "languageMap": {"en": "North 1 West 2", "ja": "Kita Ichijo Nishi"}}}
			""";

	/** A Building whose name and locatedAt have three instances: the default one and two datasets. */
	static final String DATASETS = """
			{"id": "%1$s", "type": "Building",
			 "name": [{"type": "Property", "value": "Clock Tower"},
			          {"type": "Property", "value": "Tokeidai", "datasetId": "urn:ngsi-ld:Dataset:ja"},
			          {"type": "Property", "value": "Tour de l'horloge", "datasetId": "urn:ngsi-ld:Dataset:fr"}],
			 "locatedAt": [{"type": "Relationship", "object": "urn:ngsi-ld:City:Sapporo"},
			               {"type": "Relationship", "object": "urn:ngsi-ld:Shi:Sapporo", "datasetId": "urn:ngsi-ld:Dataset:ja"},
			               {"type": "Relationship", "object": "urn:ngsi-ld:Ville:Sapporo", "datasetId": "urn:ngsi-ld:Dataset:fr"}]}
			""";

	/** A Building with a JsonProperty whose JSON has members named like an entity's. */
	static final String WITH_JSON = """
			{"id": "%1$s", "type": "Building",
			 "jsonProperty": {"type": "JsonProperty", "json": {"id": "tower-7", "type": "clock", "note": null, "floors": 2}}}
			""";

	static final String OLD_JSON = "{\"id\": \"tower-7\", \"type\": \"clock\", \"note\": null, \"floors\": 2}";

	/** A Building with a VocabProperty. */
	static final String WITH_VOCAB = """
			{"id": "%1$s", "type": "Building", "vocabProperty": {"type": "VocabProperty", "vocab": "landmark"}}
			""";

	static final String CITY = """
			{"id": "urn:ngsi-ld:City:Sapporo", "type": "City", "name": {"type": "Property", "value": "Sapporo"},
			 "description": {"type": "Property", "value": "The largest city of Hokkaido"},
			 "isInCountry": {"type": "Relationship", "object": "urn:ngsi-ld:Country:Japan"}}
			""";

	@LocalServerPort
	int port;

	@Autowired
	PartnerClients clients;

	HubClient hub;

	NotificationReceiver receiver;

	@BeforeEach
	void start() throws Exception {
		hub = HubClient.inNewTenant(clients, port);
		receiver = NotificationReceiver.start(CONTEXT_BODY);
	}

	@AfterEach
	void stop() {
		receiver.close();
	}

	// ---- URI expansion (046_07_03)

	@Test
	void inTheCoreContextTheNotificationNamesAttributesByTheirIris_046_07_03() throws Exception {
		createEntity(TOWER, "urn:ngsi-ld:Building:iri");
		subscribe("""
				{"id": "urn:ngsi-ld:Subscription:iri", "type": "Subscription", "entities": [{"type": "https://example.org/city#Building"}],
				 "notification": {"attributes": ["https://example.org/city#airQualityLevel"],
				                  "endpoint": {"uri": "%1$s", "accept": "application/json"}},
				 "@context": "%2$s"}
				""".replace("%2$s", CORE_CONTEXT));
		patchAttrs("urn:ngsi-ld:Building:iri", "{\"airQualityLevel\": {\"type\": \"Property\", \"value\": 5}}");
		var body = receiver.next().body();
		assertThat(body.getString("type")).isEqualTo("Notification");
		Instant.parse(body.getString("notifiedAt"));
		var entity = only(body, "urn:ngsi-ld:Subscription:iri");
		assertThat(entity.getJsonObject("https://example.org/city#airQualityLevel").getInt("value")).isEqualTo(5);
	}

	// ---- timeInterval (046_02)

	@Test
	void aTimeIntervalNotifiesPeriodicallyWithoutAnyChange_046_02_01() throws Exception {
		createEntity(TOWER, "urn:ngsi-ld:Building:periodic");
		subscribe("""
				{"id": "urn:ngsi-ld:Subscription:periodic", "type": "Subscription", "entities": [{"type": "Building"}],
				 "timeInterval": 1, "notification": {"endpoint": {"uri": "%1$s", "accept": "application/json"}}}
				""");
		try {
			for (int round = 1; round <= 2; round++) {
				var entity = only(receiver.next().body(), "urn:ngsi-ld:Subscription:periodic");
				assertThat(entity.getString("id")).isEqualTo("urn:ngsi-ld:Building:periodic");
				assertThat(entity.getJsonObject("airQualityLevel").getJsonNumber("value").doubleValue()).isEqualTo(4.0);
				assertThat(entity.getJsonObject("name").getString("value")).isEqualTo("Clock Tower");
			}
		}
		finally {
			changed(hub.send(request("/ngsi-ld/v1/subscriptions/urn:ngsi-ld:Subscription:periodic").DELETE(), hub.writer));
		}
	}

	// ---- sysAttrs, datasetId, jsonldContext (046_17 to 046_20)

	@Test
	void sysAttrsTrueAddsTheSystemTimesAndFalseLeavesThemOut_046_17_01_046_18_01() throws Exception {
		createEntity(TOWER, "urn:ngsi-ld:Building:sys");
		for (var with : List.of(true, false)) {
			subscribe("""
					{"id": "urn:ngsi-ld:Subscription:%2$s", "type": "Subscription", "entities": [{"type": "Building"}],
					 "notification": {"format": "keyValues", "sysAttrs": %2$s,
					                  "endpoint": {"uri": "%1$s", "accept": "application/json"}}}
					""".replace("%2$s", String.valueOf(with)));
		}
		patchAttrs("urn:ngsi-ld:Building:sys", """
				{"airQualityLevel": {"type": "Property", "value": 5, "unitCode": "C62", "observedAt": "2024-05-02T09:00:00Z"}}
				""");
		var bySubscription = new HashMap<String, JsonObject>();
		for (int i = 0; i < 2; i++) {
			var body = receiver.next().body();
			bySubscription.put(body.getString("subscriptionId"), body.getJsonArray("data").getJsonObject(0));
		}
		var with = bySubscription.get("urn:ngsi-ld:Subscription:true");
		assertThat(with.getInt("airQualityLevel")).isEqualTo(5);
		assertThat(with.keySet()).contains("createdAt", "modifiedAt");
		Instant.parse(with.getString("createdAt"));
		Instant.parse(with.getString("modifiedAt"));
		var without = bySubscription.get("urn:ngsi-ld:Subscription:false");
		assertThat(without.getInt("airQualityLevel")).isEqualTo(5);
		assertThat(without.keySet()).doesNotContain("createdAt", "modifiedAt");
	}

	@Test
	void onlyTheInstancesOfTheSubscriptionsDatasetIdAreNotified_046_19() throws Exception {
		createEntity(DATASETS, "urn:ngsi-ld:Building:ds");
		subscribe("""
				{"id": "urn:ngsi-ld:Subscription:ds", "type": "Subscription", "entities": [{"type": "Building"}],
				 "datasetId": ["urn:ngsi-ld:Dataset:ja"],
				 "notification": {"format": "normalized", "endpoint": {"uri": "%1$s", "accept": "application/ld+json"}}}
				""");
		patchAttrs("urn:ngsi-ld:Building:ds", """
				{"name": {"type": "Property", "value": "Sapporo Tokeidai", "datasetId": "urn:ngsi-ld:Dataset:ja"}}
				""");
		HubJson.assertEntity(only(receiver.next().body(), "urn:ngsi-ld:Subscription:ds"), """
				{"id": "urn:ngsi-ld:Building:ds", "type": "Building",
				 "name": {"type": "Property", "value": "Sapporo Tokeidai", "datasetId": "urn:ngsi-ld:Dataset:ja"},
				 "locatedAt": {"type": "Relationship", "object": "urn:ngsi-ld:Shi:Sapporo", "datasetId": "urn:ngsi-ld:Dataset:ja"},
				 "@context": "%s"}
				""".formatted(receiver.context));
	}

	@Test
	void theJsonldContextIsTheNotificationsContext_046_20() throws Exception {
		createEntity("{\"id\": \"%1$s\", \"type\": \"Building\"}", "urn:ngsi-ld:Building:ctx");
		subscribe("""
				{"id": "urn:ngsi-ld:Subscription:ctx", "type": "Subscription", "entities": [{"type": "Building"}],
				 "jsonldContext": "%2$s",
				 "notification": {"format": "normalized", "endpoint": {"uri": "%1$s", "accept": "application/ld+json"}}}
				""".replace("%2$s", CORE_CONTEXT));
		appendAttrs("urn:ngsi-ld:Building:ctx", """
				{"name": {"type": "Property", "value": "Tokeidai", "datasetId": "urn:ngsi-ld:Dataset:ja"}}
				""");
		HubJson.assertEntity(only(receiver.next().body(), "urn:ngsi-ld:Subscription:ctx"), """
				{"id": "urn:ngsi-ld:Building:ctx", "type": "https://example.org/city#Building",
				 "https://example.org/city#name": {"type": "Property", "value": "Tokeidai", "datasetId": "urn:ngsi-ld:Dataset:ja"},
				 "@context": "%s"}
				""".formatted(CORE_CONTEXT));
	}

	// ---- entityDeleted and attributeDeleted (046_21_02, 046_22_05 to 046_22_13)

	@Test
	void aDeletedEntityInKeyValuesWithSysAttrs_046_21_02() throws Exception {
		createEntity("""
				{"id": "%1$s", "type": "Building", "name": {"type": "Property", "value": "Clock Tower"},
				 "subCategory": {"type": "Property", "value": "heritage"},
				 "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [141.3536, 43.0626]}}}
				""", "urn:ngsi-ld:Building:gone");
		subscribe("""
				{"id": "urn:ngsi-ld:Subscription:gone", "type": "Subscription", "entities": [{"type": "Building"}],
				 "notificationTrigger": ["entityDeleted"],
				 "notification": {"format": "keyValues", "sysAttrs": true, "endpoint": {"uri": "%1$s", "accept": "application/json"}}}
				""");
		deleteEntity("urn:ngsi-ld:Building:gone");
		var entity = only(receiver.next().body(), "urn:ngsi-ld:Subscription:gone");
		assertThat(entity.keySet()).containsExactlyInAnyOrder("id", "type", "createdAt", "modifiedAt", "deletedAt");
		assertThat(entity.getString("id")).isEqualTo("urn:ngsi-ld:Building:gone");
		Instant.parse(entity.getString("createdAt"));
		Instant.parse(entity.getString("deletedAt"));
	}

	@Test
	void aDeletedAttributeWithSysAttrsCarriesItsDeletedAt_046_22_05() throws Exception {
		createEntity(TOWER, "urn:ngsi-ld:Building:k");
		subscribeToDeletionOf("name", "\"format\": \"normalized\", \"sysAttrs\": true");
		deleteAttribute("urn:ngsi-ld:Building:k", "name", "");
		var entity = only(receiver.next().body(), "urn:ngsi-ld:Subscription:deleted");
		assertThat(entity.getString("id")).isEqualTo("urn:ngsi-ld:Building:k");
		var name = entity.getJsonObject("name");
		assertThat(name.keySet()).as(name.toString()).contains("deletedAt");
		Instant.parse(name.getString("deletedAt"));
	}

	@Test
	void aDeletedInstanceIsNulledAmongTheOthers_046_22_06_046_22_07() throws Exception {
		createEntity(DATASETS, "urn:ngsi-ld:Building:i");
		for (var format : List.of("normalized", "keyValues")) {
			subscribe("""
					{"id": "urn:ngsi-ld:Subscription:%2$s", "type": "Subscription", "entities": [{"type": "Building"}],
					 "watchedAttributes": ["name"], "notificationTrigger": ["attributeDeleted"],
					 "notification": {"format": "%2$s", "endpoint": {"uri": "%1$s", "accept": "application/json"}}}
					""".replace("%2$s", format));
		}
		deleteAttribute("urn:ngsi-ld:Building:i", "name", "?datasetId=urn:ngsi-ld:Dataset:fr");
		var bySubscription = new HashMap<String, JsonObject>();
		for (int i = 0; i < 2; i++) {
			var body = receiver.next().body();
			assertThat(body.getJsonArray("data")).hasSize(1);
			bySubscription.put(body.getString("subscriptionId"), body.getJsonArray("data").getJsonObject(0));
		}
		HubJson.assertEntity(bySubscription.get("urn:ngsi-ld:Subscription:normalized"), """
				{"id": "urn:ngsi-ld:Building:i", "type": "Building",
				 "name": [{"type": "Property", "value": "Clock Tower"},
				          {"type": "Property", "value": "Tokeidai", "datasetId": "urn:ngsi-ld:Dataset:ja"},
				          {"type": "Property", "value": "urn:ngsi-ld:null", "datasetId": "urn:ngsi-ld:Dataset:fr"}],
				 "locatedAt": [{"type": "Relationship", "object": "urn:ngsi-ld:City:Sapporo"},
				               {"type": "Relationship", "object": "urn:ngsi-ld:Shi:Sapporo", "datasetId": "urn:ngsi-ld:Dataset:ja"},
				               {"type": "Relationship", "object": "urn:ngsi-ld:Ville:Sapporo", "datasetId": "urn:ngsi-ld:Dataset:fr"}]}
				""");
		HubJson.assertEntity(bySubscription.get("urn:ngsi-ld:Subscription:keyValues"), """
				{"id": "urn:ngsi-ld:Building:i", "type": "Building",
				 "name": {"dataset": {"@none": "Clock Tower", "urn:ngsi-ld:Dataset:ja": "Tokeidai",
				                      "urn:ngsi-ld:Dataset:fr": "urn:ngsi-ld:null"}},
				 "locatedAt": {"dataset": {"@none": "urn:ngsi-ld:City:Sapporo", "urn:ngsi-ld:Dataset:ja": "urn:ngsi-ld:Shi:Sapporo",
				                           "urn:ngsi-ld:Dataset:fr": "urn:ngsi-ld:Ville:Sapporo"}}}
				""");
	}

	@Test
	void allInstancesDeletedNullTheAttribute_046_22_08() throws Exception {
		createEntity(DATASETS, "urn:ngsi-ld:Building:all");
		subscribeToDeletionOf("name", "\"format\": \"normalized\"");
		deleteAttribute("urn:ngsi-ld:Building:all", "name", "?deleteAll=true");
		var entity = only(receiver.next().body(), "urn:ngsi-ld:Subscription:deleted");
		assertThat(entity.getString("id")).isEqualTo("urn:ngsi-ld:Building:all");
		assertThat(entity.getJsonObject("name").getString("value")).isEqualTo(NULL);
	}

	@Test
	void aPropertyNulledByMergeUpdateOrPartialUpdate_046_22_09_01_046_22_09_02_046_22_09_03() throws Exception {
		nulledThreeWays("name", "{\"type\": \"Property\", \"value\": \"urn:ngsi-ld:null\"}");
	}

	@Test
	void aRelationshipNulledByMergeUpdateOrPartialUpdate_046_22_10_01_046_22_10_02_046_22_10_03() throws Exception {
		nulledThreeWays("locatedAt", "{\"type\": \"Relationship\", \"object\": \"urn:ngsi-ld:null\"}");
	}

	@Test
	void aLanguagePropertyNulledByMergeUpdateOrPartialUpdate_046_22_11_01_046_22_11_02_046_22_11_03() throws Exception {
		nulledThreeWays("street", "{\"type\": \"LanguageProperty\", \"languageMap\": {\"@none\": \"urn:ngsi-ld:null\"}}");
	}

	/**
	 * An attribute of three MIXED Buildings set to NGSI-LD Null by merging the entity, by updating its
	 * attributes and by updating the attribute itself: each is an attributeDeleted, notified with the
	 * attribute nulled and the others as they were.
	 */
	private void nulledThreeWays(String attribute, String nulled) throws Exception {
		subscribeToDeletionOf(attribute, "\"format\": \"normalized\"");
		for (var way : List.of("merge", "update", "partial")) {
			createEntity(MIXED, "urn:ngsi-ld:Building:" + way);
		}
		var fragment = "{\"" + attribute + "\": " + nulled + "}";
		changed(write("PATCH", "/ngsi-ld/v1/entities/urn:ngsi-ld:Building:merge", fragment));
		patchAttrs("urn:ngsi-ld:Building:update", fragment);
		changed(write("PATCH", "/ngsi-ld/v1/entities/urn:ngsi-ld:Building:partial/attrs/" + attribute, nulled));
		var byEntity = byEntity(3, "urn:ngsi-ld:Subscription:deleted");
		for (var way : List.of("merge", "update", "partial")) {
			HubJson.assertEntity(byEntity.get("urn:ngsi-ld:Building:" + way),
					replaced(MIXED, "urn:ngsi-ld:Building:" + way, attribute, nulled));
		}
	}

	@Test
	void aDeletedEntityNullsTheWatchedAttribute_046_22_12() throws Exception {
		createEntity(TOWER, "urn:ngsi-ld:Building:e");
		subscribeToDeletionOf("name", "\"format\": \"normalized\"");
		deleteEntity("urn:ngsi-ld:Building:e");
		HubJson.assertEntity(only(receiver.next().body(), "urn:ngsi-ld:Subscription:deleted"), """
				{"id": "urn:ngsi-ld:Building:e", "type": "Building", "deletedAt": "2024-01-01T00:00:00Z",
				 "name": {"type": "Property", "value": "urn:ngsi-ld:null"}}
				""");
	}

	@Test
	void aDeletedEntityNullsTheWatchedAttributeWithSysAttrs_046_22_13() throws Exception {
		createEntity(TOWER, "urn:ngsi-ld:Building:s");
		subscribeToDeletionOf("name", "\"format\": \"normalized\", \"sysAttrs\": true");
		deleteEntity("urn:ngsi-ld:Building:s");
		HubJson.assertEntity(only(receiver.next().body(), "urn:ngsi-ld:Subscription:deleted"), """
				{"id": "urn:ngsi-ld:Building:s", "type": "Building", "createdAt": "2024-01-01T00:00:00Z",
				 "modifiedAt": "2024-01-01T00:00:00Z", "deletedAt": "2024-01-01T00:00:00Z",
				 "name": {"type": "Property", "value": "urn:ngsi-ld:null", "createdAt": "2024-01-01T00:00:00Z",
				          "modifiedAt": "2024-01-01T00:00:00Z", "deletedAt": "2024-01-01T00:00:00Z"}}
				""");
	}

	private void subscribeToDeletionOf(String attribute, String notification) throws Exception {
		subscribe("""
				{"id": "urn:ngsi-ld:Subscription:deleted", "type": "Subscription", "entities": [{"type": "Building"}],
				 "watchedAttributes": ["%2$s"], "notificationTrigger": ["attributeDeleted"],
				 "notification": {%3$s, "endpoint": {"uri": "%1$s", "accept": "application/json"}}}
				""".replace("%2$s", attribute).replace("%3$s", notification));
	}

	// ---- join (046_23 to 046_30)

	static final String BUILDING = "urn:ngsi-ld:Building:tower";

	static final String LINKED_CITY = "{\"type\": \"Relationship\", \"object\": \"urn:ngsi-ld:City:Sapporo\"";

	static final String CITY_NORMALIZED = """
			{"id": "urn:ngsi-ld:City:Sapporo", "type": "City", "name": {"type": "Property", "value": "Sapporo"},
			 "description": {"type": "Property", "value": "The largest city of Hokkaido"},
			 "isInCountry": {"type": "Relationship", "object": "urn:ngsi-ld:Country:Japan"}}
			""";

	static final String CITY_SIMPLIFIED = """
			{"id": "urn:ngsi-ld:City:Sapporo", "type": "City", "name": "Sapporo",
			 "description": "The largest city of Hokkaido", "isInCountry": "urn:ngsi-ld:Country:Japan"}
			""";

	@Test
	void aFlatJoinAddsTheLinkedEntity_046_23_01() throws Exception {
		assertJoined("\"join\": \"flat\", \"joinLevel\": 1", false, """
				[{"id": "%1$s", "type": "Building", "name": {"type": "Property", "value": "Tokeidai"}, "locatedAt": %2$s},
				 {"id": "urn:ngsi-ld:City:Sapporo", "type": "City"}]
				""");
	}

	@Test
	void aFlatJoinWithSysAttrs_046_24_01() throws Exception {
		assertJoined("\"join\": \"flat\", \"joinLevel\": 1, \"sysAttrs\": true", false, """
				[{"id": "%1$s", "type": "Building", "createdAt": "2024-01-01T00:00:00Z", "modifiedAt": "2024-01-01T00:00:00Z",
				  "name": {"type": "Property", "value": "Tokeidai", "createdAt": "2024-01-01T00:00:00Z", "modifiedAt": "2024-01-01T00:00:00Z"},
				  "locatedAt": {"type": "Relationship", "object": "urn:ngsi-ld:City:Sapporo",
				                "createdAt": "2024-01-01T00:00:00Z", "modifiedAt": "2024-01-01T00:00:00Z"}},
				 {"id": "urn:ngsi-ld:City:Sapporo", "type": "City", "createdAt": "2024-01-01T00:00:00Z", "modifiedAt": "2024-01-01T00:00:00Z"}]
				""");
	}

	@Test
	void aFlatJoinSimplified_046_25_01() throws Exception {
		assertJoined("\"join\": \"flat\", \"joinLevel\": 1, \"format\": \"simplified\"", true, """
				[{"id": "%1$s", "type": "Building", "name": "Tokeidai", "locatedAt": "urn:ngsi-ld:City:Sapporo"}, %3$s]
				""");
	}

	@Test
	void aFlatJoinWithSelectedAttributes_046_26_01() throws Exception {
		assertJoined("\"join\": \"flat\", \"joinLevel\": 1, \"attributes\": [\"locatedAt\"]", true, """
				[{"id": "%1$s", "type": "Building", "locatedAt": %2$s}, %4$s]
				""");
	}

	@Test
	void anInlineJoinPutsTheLinkedEntityInTheRelationship_046_27_01() throws Exception {
		assertJoined("\"join\": \"inline\", \"joinLevel\": 1", false, """
				[{"id": "%1$s", "type": "Building", "name": {"type": "Property", "value": "Tokeidai"},
				  "locatedAt": {"type": "Relationship", "object": "urn:ngsi-ld:City:Sapporo",
				                "entity": {"id": "urn:ngsi-ld:City:Sapporo", "type": "City"}}}]
				""");
	}

	@Test
	void anInlineJoinWithSysAttrs_046_28_01() throws Exception {
		assertJoined("\"join\": \"inline\", \"joinLevel\": 1, \"sysAttrs\": true", false, """
				[{"id": "%1$s", "type": "Building", "createdAt": "2024-01-01T00:00:00Z", "modifiedAt": "2024-01-01T00:00:00Z",
				  "name": {"type": "Property", "value": "Tokeidai", "createdAt": "2024-01-01T00:00:00Z", "modifiedAt": "2024-01-01T00:00:00Z"},
				  "locatedAt": {"type": "Relationship", "object": "urn:ngsi-ld:City:Sapporo",
				                "createdAt": "2024-01-01T00:00:00Z", "modifiedAt": "2024-01-01T00:00:00Z",
				                "entity": {"id": "urn:ngsi-ld:City:Sapporo", "type": "City",
				                           "createdAt": "2024-01-01T00:00:00Z", "modifiedAt": "2024-01-01T00:00:00Z"}}}]
				""");
	}

	@Test
	void anInlineJoinSimplified_046_29_01() throws Exception {
		assertJoined("\"join\": \"inline\", \"joinLevel\": 1, \"format\": \"simplified\"", true, """
				[{"id": "%1$s", "type": "Building", "name": "Tokeidai", "locatedAt": %3$s}]
				""");
	}

	@Test
	void anInlineJoinWithSelectedAttributes_046_30_01() throws Exception {
		assertJoined("\"join\": \"inline\", \"joinLevel\": 1, \"attributes\": [\"locatedAt\"]", true, """
				[{"id": "%1$s", "type": "Building",
				  "locatedAt": {"type": "Relationship", "object": "urn:ngsi-ld:City:Sapporo", "entity": %4$s}}]
				""");
	}

	/**
	 * A Building located at a City (bare, or with attributes), a subscription to Buildings with these
	 * notification members, a name added to the Building: the notification's data is this (%1$s the
	 * Building's id, %2$s its locatedAt, %3$s the City simplified, %4$s the City normalized).
	 */
	private void assertJoined(String notification, boolean cityWithAttributes, String expected) throws Exception {
		createEntity("{\"id\": \"%1$s\", \"type\": \"Building\", \"locatedAt\": " + LINKED_CITY + "}}", BUILDING);
		createEntity(cityWithAttributes ? CITY : "{\"id\": \"%1$s\", \"type\": \"City\"}", "urn:ngsi-ld:City:Sapporo");
		subscribe("""
				{"id": "urn:ngsi-ld:Subscription:join", "type": "Subscription", "entities": [{"type": "Building"}],
				 "notification": {%2$s, "endpoint": {"uri": "%1$s"}}}
				""".replace("%2$s", notification));
		appendAttrs(BUILDING, "{\"name\": {\"type\": \"Property\", \"value\": \"Tokeidai\"}}");
		var body = receiver.next().body();
		assertThat(body.getString("subscriptionId")).isEqualTo("urn:ngsi-ld:Subscription:join");
		HubJson.assertEntity(body.getJsonArray("data"), expected.replace("%1$s", BUILDING)
			.replace("%2$s", LINKED_CITY + "}")
			.replace("%3$s", CITY_SIMPLIFIED)
			.replace("%4$s", CITY_NORMALIZED));
	}

	// ---- showChanges (046_31 to 046_41)

	static final String NEW_POINT = "{\"type\": \"Point\", \"coordinates\": [141.3545, 43.0687]}";

	static final String OLD_POINT = "{\"type\": \"Point\", \"coordinates\": [141.3536, 43.0626]}";

	static final String OLD_STREET = "{\"en\": \"North 1 West 2\", \"ja\": \"Kita Ichijo Nishi\"}";

	@Test
	void showChangesGivesThePreviousValueOfAnUpdate_046_31_01_046_31_02_046_31_03_046_31_04_046_32_01_046_33_01()
			throws Exception {
		var updates = new String[][] {
				{ "name", MIXED, "{\"type\": \"Property\", \"value\": \"Tokeidai\"}",
						"{\"type\": \"Property\", \"value\": \"Tokeidai\", \"previousValue\": \"Clock Tower\"}" },
				{ "locatedAt", MIXED, "{\"type\": \"Relationship\", \"object\": \"urn:ngsi-ld:City:Otaru\"}",
						"{\"type\": \"Relationship\", \"object\": \"urn:ngsi-ld:City:Otaru\", \"previousObject\": \"urn:ngsi-ld:City:Sapporo\"}" },
				{ "location", MIXED, "{\"type\": \"GeoProperty\", \"value\": " + NEW_POINT + "}",
						"{\"type\": \"GeoProperty\", \"value\": " + NEW_POINT + ", \"previousValue\": " + OLD_POINT + "}" },
				{ "street", MIXED, "{\"type\": \"LanguageProperty\", \"languageMap\": {\"en\": \"North 1 West 2\", \"fr\": \"Nord 1 Ouest 2\"}}",
						"{\"type\": \"LanguageProperty\", \"languageMap\": {\"en\": \"North 1 West 2\", \"fr\": \"Nord 1 Ouest 2\"}, "
								+ "\"previousLanguageMap\": " + OLD_STREET + "}" },
				{ "jsonProperty", WITH_JSON, "{\"type\": \"JsonProperty\", \"json\": {\"ward\": \"Kita\", \"city\": \"Sapporo\"}}",
						"{\"type\": \"JsonProperty\", \"json\": {\"ward\": \"Kita\", \"city\": \"Sapporo\"}, \"previousJson\": " + OLD_JSON + "}" },
				{ "vocabProperty", WITH_VOCAB, "{\"type\": \"VocabProperty\", \"vocab\": \"museum\"}",
						"{\"type\": \"VocabProperty\", \"vocab\": \"museum\", \"previousVocab\": \"landmark\"}" } };
		for (var update : updates) {
			createEntity(update[1], "urn:ngsi-ld:Building:" + update[0]);
		}
		subscribeShowingChanges(null);
		for (var update : updates) {
			patchAttrs("urn:ngsi-ld:Building:" + update[0], "{\"" + update[0] + "\": " + update[2] + "}");
		}
		var byEntity = byEntity(updates.length, "urn:ngsi-ld:Subscription:changes");
		for (var update : updates) {
			var id = "urn:ngsi-ld:Building:" + update[0];
			HubJson.assertEntity(byEntity.get(id), replaced(update[1], id, update[0], update[3]));
		}
	}

	@Test
	void showChangesGivesThePreviousValueOfADeletedAttribute_046_34_01_046_34_02_046_34_03_046_34_04_046_35_01_046_36_01()
			throws Exception {
		subscribeShowingChanges("attributeDeleted");
		var deletions = new String[][] {
				{ "name", MIXED, "{\"type\": \"Property\", \"value\": \"urn:ngsi-ld:null\", \"previousValue\": \"Clock Tower\"}" },
				{ "locatedAt", MIXED,
						"{\"type\": \"Relationship\", \"object\": \"urn:ngsi-ld:null\", \"previousObject\": \"urn:ngsi-ld:City:Sapporo\"}" },
				{ "location", MIXED, "{\"type\": \"GeoProperty\", \"value\": \"urn:ngsi-ld:null\", \"previousValue\": " + OLD_POINT + "}" },
				{ "street", MIXED, "{\"type\": \"LanguageProperty\", \"languageMap\": {\"@none\": \"urn:ngsi-ld:null\"}, "
						+ "\"previousLanguageMap\": " + OLD_STREET + "}" },
				{ "jsonProperty", WITH_JSON,
						"{\"type\": \"JsonProperty\", \"json\": \"urn:ngsi-ld:null\", \"previousJson\": " + OLD_JSON + "}" },
				{ "vocabProperty", WITH_VOCAB,
						"{\"type\": \"VocabProperty\", \"vocab\": \"urn:ngsi-ld:null\", \"previousVocab\": \"landmark\"}" } };
		for (var deletion : deletions) {
			createEntity(deletion[1], "urn:ngsi-ld:Building:" + deletion[0]);
		}
		for (var deletion : deletions) {
			deleteAttribute("urn:ngsi-ld:Building:" + deletion[0], deletion[0], "?deleteAll=false");
		}
		var byEntity = byEntity(deletions.length, "urn:ngsi-ld:Subscription:changes");
		for (var deletion : deletions) {
			var id = "urn:ngsi-ld:Building:" + deletion[0];
			HubJson.assertEntity(byEntity.get(id), replaced(deletion[1], id, deletion[0], deletion[2]));
		}
	}

	@Test
	void showChangesGivesThePreviousValuesOfADeletedEntity_046_37_01_046_38_01_046_39_01() throws Exception {
		subscribeShowingChanges("entityDeleted");
		createEntity(MIXED, "urn:ngsi-ld:Building:mixed");
		createEntity(WITH_JSON, "urn:ngsi-ld:Building:json");
		createEntity(WITH_VOCAB, "urn:ngsi-ld:Building:vocab");
		for (var kind : List.of("mixed", "json", "vocab")) {
			deleteEntity("urn:ngsi-ld:Building:" + kind);
		}
		var byEntity = byEntity(3, "urn:ngsi-ld:Subscription:changes");
		HubJson.assertEntity(byEntity.get("urn:ngsi-ld:Building:mixed"), """
				{"id": "urn:ngsi-ld:Building:mixed", "type": "Building", "deletedAt": "2024-01-01T00:00:00Z",
				 "name": {"type": "Property", "value": "urn:ngsi-ld:null", "previousValue": "Clock Tower"},
				 "locatedAt": {"type": "Relationship", "object": "urn:ngsi-ld:null", "previousObject": "urn:ngsi-ld:City:Sapporo"},
				 "location": {"type": "GeoProperty", "value": "urn:ngsi-ld:null", "previousValue": %s},
				 "street": {"type": "LanguageProperty", "languageMap": {"@none": "urn:ngsi-ld:null"}, "previousLanguageMap": %s}}
				""".formatted(OLD_POINT, OLD_STREET));
		HubJson.assertEntity(byEntity.get("urn:ngsi-ld:Building:json"), """
				{"id": "urn:ngsi-ld:Building:json", "type": "Building", "deletedAt": "2024-01-01T00:00:00Z",
				 "jsonProperty": {"type": "JsonProperty", "json": "urn:ngsi-ld:null", "previousJson": %s}}
				""".formatted(OLD_JSON));
		HubJson.assertEntity(byEntity.get("urn:ngsi-ld:Building:vocab"), """
				{"id": "urn:ngsi-ld:Building:vocab", "type": "Building", "deletedAt": "2024-01-01T00:00:00Z",
				 "vocabProperty": {"type": "VocabProperty", "vocab": "urn:ngsi-ld:null", "previousVocab": "landmark"}}
				""");
	}

	@Test
	void showChangesGivesNoPreviousValueForACreatedEntity_046_40_01() throws Exception {
		subscribeShowingChanges("entityCreated");
		createEntity(TOWER, "urn:ngsi-ld:Building:new");
		var entity = only(receiver.next().body(), "urn:ngsi-ld:Subscription:changes");
		assertThat(entity.getJsonObject("name").getString("value")).isEqualTo("Clock Tower");
		assertNoPreviousValue(entity);
	}

	@Test
	void showChangesGivesNoPreviousValueForACreatedAttribute_046_41_01() throws Exception {
		createEntity("{\"id\": \"%1$s\", \"type\": \"Building\"}", "urn:ngsi-ld:Building:bare");
		subscribeShowingChanges("attributeCreated");
		appendAttrs("urn:ngsi-ld:Building:bare", "{\"name\": {\"type\": \"Property\", \"value\": \"Tokeidai\"}}");
		var entity = only(receiver.next().body(), "urn:ngsi-ld:Subscription:changes");
		assertThat(entity.getJsonObject("name").getString("value")).isEqualTo("Tokeidai");
		assertNoPreviousValue(entity);
	}

	private void subscribeShowingChanges(@Nullable String trigger) throws Exception {
		subscribe("""
				{"id": "urn:ngsi-ld:Subscription:changes", "type": "Subscription", "entities": [{"type": "Building"}],
				 %2$s "notification": {"endpoint": {"uri": "%1$s"}, "showChanges": true}}
				""".replace("%2$s", trigger == null ? "" : "\"notificationTrigger\": [\"" + trigger + "\"],"));
	}

	private static void assertNoPreviousValue(JsonValue value) {
		if (value instanceof JsonObject object) {
			assertThat(object.keySet()).as("no previous value in %s", object)
				.doesNotContain("previousValue", "previousObject", "previousLanguageMap", "previousJson", "previousVocab");
			object.values().forEach(HubNotificationTests::assertNoPreviousValue);
		}
		else if (value instanceof JsonArray array) {
			array.forEach(HubNotificationTests::assertNoPreviousValue);
		}
	}

	// ---- pick and omit (046_42, 046_43)

	@Test
	void pickAndOmitShapeTheNotifiedEntity_046_42_01_046_43_01() throws Exception {
		createEntity(MIXED, "urn:ngsi-ld:Building:p");
		for (var projection : List.of("\"pick\": [\"id\", \"name\"]", "\"omit\": [\"type\", \"name\"]")) {
			subscribe("""
					{"id": "urn:ngsi-ld:Subscription:%2$s", "type": "Subscription", "entities": [{"type": "Building"}],
					 "notification": {%3$s, "endpoint": {"uri": "%1$s", "accept": "application/json"}}}
					""".replace("%2$s", projection.substring(1, 5)).replace("%3$s", projection));
		}
		patchAttrs("urn:ngsi-ld:Building:p", "{\"name\": {\"type\": \"Property\", \"value\": \"Tokeidai\"}}");
		var bySubscription = new HashMap<String, JsonObject>();
		for (int i = 0; i < 2; i++) {
			var body = receiver.next().body();
			assertThat(body.getJsonArray("data")).hasSize(1);
			bySubscription.put(body.getString("subscriptionId"), body.getJsonArray("data").getJsonObject(0));
		}
		HubJson.assertEntity(bySubscription.get("urn:ngsi-ld:Subscription:pick"), """
				{"id": "urn:ngsi-ld:Building:p", "name": {"type": "Property", "value": "Tokeidai"}}
				""");
		HubJson.assertEntity(bySubscription.get("urn:ngsi-ld:Subscription:omit"), HubJson.without(
				HubJson.without((JsonObject) HubJson.parse(MIXED.formatted("urn:ngsi-ld:Building:p")), "type"), "name")
			.toString());
	}

	// ---- a linked entity in q (49_01)

	@Test
	void qFollowsARelationshipToTheLinkedEntity_49_01_01() throws Exception {
		createEntity("{\"id\": \"%1$s\", \"type\": \"Device\", \"batteryLevel\": {\"type\": \"Property\", \"value\": 0.3}}",
				"urn:ngsi-ld:Device:low");
		createEntity("{\"id\": \"%1$s\", \"type\": \"Device\", \"batteryLevel\": {\"type\": \"Property\", \"value\": 0.95}}",
				"urn:ngsi-ld:Device:full");
		subscribe("""
				{"id": "urn:ngsi-ld:Subscription:linked", "type": "Subscription", "entities": [{"type": "Vehicle"}],
				 "q": "isConnectedTo{batteryLevel}<0.5", "notification": {"endpoint": {"uri": "%1$s"}}}
				""");
		// the Vehicle that must not fire is written first: were it notified, it would come first
		for (var device : List.of("full", "low")) {
			createEntity("""
					{"id": "%1$s", "type": "Vehicle", "isConnectedTo": {"type": "Relationship", "object": "urn:ngsi-ld:Device:DEVICE"}}
					""".replace("DEVICE", device), "urn:ngsi-ld:Vehicle:" + device);
		}
		var entity = only(receiver.next().body(), "urn:ngsi-ld:Subscription:linked");
		assertThat(entity.getString("id")).isEqualTo("urn:ngsi-ld:Vehicle:low");
		assertThat(receiver.received.poll(1, TimeUnit.SECONDS)).as("the Vehicle of the full Device does not fire").isNull();
	}

	// ---- MQTT (058_01_02, 058_01_05, 058_02_01, 058_03_02)

	@Test
	void mqttToAnotherPortWithAndWithoutUserAndPassword_058_01_02_058_01_05() throws Exception {
		var topic = "tsunagu-test/" + hub.tenant;
		try (var messages = MqttListener.listen(topic + "/#", "test-" + hub.tenant); var relay = new MqttRelay()) {
			createEntity(TOWER, "urn:ngsi-ld:Building:mqtt");
			for (var endpoint : List.of("mqtt://127.0.0.1:" + relay.port() + "/" + topic + "/port",
					"mqtt://notifier:hokkaido@127.0.0.1:" + relay.port() + "/" + topic + "/password")) {
				subscribe("""
						{"type": "Subscription", "entities": [{"type": "Building"}], "notification": {"endpoint": {"uri": "%1$s"}}}
						""".replace("%1$s", endpoint));
			}
			patchAttrs("urn:ngsi-ld:Building:mqtt", "{\"airQualityLevel\": {\"type\": \"Property\", \"value\": 5}}");
			assertOneMessageEach(messages, topic + "/port", topic + "/password");
			assertThat(relay.connects).as("the hub went through the port of the URI, once with its user and password")
				.containsExactlyInAnyOrder(new MqttRelay.Connect(4, null, null), new MqttRelay.Connect(4, "notifier", "hokkaido"));
		}
	}

	@Test
	void mqttWithTheDefaultQosAndWithMqtt311_058_02_01_058_03_02() throws Exception {
		var topic = "tsunagu-test/" + hub.tenant;
		try (var messages = MqttListener.listen(topic + "/#", "test-" + hub.tenant)) {
			createEntity(TOWER, "urn:ngsi-ld:Building:mqtt");
			subscribe("""
					{"type": "Subscription", "entities": [{"type": "Building"}],
					 "notification": {"endpoint": {"uri": "mqtt://127.0.0.1/%2$s/qos"}}}
					""".replace("%2$s", topic));
			subscribe("""
					{"type": "Subscription", "entities": [{"type": "Building"}],
					 "notification": {"endpoint": {"uri": "mqtt://127.0.0.1/%2$s/v311",
					                               "notifierInfo": [{"key": "MQTT-Version", "value": "mqtt3.1.1"}]}}}
					""".replace("%2$s", topic));
			patchAttrs("urn:ngsi-ld:Building:mqtt", "{\"airQualityLevel\": {\"type\": \"Property\", \"value\": 5}}");
			assertOneMessageEach(messages, topic + "/qos", topic + "/v311");
		}
	}

	/** One message on each of these topics, each the notification of the Building's change, and no more. */
	private static void assertOneMessageEach(MqttListener messages, String... topics) throws InterruptedException {
		var seen = new java.util.ArrayList<String>();
		for (int i = 0; i < topics.length; i++) {
			var message = messages.poll(10, TimeUnit.SECONDS);
			assertThat(message).as("a message within 10 s").isNotNull();
			seen.add(message.getString("topic"));
			var entity = message.getJsonObject("body").getJsonArray("data").getJsonObject(0);
			assertThat(entity.getString("id")).isEqualTo("urn:ngsi-ld:Building:mqtt");
			assertThat(entity.getJsonObject("airQualityLevel").getInt("value")).isEqualTo(5);
		}
		assertThat(messages.poll(1, TimeUnit.SECONDS)).as("and no more").isNull();
		assertThat(seen).containsExactlyInAnyOrder(topics);
	}

	/**
	 * A TCP relay on a port of its own to the machine's Mosquitto, which reads the MQTT CONNECT
	 * packets that go through it: what protocol level, user and password the hub connected with.
	 */
	static final class MqttRelay implements AutoCloseable {

		record Connect(int level, @Nullable String user, @Nullable String password) {
		}

		final List<Connect> connects = new CopyOnWriteArrayList<>();

		private final ServerSocket server;

		private final List<Socket> sockets = new CopyOnWriteArrayList<>();

		MqttRelay() throws IOException {
			server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
			Thread.ofVirtual().start(this::accept);
		}

		int port() {
			return server.getLocalPort();
		}

		private void accept() {
			try {
				while (true) {
					var client = server.accept();
					var broker = new Socket(InetAddress.getLoopbackAddress(), MqttListener.PORT);
					sockets.add(client);
					sockets.add(broker);
					Thread.ofVirtual().start(() -> relay(client, broker, true));
					Thread.ofVirtual().start(() -> relay(broker, client, false));
				}
			}
			catch (IOException closed) {
				// the relay is closed
			}
		}

		private void relay(Socket from, Socket to, boolean fromClient) {
			try {
				var in = new DataInputStream(from.getInputStream());
				var out = to.getOutputStream();
				if (fromClient) {
					int header = in.readUnsignedByte();
					var length = new ByteArrayOutputStream();
					int remaining = 0;
					int shift = 0;
					int digit;
					do {
						digit = in.readUnsignedByte();
						length.write(digit);
						remaining |= (digit & 0x7f) << shift;
						shift += 7;
					}
					while ((digit & 0x80) != 0);
					var packet = in.readNBytes(remaining);
					if (header >> 4 == 1) {
						connects.add(connect(ByteBuffer.wrap(packet)));
					}
					out.write(header);
					length.writeTo(out);
					out.write(packet);
				}
				in.transferTo(out);
			}
			catch (IOException | RuntimeException gone) {
				// one side closed the connection
			}
			finally {
				quietly(from);
				quietly(to);
			}
		}

		/** The variable header and payload of a CONNECT (MQTT 3.1.1 and 5). */
		private static Connect connect(ByteBuffer packet) {
			skip(packet, Short.toUnsignedInt(packet.getShort()));
			int level = Byte.toUnsignedInt(packet.get());
			int flags = Byte.toUnsignedInt(packet.get());
			packet.getShort();
			if (level == 5) {
				skip(packet, varint(packet));
			}
			skip(packet, Short.toUnsignedInt(packet.getShort()));
			if ((flags & 0x04) != 0) {
				if (level == 5) {
					skip(packet, varint(packet));
				}
				skip(packet, Short.toUnsignedInt(packet.getShort()));
				skip(packet, Short.toUnsignedInt(packet.getShort()));
			}
			var user = (flags & 0x80) != 0 ? text(packet) : null;
			var password = (flags & 0x40) != 0 ? text(packet) : null;
			return new Connect(level, user, password);
		}

		private static String text(ByteBuffer packet) {
			var bytes = new byte[Short.toUnsignedInt(packet.getShort())];
			packet.get(bytes);
			return new String(bytes, StandardCharsets.UTF_8);
		}

		private static int varint(ByteBuffer packet) {
			int value = 0;
			int shift = 0;
			int digit;
			do {
				digit = Byte.toUnsignedInt(packet.get());
				value |= (digit & 0x7f) << shift;
				shift += 7;
			}
			while ((digit & 0x80) != 0);
			return value;
		}

		private static void skip(ByteBuffer packet, int bytes) {
			packet.position(packet.position() + bytes);
		}

		private static void quietly(java.io.Closeable closeable) {
			try {
				closeable.close();
			}
			catch (IOException ignored) {
				// already closed
			}
		}

		@Override
		public void close() {
			quietly(server);
			sockets.forEach(MqttRelay::quietly);
		}
	}

	// ---- helpers

	/** The one entity of a notification of this subscription. */
	private static JsonObject only(JsonObject body, String subscriptionId) {
		assertThat(body.getString("subscriptionId")).isEqualTo(subscriptionId);
		assertThat(body.getJsonArray("data")).as(body.toString()).hasSize(1);
		return body.getJsonArray("data").getJsonObject(0);
	}

	/** The next notifications of this subscription, one entity each, by the entity's id. */
	private Map<String, JsonObject> byEntity(int count, String subscriptionId) throws InterruptedException {
		var byEntity = new HashMap<String, JsonObject>();
		for (int i = 0; i < count; i++) {
			var entity = only(receiver.next().body(), subscriptionId);
			byEntity.put(entity.getString("id"), entity);
		}
		return byEntity;
	}

	/** An entity template with this id, one attribute replaced. */
	private static String replaced(String template, String id, String attribute, String value) {
		return Json.createObjectBuilder((JsonObject) HubJson.parse(template.formatted(id)))
			.add(attribute, HubJson.parse(value))
			.build()
			.toString();
	}

	private void createEntity(String template, String id) throws Exception {
		var created = write("POST", "/ngsi-ld/v1/entities", template.formatted(id));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
	}

	/** Creates a subscription, in the receiver's context unless it names one, %1$s in it the receiver's endpoint. */
	private void subscribe(String subscription) throws Exception {
		var body = (subscription.contains("\"@context\"") ? subscription
				: HubJson.withContext(subscription, Json.createValue(receiver.context))).replace("%1$s", receiver.endpoint());
		var created = hub.send(request("/ngsi-ld/v1/subscriptions")
			.header("Content-Type", "application/ld+json")
			.POST(HttpRequest.BodyPublishers.ofString(body)), hub.writer);
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
	}

	private void patchAttrs(String id, String fragment) throws Exception {
		changed(write("PATCH", "/ngsi-ld/v1/entities/" + id + "/attrs", fragment));
	}

	private void appendAttrs(String id, String fragment) throws Exception {
		changed(write("POST", "/ngsi-ld/v1/entities/" + id + "/attrs", fragment));
	}

	private void deleteAttribute(String id, String attribute, String query) throws Exception {
		changed(hub.send(request("/ngsi-ld/v1/entities/" + id + "/attrs/" + attribute + query)
			.header("Link", HubClient.link(receiver.context))
			.DELETE(), hub.writer));
	}

	private void deleteEntity(String id) throws Exception {
		changed(hub.send(request("/ngsi-ld/v1/entities/" + id).DELETE(), hub.writer));
	}

	/** A JSON-LD request of the writer, the receiver's context put in the body. */
	private HttpResponse<String> write(String method, String path, String json) throws Exception {
		var body = Json.createObjectBuilder((JsonObject) HubJson.parse(json)).add("@context", receiver.context).build();
		return hub.send(request(path).header("Content-Type", "application/ld+json")
			.method(method, HttpRequest.BodyPublishers.ofString(body.toString())), hub.writer);
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(hub.uri(path));
	}

	private static void changed(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
	}
}
