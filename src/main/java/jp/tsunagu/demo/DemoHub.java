package jp.tsunagu.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jp.tsunagu.hub.Entities;

/**
 * The demo ward's city data on the data hub: what partner services and FIWARE tools would find
 * there in Atsubetsu ward. Points of interest of the three areas (community centres, the exchange
 * areas, shops, clinics, parks), the exchange areas' devices (blood-pressure monitors, scales,
 * check-in readers, tablets), bus stops, road snow sensors and weather stations with this morning's
 * snow: 303 entities, in FIWARE's Smart Data Models vocabulary ({@link #CONTEXT}). Seeded
 * once (it looks for the demo's points of interest first), the same every time (the demo's seed).
 */
@Component
class DemoHub {

	static final String SDM = "https://smartdatamodels.org/";

	/** The Smart Data Models terms the demo's entities use, as an inline JSON-LD context. */
	static final JsonObject CONTEXT = Json.createObjectBuilder()
		.add("PointOfInterest", SDM + "dataModel.PointOfInterest/PointOfInterest")
		.add("Device", SDM + "dataModel.Device/Device")
		.add("WeatherObserved", SDM + "dataModel.Weather/WeatherObserved")
		.add("GtfsStop", SDM + "dataModel.UrbanMobility/GtfsStop")
		.add("RoadSnowSensor", SDM + "dataModel.Transportation/RoadSnowSensor")
		.add("name", SDM + "name")
		.add("category", SDM + "category")
		.add("address", SDM + "address")
		.add("area", SDM + "areaServed")
		.add("controlledProperty", SDM + "controlledProperty")
		.add("deviceState", SDM + "dataModel.Device/deviceState")
		.add("batteryLevel", SDM + "dataModel.Device/batteryLevel")
		.add("temperature", SDM + "dataModel.Weather/temperature")
		.add("snowHeight", SDM + "dataModel.Weather/snowHeight")
		.add("precipitation", SDM + "dataModel.Weather/precipitation")
		.add("relativeHumidity", SDM + "dataModel.Weather/relativeHumidity")
		.add("refPointOfInterest", Json.createObjectBuilder().add("@id", SDM + "refPointOfInterest").add("@type", "@id"))
		.build();

	static final String POI_TYPE = SDM + "dataModel.PointOfInterest/PointOfInterest";

	private record Area(String id, String name, double latitude, double longitude) {
	}

	private static final List<Area> PLACES = List.of(new Area("Momijidai", "もみじ台", 43.0405, 141.5060),
			new Area("Aoba", "青葉町", 43.0350, 141.4900), new Area("ShinSapporo", "新さっぽろ", 43.0385, 141.4731));

	private static final Logger log = LoggerFactory.getLogger(DemoHub.class);

	private final Entities entities;

	private final Clock clock;

	DemoHub(Entities entities, Clock clock) {
		this.entities = entities;
		this.clock = clock;
	}

	/** Seeds the ward's city data unless the hub holds the demo's points of interest already; returns how many were made. */
	int seed(long seed) {
		if (entities.count("", POI_TYPE) > 0) {
			return 0;
		}
		var random = new Random(seed);
		int made = 0;
		var now = clock.instant().truncatedTo(ChronoUnit.MINUTES);
		for (var area : PLACES) {
			var exchange = "urn:ngsi-ld:PointOfInterest:" + area.id() + ":exchange-area";
			made += publish(entity(exchange, "PointOfInterest", area, random, 0.001)
				.add("name", property(area.name() + " 地域交流エリア"))
				.add("category", property("community-exchange-area")));
			made += publish(entity("urn:ngsi-ld:PointOfInterest:" + area.id() + ":community-centre", "PointOfInterest",
					area, random, 0.004)
				.add("name", property(area.name() + " 会館"))
				.add("category", property("community-centre")));
			String[][] kinds = { { "shop", "商店" }, { "clinic", "クリニック" }, { "park", "公園" }, { "pharmacy", "薬局" } };
			for (int i = 0; i < 16; i++) {
				var kind = kinds[i % kinds.length];
				made += publish(entity("urn:ngsi-ld:PointOfInterest:" + area.id() + ":" + kind[0] + "-" + (i + 1),
						"PointOfInterest", area, random, 0.01)
					.add("name", property(area.name() + " " + kind[1] + " " + (i / kinds.length + 1)))
					.add("category", property(kind[0])));
			}
			String[][] devices = { { "blood-pressure-monitor", "血圧計" }, { "scale", "体組成計" },
					{ "check-in-reader", "チェックイン読み取り機" }, { "tablet", "タブレット" } };
			for (int i = 0; i < 12; i++) {
				var device = devices[i % devices.length];
				made += publish(entity("urn:ngsi-ld:Device:" + area.id() + ":" + device[0] + "-" + (i / devices.length + 1),
						"Device", area, random, 0.0005)
					.add("name", property(area.name() + " " + device[1] + " " + (i / devices.length + 1)))
					.add("controlledProperty", property(device[0]))
					.add("deviceState", property(random.nextInt(20) == 0 ? "maintenance" : "ok"))
					.add("batteryLevel", observed(Json.createValue(Math.round(random.nextDouble(0.3, 1.0) * 100) / 100.0), now,
							null))
					.add("refPointOfInterest", Json.createObjectBuilder().add("type", "Relationship").add("object", exchange)));
			}
			for (int i = 0; i < 40; i++) {
				made += publish(entity("urn:ngsi-ld:GtfsStop:" + area.id() + ":" + (i + 1), "GtfsStop", area, random, 0.015)
					.add("name", property(area.name() + " " + (i + 1) + "番 バス停")));
			}
			for (int i = 0; i < 28; i++) {
				made += publish(entity("urn:ngsi-ld:RoadSnowSensor:" + area.id() + ":" + (i + 1), "RoadSnowSensor", area,
						random, 0.012)
					.add("name", property(area.name() + " 路面積雪センサー " + (i + 1)))
					.add("snowHeight", observed(Json.createValue(random.nextInt(5, 40)), now, "CMT")));
			}
			for (int i = 0; i < 3; i++) {
				made += publish(entity("urn:ngsi-ld:WeatherObserved:" + area.id() + ":" + (i + 1), "WeatherObserved", area,
						random, 0.01)
					.add("name", property(area.name() + " 気象観測点 " + (i + 1)))
					.add("temperature", observed(Json.createValue(Math.round(random.nextDouble(-9, -1) * 10) / 10.0), now, "CEL"))
					.add("snowHeight", observed(Json.createValue(random.nextInt(20, 70)), now, "CMT"))
					.add("precipitation", observed(Json.createValue(Math.round(random.nextDouble(0, 3) * 10) / 10.0),
							now.minus(Duration.ofMinutes(10)), "MMT"))
					.add("relativeHumidity", observed(Json.createValue(Math.round(random.nextDouble(0.6, 0.95) * 100) / 100.0),
							now, null)));
			}
		}
		log.info("Demo data hub: {} entities of the ward's city data", made);
		return made;
	}

	private int publish(JsonObjectBuilder entity) {
		entities.publish("", entity.build(), CONTEXT);
		return 1;
	}

	private static JsonObjectBuilder entity(String id, String type, Area area, Random random, double spread) {
		double latitude = area.latitude() + random.nextDouble(-spread, spread);
		double longitude = area.longitude() + random.nextDouble(-spread, spread);
		return Json.createObjectBuilder()
			.add("id", id)
			.add("type", type)
			.add("area", property(area.name()))
			.add("location", Json.createObjectBuilder()
				.add("type", "GeoProperty")
				.add("value", Json.createObjectBuilder()
					.add("type", "Point")
					.add("coordinates", Json.createArrayBuilder().add(round(longitude)).add(round(latitude)))));
	}

	private static double round(double degrees) {
		return Double.parseDouble(String.format(Locale.ROOT, "%.6f", degrees));
	}

	private static JsonObjectBuilder property(String value) {
		return Json.createObjectBuilder().add("type", "Property").add("value", value);
	}

	private static JsonObjectBuilder observed(jakarta.json.JsonValue value, java.time.Instant at,
			@org.jspecify.annotations.Nullable String unitCode) {
		var property = Json.createObjectBuilder().add("type", "Property").add("value", value).add("observedAt", at.toString());
		if (unitCode != null) {
			property.add("unitCode", unitCode);
		}
		return property;
	}
}
