package jp.tsunagu.demo;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import jp.tsunagu.identity.AccountId;
import jp.tsunagu.platform.Tokyo;
import jp.tsunagu.residents.Resident;
import jp.tsunagu.residents.Residents;
import jp.tsunagu.vitals.Measurement;
import jp.tsunagu.vitals.NewMeasurement;
import jp.tsunagu.vitals.Station;
import jp.tsunagu.vitals.Stations;
import jp.tsunagu.vitals.VitalKind;
import jp.tsunagu.vitals.Vitals;

/**
 * Three months of measurements from the demo station 「もみじ台 地域交流エリア 測定コーナー」: the demo
 * resident on the days she was at the Momijidai exchange area (the recent ones are her outings in
 * {@link DemoWard}, so this week's and this month's outings stay as they were) and weekly before;
 * thirty regulars every four or five days; a quarter of the others once or twice this month. Values follow each
 * person's own usual level with day-to-day scatter, blood pressure now and then high. Seeded once:
 * nothing is added while the demo resident has measurements, and each reading is keyed by station,
 * kind and time, so a seeding cut short and run again stores each reading once.
 */
@Component
class DemoVitals {

	static final String STATION = "もみじ台 地域交流エリア 測定コーナー";

	static final String PLACE = "もみじ台 地域交流エリア";

	/** Days ago the demo resident measured: her recent Momijidai outings, then weekly for three months. */
	static final int[] HANAKO_DAYS_AGO = { 0, 8, 17, 36, 43, 50, 57, 64, 71, 78, 85, 92 };

	/** Of those, the days her blood pressure was high. */
	static final Set<Integer> HANAKO_HIGH_DAYS = Set.of(17, 57, 85);

	static final int REGULARS = 30;

	private static final Logger log = LoggerFactory.getLogger(DemoVitals.class);

	private final Stations stations;

	private final Vitals vitals;

	private final Residents residents;

	private final Clock clock;

	DemoVitals(Stations stations, Vitals vitals, Residents residents, Clock clock) {
		this.stations = stations;
		this.vitals = vitals;
		this.residents = residents;
		this.clock = clock;
	}

	/** Seeds the ward's measurements unless the demo resident has some already. */
	void seed(AccountId hanako, long seed) {
		if (vitals.count(hanako, List.of(), null, null) == 0) {
			seedAll(hanako, seed);
		}
	}

	/** Stores every demo reading not stored yet (each once, by station, kind and time); returns how many were new. */
	int seedAll(AccountId hanako, long seed) {
		var started = System.nanoTime();
		var station = station();
		var random = new Random(seed);
		var today = Tokyo.today(clock);
		var used = new HashSet<Instant>();
		var ward = residents.all()
			.stream()
			.filter(r -> r.registeredVia() == Resident.RegisteredVia.DEMO)
			.sorted(Comparator.comparing(r -> r.account().value()))
			.toList();
		int stored = 0;
		for (int i = 0; i < ward.size(); i++) {
			var person = Person.of(random);
			var days = new ArrayList<Integer>();
			if (i < REGULARS) {
				for (int d = 1 + random.nextInt(4); d <= 91; d += 4 + random.nextInt(2)) {
					days.add(d);
				}
			}
			else if (random.nextDouble() < 0.25) {
				for (int n = 1 + random.nextInt(2); n > 0; n--) {
					days.add(1 + random.nextInt(30));
				}
			}
			stored += store(station, ward.get(i).account(), person, days, today, random, used);
		}
		var days = new ArrayList<Integer>();
		for (int d : HANAKO_DAYS_AGO) {
			days.add(d);
		}
		stored += store(station, hanako, Person.HANAKO, days, today, new Random(seed + 1), used);
		log.info("Demo vitals: {} measurements from {} in {} ms", stored, STATION,
				Duration.ofNanos(System.nanoTime() - started).toMillis());
		return stored;
	}

	private Station station() {
		return stations.all()
			.stream()
			.filter(s -> s.name().equals(STATION) && s.place().equals(PLACE))
			.findFirst()
			.orElseGet(() -> stations.register(STATION, PLACE, "demo").station());
	}

	/** One resident's visits to the measuring corner, stored in one batch. */
	private int store(Station station, AccountId resident, Person person, List<Integer> daysAgo, LocalDate today,
			Random random, Set<Instant> used) {
		var batch = new ArrayList<NewMeasurement>();
		var now = clock.instant();
		for (int ago : daysAgo) {
			// the corner is open 9:30 to 15:30; one person at a time, so no two visits start at the same second
			var at = today.minusDays(ago)
				.atTime(9, 30)
				.plusSeconds(random.nextInt(6 * 3600))
				.atZone(Tokyo.ZONE)
				.toInstant();
			if (person == Person.HANAKO) {
				// twenty minutes after she came in (DemoWard's outings: at 10, 11, 12 or 13 o'clock)
				at = today.minusDays(ago).atTime(hanakosHour(ago), 20).atZone(Tokyo.ZONE).toInstant();
			}
			while (!used.add(at)) {
				at = at.plusSeconds(61);
			}
			if (at.plus(Duration.ofMinutes(10)).isAfter(now)) {
				continue;
			}
			boolean high = person == Person.HANAKO ? HANAKO_HIGH_DAYS.contains(ago) : random.nextDouble() < person.highShare();
			double scatter = person == Person.HANAKO ? 0.6 : 1;
			int systolic = (int) Math.round(person.systolic() + random.nextGaussian() * 7 * scatter + (high ? 20 : 0));
			int diastolic = (int) Math.round(person.diastolic() + random.nextGaussian() * 5 * scatter + (high ? 9 : 0));
			batch.add(reading(station, resident, VitalKind.BLOOD_PRESSURE, at, systolic, diastolic));
			batch.add(reading(station, resident, VitalKind.PULSE, at, Math.round(person.pulse() + random.nextGaussian() * 5), null));
			if (person == Person.HANAKO || random.nextDouble() < 0.6) {
				batch.add(reading(station, resident, VitalKind.BODY_WEIGHT, at.plusSeconds(180),
						person.weight() + ago * 0.01 + random.nextGaussian() * 0.3, null));
			}
			if (person == Person.HANAKO || random.nextDouble() < 0.4) {
				batch.add(reading(station, resident, VitalKind.BODY_TEMPERATURE, at.plusSeconds(300),
						36.0 + person.warmth() + random.nextGaussian() * 0.15, null));
				batch.add(reading(station, resident, VitalKind.SPO2, at.plusSeconds(360),
						Math.min(99, Math.round(person.oxygen() + random.nextGaussian())), null));
			}
			if (person == Person.HANAKO || random.nextDouble() < 0.5) {
				// the pedometer's count of the day so far, read at the corner
				batch.add(reading(station, resident, VitalKind.STEPS, at.plusSeconds(420),
						Math.max(300, Math.round(person.steps() + random.nextGaussian() * 1200)), null));
			}
		}
		if (batch.isEmpty()) {
			return 0;
		}
		return (int) vitals.recordAll(batch).stream().filter(r -> r.created()).count();
	}

	private static int hanakosHour(int daysAgo) {
		return switch (daysAgo) {
			case 0 -> 10;
			case 8 -> 13;
			case 17 -> 12;
			case 36 -> 11;
			default -> 10;
		};
	}

	private static NewMeasurement reading(Station station, AccountId resident, VitalKind kind, Instant at, double value,
			@Nullable Integer second) {
		var number = BigDecimal.valueOf(value).setScale(kind.scale(), RoundingMode.HALF_UP);
		return new NewMeasurement(resident, kind, at, number, second == null ? null : BigDecimal.valueOf(second),
				station.device(), Measurement.Source.STATION, station.place(), "station:" + station.clientId());
	}

	/** Someone's usual levels, each reading scattered around them. */
	record Person(double systolic, double diastolic, double pulse, double weight, double warmth, double oxygen,
			double steps, double highShare) {

		/** The demo resident, 76: blood pressure usually a little under the line (high on {@link #HANAKO_HIGH_DAYS}). */
		static final Person HANAKO = new Person(124, 76, 70, 52.4, 0.35, 97, 5200, 0);

		static Person of(Random random) {
			return new Person(112 + random.nextInt(30), 68 + random.nextInt(14), 62 + random.nextInt(20),
					45 + random.nextInt(35) + random.nextInt(10) / 10.0, 0.1 + random.nextDouble() * 0.6,
					95 + random.nextInt(4), 2000 + random.nextInt(6000), 0.03 + random.nextDouble() * 0.1);
		}
	}
}
