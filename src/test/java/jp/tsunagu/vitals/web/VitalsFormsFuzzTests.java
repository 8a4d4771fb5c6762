package jp.tsunagu.vitals.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import jp.tsunagu.Browser;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.identity.Accounts;
import jp.tsunagu.identity.TestAdmins;
import jp.tsunagu.identity.TestResidents;
import jp.tsunagu.residents.Residents;
import jp.tsunagu.vitals.Stations;
import jp.tsunagu.vitals.VitalKind;
import jp.tsunagu.vitals.Vitals;

/**
 * Hostile input on every vitals form: NUL characters, oversized and random text, unknown kinds and
 * resident ids. Each answer is a 4xx (never a 500), and nothing is stored: no measurement, no
 * station, no threshold changed.
 */
@TsunaguTest
class VitalsFormsFuzzTests {

	static final String[] NASTY = { "\u0000", "1\u00002", "", " ", "９".repeat(40), "1".repeat(5000), "-1", "1e9",
			"NaN", "Infinity", "0x7f", "１２８／８２", "128/82", "<script>alert(1)</script>", "' OR 1=1 --", "💉",
			"\uD800", "٣٤", "１,２３", "36,6", "2026-13-45T25:61", "9999-12-31T23:59", "+128", "128 mmHg", "\t\n" };

	@LocalServerPort
	int port;

	@Autowired
	Residents residents;

	@Autowired
	Accounts accounts;

	@Autowired
	Vitals vitals;

	@Autowired
	Stations stations;

	@Test
	void whenTheDeskFormGetsHostileInputThenItAnswers4xxAndStoresNothing() {
		var account = TestResidents.hanako(residents).resident().account();
		var desk = new Browser(port);
		desk.signIn(TestAdmins.admin(accounts), TestAdmins.PASSWORD);
		var path = "/staff/residents/" + account + "/vitals";
		var csrf = Browser.csrfOf(desk.get(path).body());
		var random = new Random(17);
		var kinds = new ArrayList<String>(List.of("BLOOD_PRESSURE", "PULSE", "STEPS", "blood_pressure", "UNKNOWN",
				"BLOOD_PRESSURE\u0000", "", "x".repeat(10_000)));
		for (int i = 0; i < 300; i++) {
			var fields = List.of(Map.entry("kind", kinds.get(random.nextInt(kinds.size()))),
					Map.entry("value", pick(random)), Map.entry("second", pick(random)),
					Map.entry("takenAt", pick(random)), Map.entry("_csrf", csrf));
			var answer = desk.post(path, fields);
			assertThat(answer.statusCode()).as(fields.toString()).isBetween(400, 499);
		}
		var big = desk.post(path, List.of(Map.entry("kind", "PULSE"), Map.entry("value", "7".repeat(3_000_000)),
				Map.entry("_csrf", csrf)));
		assertThat(big.statusCode()).as("a body larger than a form").isBetween(400, 499);
		assertThat(vitals.count(account, List.of(), null, null)).isZero();

		var valid = List.of(Map.entry("kind", "PULSE"), Map.entry("value", "70"), Map.entry("_csrf", csrf));
		assertThat(desk.post("/staff/residents/" + UUID.randomUUID() + "/vitals", valid).statusCode())
			.as("nobody with this id").isEqualTo(404);
		assertThat(desk.post("/staff/residents/not-an-id/vitals", valid).statusCode()).isBetween(400, 404);
		assertThat(desk.get("/staff/residents/" + UUID.randomUUID() + "/vitals").statusCode()).isEqualTo(404);
		assertThat(desk.get("/staff/residents/%00/vitals").statusCode()).isBetween(400, 404);
		assertThat(desk.post(path, List.of(Map.entry("kind", "PULSE"), Map.entry("value", "70"))).statusCode())
			.as("no CSRF token").isEqualTo(403);
		assertThat(vitals.count(account, List.of(), null, null)).isZero();
		assertThat(desk.post(path, valid).statusCode()).as("and then a real one").isEqualTo(302);
		assertThat(vitals.count(account, List.of(), null, null)).isOne();
	}

	@Test
	void whenTheAdministratorsFormsGetHostileInputThenThey4xxAndChangeNothing() {
		var admin = new Browser(port);
		admin.signIn(TestAdmins.admin(accounts), TestAdmins.PASSWORD);
		var csrf = Browser.csrfOf(admin.get("/admin/vitals/stations").body());
		var stationsBefore = stations.all().size();
		var thresholdsBefore = vitals.thresholds();
		var random = new Random(42);
		for (int i = 0; i < 60; i++) {
			var name = random.nextBoolean() ? pick(random) : "";
			var place = random.nextInt(3) == 0 ? "\u0000" : "y".repeat(201 + random.nextInt(5000));
			var answer = admin.post("/admin/vitals/stations",
					List.of(Map.entry("name", name), Map.entry("place", place), Map.entry("_csrf", csrf)));
			assertThat(answer.statusCode()).as(name + " / " + place.length()).isBetween(400, 499);
		}
		var kinds = new ArrayList<String>(List.of("PULSE", "BLOOD_PRESSURE", "SPO2", "UNKNOWN", "\u0000", "",
				"x".repeat(10_000)));
		for (var kind : VitalKind.values()) {
			kinds.add(kind.name().toLowerCase());
		}
		for (int i = 0; i < 200; i++) {
			var fields = List.of(Map.entry("kind", kinds.get(random.nextInt(kinds.size()))),
					Map.entry("low", pick(random)), Map.entry("high", pick(random)),
					Map.entry("secondLow", pick(random)), Map.entry("secondHigh", "abc" + pick(random)),
					Map.entry("_csrf", csrf));
			var answer = admin.post("/admin/vitals/thresholds", fields);
			assertThat(answer.statusCode()).as(fields.toString()).isBetween(400, 499);
		}
		assertThat(stations.all()).hasSize(stationsBefore);
		var after = vitals.thresholds();
		for (var kind : VitalKind.values()) {
			assertThat(after.get(kind).updatedAt()).as(kind.name()).isEqualTo(thresholdsBefore.get(kind).updatedAt());
		}
	}

	private static String pick(Random random) {
		var nasty = NASTY[random.nextInt(NASTY.length)];
		return random.nextInt(4) == 0 ? nasty + NASTY[random.nextInt(NASTY.length)] : nasty;
	}
}
