package jp.tsunagu.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import jp.tsunagu.activity.ActivityType;
import jp.tsunagu.activity.Timeline;
import jp.tsunagu.identity.Accounts;
import jp.tsunagu.platform.Tokyo;
import jp.tsunagu.points.Points;
import jp.tsunagu.residents.Residents;
import jp.tsunagu.vitals.Band;
import jp.tsunagu.vitals.Stations;
import jp.tsunagu.vitals.VitalKind;
import jp.tsunagu.vitals.Vitals;

/**
 * The demo ward, generated as at start-up (on a private H2 whatever the test database, since it
 * fills the database with a ward): the demo resident has three months of every kind from the demo
 * station, blood pressure mostly as usual and a few high; thirty regulars have theirs; her outings
 * of this week and month are what they were (she measured on days she was out anyway), her points
 * are the outings' 190 and 10 for each day she measured; a restart, or the seeding run again, adds nothing.
 * <p>
 * Runs in the H2 run of the suite only: Spring Authorization Server's JDBC authorization service
 * keeps its table's column types in a static field, so an H2 context started in the PostgreSQL run
 * would make the PostgreSQL contexts cached beside it read their authorizations as H2 BLOBs (the
 * consent page then failed on "\x…" in ResidentIsolationTests). The demo starts on H2 anyway.
 */
@Tag("integration")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "tsunagu.demo.enabled=true", "tsunagu.demo.residents=80", "spring.thymeleaf.cache=false",
				"spring.datasource.url=jdbc:h2:mem:demo-vitals;DB_CLOSE_DELAY=-1", "spring.datasource.username=sa",
				"spring.datasource.password=" })
class DemoVitalsTests {

	@org.junit.jupiter.api.BeforeAll
	static void onlyInTheH2Run() {
		org.junit.jupiter.api.Assumptions.assumeFalse(jp.tsunagu.TestDatabase.postgres(),
				"the demo's own H2 context would change the PostgreSQL contexts' authorization column types");
	}

	@Autowired
	DemoWard ward;

	@Autowired
	DemoVitals demoVitals;

	@Autowired
	Accounts accounts;

	@Autowired
	Residents residents;

	@Autowired
	Vitals vitals;

	@Autowired
	Stations stations;

	@Autowired
	Timeline timeline;

	@Autowired
	Points points;

	@Test
	void whenTheDemoStartsThenTheWardHasMeasurementsAndTheDemoResidentsFiguresHold() {
		var hanako = accounts.findByLoginName(DemoWard.RESIDENT).orElseThrow().id();
		var station = stations.all().stream().filter(s -> s.name().equals(DemoVitals.STATION)).toList();
		assertThat(station).singleElement().satisfies(s -> assertThat(s.place()).isEqualTo(DemoVitals.PLACE));

		var all = vitals.search(hanako, List.of(), null, null, false, 0, 1000);
		assertThat(all).allSatisfy(m -> {
			assertThat(m.device()).isEqualTo(station.getFirst().device());
			assertThat(m.place()).isEqualTo(DemoVitals.PLACE);
		});
		assertThat(all.stream().map(m -> m.kind()).collect(Collectors.toSet()))
			.containsExactlyInAnyOrder(VitalKind.BLOOD_PRESSURE, VitalKind.PULSE, VitalKind.BODY_WEIGHT,
					VitalKind.BODY_TEMPERATURE, VitalKind.SPO2, VitalKind.STEPS);
		var now = Instant.now();
		assertThat(all.getFirst().takenAt()).as("three months back").isBefore(now.minus(Duration.ofDays(88)));
		var pressures = vitals.search(hanako, List.of(VitalKind.BLOOD_PRESSURE), null, null, false, 0, 100);
		var threshold = vitals.thresholds().get(VitalKind.BLOOD_PRESSURE);
		long high = pressures.stream().filter(m -> threshold.band(m.value(), m.second()) == Band.HIGH).count();
		assertThat(pressures).hasSizeBetween(11, 12);
		assertThat(high).as("a few high ones").isBetween(2L, 4L);
		assertThat(pressures.size() - high).as("mostly as usual").isGreaterThan(high * 2);

		var days = pressures.stream().map(m -> Tokyo.day(m.takenAt())).collect(Collectors.toSet());
		var recent = timeline.between(hanako, now.minus(Duration.ofDays(39)), now);
		Set<java.time.LocalDate> outings = recent.stream()
			.filter(a -> a.type() != ActivityType.VITALS_TAKEN)
			.map(a -> Tokyo.day(a.occurredAt()))
			.collect(Collectors.toSet());
		assertThat(recent.stream().filter(a -> a.type() == ActivityType.VITALS_TAKEN).map(a -> Tokyo.day(a.occurredAt())))
			.as("measured on days she was out anyway").isNotEmpty().allMatch(outings::contains);
		assertThat(points.balance(hanako)).as("190 for the outings, 10 a day for measuring")
			.isEqualTo(190 + 10L * days.size());

		long regulars = residents.all()
			.stream()
			.filter(r -> !r.account().equals(hanako))
			.filter(r -> vitals.count(r.account(), List.of(VitalKind.BLOOD_PRESSURE), null, null) >= 15)
			.count();
		assertThat(regulars).isEqualTo(DemoVitals.REGULARS);

		long before = count();
		ward.generate();
		assertThat(count()).as("a restart adds nothing").isEqualTo(before);
		assertThat(demoVitals.seedAll(hanako, 20231201)).as("seeding again: every reading is there").isZero();
		assertThat(count()).isEqualTo(before);
		assertThat(stations.all().stream().filter(s -> s.name().equals(DemoVitals.STATION))).hasSize(1);
	}

	private long count() {
		return residents.all().stream().mapToLong(r -> vitals.count(r.account(), List.of(), null, null)).sum();
	}

	@Autowired
	DemoHub demoHub;

	@Autowired
	jp.tsunagu.hub.Entities hubEntities;

	@Test
	void whenTheDemoStartsThenTheDataHubHoldsTheWardsCityDataOnce() {
		assertThat(hubEntities.count("", DemoHub.POI_TYPE)).as("points of interest of the three areas").isEqualTo(54);
		assertThat(hubEntities.count("", DemoHub.SDM + "dataModel.Device/Device")).isEqualTo(36);
		assertThat(hubEntities.count("", DemoHub.SDM + "dataModel.Weather/WeatherObserved")).isEqualTo(9);
		var station = hubEntities.find("", "urn:ngsi-ld:WeatherObserved:Momijidai:1").orElseThrow();
		assertThat(station.node().toString()).contains(DemoHub.SDM + "dataModel.Weather/snowHeight")
			.contains("https://uri.etsi.org/ngsi-ld/observedAt");
		// the README's example: road snow sensors within 1 km of Shin-Sapporo station with more than 10 cm of snow
		var near = jp.tsunagu.hub.query.GeoQuery.of("near;maxDistance==1000", "Point", "[141.4731,43.0385]",
				"https://uri.etsi.org/ngsi-ld/location");
		var deep = jp.tsunagu.hub.query.QueryParser.parse("https://smartdatamodels.org/dataModel.Weather/snowHeight>10");
		var found = hubEntities.query("", new jp.tsunagu.hub.internal.EntityRows.Filter(
				List.of(DemoHub.SDM + "dataModel.Transportation/RoadSnowSensor"), List.of(), null, near), deep, 0, 100, true);
		assertThat(found.total()).as("some sensors near the station have more than 10 cm").isPositive();
		assertThat(found.total()).as("but not all 84").isLessThan(84);
		assertThat(demoHub.seed(20231201L)).as("a second seeding adds nothing").isZero();
	}
}
