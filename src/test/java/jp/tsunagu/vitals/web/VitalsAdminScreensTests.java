package jp.tsunagu.vitals.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.jsoup.Jsoup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import jp.tsunagu.Browser;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.audit.AuditLog;
import jp.tsunagu.identity.Accounts;
import jp.tsunagu.identity.TestAdmins;
import jp.tsunagu.vitals.Stations;
import jp.tsunagu.vitals.Threshold;
import jp.tsunagu.vitals.VitalKind;
import jp.tsunagu.vitals.Vitals;

/**
 * The administrator registers a measuring station (its secret shown once, and it really gets a
 * token with it; the same form twice makes one station) and edits each kind's thresholds (the
 * guideline defaults beside them, nonsense refused by field, every change audited, thresholds put
 * back after each test since the whole platform shares them).
 */
@TsunaguTest
class VitalsAdminScreensTests {

	@LocalServerPort
	int port;

	@Autowired
	Accounts accounts;

	@Autowired
	Stations stations;

	@Autowired
	Vitals vitals;

	@Autowired
	AuditLog audit;

	Browser admin;

	Map<VitalKind, Threshold> before;

	@BeforeEach
	void signIn() {
		admin = new Browser(port);
		admin.signIn(TestAdmins.admin(accounts), TestAdmins.PASSWORD);
		before = vitals.thresholds();
	}

	@AfterEach
	void putThresholdsBack() {
		before.values().forEach(t -> vitals.setThreshold(t.kind(), t.low1(), t.high1(), t.low2(), t.high2(), "test"));
	}

	HttpResponse<String> register(String name, String place) {
		return admin.submit("/admin/vitals/stations", "/admin/vitals/stations",
				List.of(Map.entry("name", name), Map.entry("place", place)));
	}

	@Test
	void whenAStationIsRegisteredThenItsSecretIsShownOnceAndGetsAToken() throws Exception {
		var name = "青葉 集会所 血圧計 " + System.nanoTime();
		var answer = register(name, "青葉 集会所");
		assertThat(answer.statusCode()).isEqualTo(200);
		assertThat(answer.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
		var page = Jsoup.parse(answer.body());
		var clientId = page.select("#station-client-id").text();
		var secret = page.select("#station-secret").text();
		assertThat(clientId).startsWith("station-");
		assertThat(secret).hasSizeGreaterThan(20);
		var base = "http://localhost:" + port;
		assertThat(page.select("#station-token-url").text()).isEqualTo(base + "/oauth2/token");
		assertThat(page.select("#station-fhir-base").text()).isEqualTo(base + "/fhir");
		assertThat(page.select("#registered").text()).contains("client_credentials", "vitals.write", "いまだけ表示します");
		assertThat(stations.find(clientId)).hasValueSatisfying(s -> assertThat(s.place()).isEqualTo("青葉 集会所"));
		assertThat(audit.latest(20)).anySatisfy(e -> assertThat(e.action()).isEqualTo("vitals.station.register"));

		var token = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/oauth2/token"))
			.header("Authorization", "Basic " + Base64.getEncoder()
				.encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8)))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=vitals.write"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
		assertThat(token.body()).contains("access_token", "vitals.write");

		var list = Jsoup.parse(admin.get("/admin/vitals/stations").body());
		assertThat(list.select("#stations").text()).contains(name, "青葉 集会所", clientId);
		assertThat(list.select("#station-secret")).as("shown once").isEmpty();
		assertThat(list.body().text()).doesNotContain(secret);
	}

	@Test
	void whenTheFormIsSentTwiceOrIsEmptyThenNoSecondStationIsMade() {
		var name = "新さっぽろ 体重計 " + System.nanoTime();
		var count = stations.all().size();
		assertThat(register(name, "新さっぽろ 地域交流エリア").statusCode()).isEqualTo(200);
		var twice = register(name, "新さっぽろ 地域交流エリア");
		assertThat(twice.statusCode()).isEqualTo(422);
		assertThat(Jsoup.parse(twice.body()).select(".error-summary").text()).contains("もう登録されています");
		assertThat(Jsoup.parse(twice.body()).select("input[name=name]").attr("value")).isEqualTo(name);
		for (var bad : List.of(List.of("", "青葉"), List.of("端末", "  "), List.of("x".repeat(101), "青葉"),
				List.of("端末", "y".repeat(201)))) {
			var refused = register(bad.get(0), bad.get(1));
			assertThat(refused.statusCode()).as(bad.toString()).isEqualTo(422);
			assertThat(Jsoup.parse(refused.body()).select(".error-summary li")).hasSize(1);
		}
		assertThat(stations.all()).hasSize(count + 1);

		var atOnce = "もみじ台 体組成計 " + System.nanoTime();
		var csrf = Browser.csrfOf(admin.get("/admin/vitals/stations").body());
		var form = List.of(Map.entry("name", atOnce), Map.entry("place", "もみじ台 地域交流エリア"), Map.entry("_csrf", csrf));
		var answers = java.util.stream.IntStream.range(0, 4)
			.parallel()
			.mapToObj(i -> admin.post("/admin/vitals/stations", form).statusCode())
			.toList();
		assertThat(answers).as("a double tap, four times at once").containsOnlyOnce(200).contains(422);
		assertThat(stations.all().stream().filter(s -> s.name().equals(atOnce))).hasSize(1);
	}

	@Test
	void whenThresholdsAreChangedThenSenseIsSavedAndAuditedAndNonsenseRefusedByField() {
		var page = Jsoup.parse(admin.get("/admin/vitals/thresholds").body());
		assertThat(page.select("#threshold-BLOOD_PRESSURE .threshold__default").text())
			.contains("上の血圧 90〜135", "下の血圧 60〜85");
		assertThat(page.select("#high-BLOOD_PRESSURE").attr("value")).isEqualTo("135");
		assertThat(page.select("#low-BODY_TEMPERATURE").attr("value")).isEqualTo("35.0");
		assertThat(page.select("#secondLow-PULSE")).as("only blood pressure has a second pair").isEmpty();

		var saved = save("BLOOD_PRESSURE", "９０", "140", "60", "90");
		assertThat(saved.statusCode()).isEqualTo(302);
		assertThat(Jsoup.parse(admin.get("/admin/vitals/thresholds").body()).select("#done").text())
			.contains("血圧の目安を保存しました");
		var bp = vitals.thresholds().get(VitalKind.BLOOD_PRESSURE);
		assertThat(bp.high1()).isEqualByComparingTo("140");
		assertThat(bp.high2()).isEqualByComparingTo("90");
		assertThat(save("BLOOD_PRESSURE", "90", "140", "60", "90").statusCode()).as("sent again").isEqualTo(302);
		assertThat(audit.latest(50).stream().filter(e -> e.action().equals("vitals.threshold.changed")))
			.as("the same values twice: one change").hasSize(1)
			.allSatisfy(e -> assertThat(e.detail()).isEqualTo("90–140 / 60–90"));

		var cases = Map.of(List.of("BLOOD_PRESSURE", "140", "130", "", ""), "上の境目は、下の境目より大きい値に",
				List.of("BLOOD_PRESSURE", "90", "135", "85", "60"), "上の境目は、下の境目より大きい値に",
				List.of("PULSE", "abc", "100", "", ""), "下の境目は数字で入れるか、空けてください",
				List.of("PULSE", "50", "900", "", ""), "上の境目は 25〜250 回/分 の間で",
				List.of("PULSE", "50", "100", "60", ""), "下の血圧の境目は、血圧だけにあります",
				List.of("BODY_TEMPERATURE", "35.05", "37.5", "", ""), "小数点より下は1けたまで",
				List.of("NOT_A_KIND", "1", "2", "", ""), "どの測定の目安かが分かりません");
		for (var c : cases.entrySet()) {
			var f = c.getKey();
			var refused = save(f.get(0), f.get(1), f.get(2), f.get(3), f.get(4));
			assertThat(refused.statusCode()).as(f.toString()).isEqualTo(422);
			assertThat(Jsoup.parse(refused.body()).select(".error-summary").text()).as(f.toString()).contains(c.getValue());
		}
		var after = vitals.thresholds();
		assertThat(after.get(VitalKind.BLOOD_PRESSURE).high1()).isEqualByComparingTo("140");
		assertThat(after.get(VitalKind.PULSE).high1()).isEqualByComparingTo(before.get(VitalKind.PULSE).high1());
		assertThat(after.get(VitalKind.BODY_TEMPERATURE).low1())
			.isEqualByComparingTo(before.get(VitalKind.BODY_TEMPERATURE).low1());

		assertThat(save("STEPS", "3000", "", "", "").statusCode()).as("a kind without a band can get one").isEqualTo(302);
		assertThat(vitals.thresholds().get(VitalKind.STEPS).low1()).isEqualByComparingTo(new BigDecimal("3000"));
		assertThat(save("STEPS", "", "", "", "").statusCode()).as("and lose it").isEqualTo(302);
		assertThat(vitals.thresholds().get(VitalKind.STEPS).low1()).isNull();
	}

	HttpResponse<String> save(String kind, String low, String high, String secondLow, String secondHigh) {
		return admin.submit("/admin/vitals/thresholds", "/admin/vitals/thresholds", List.of(Map.entry("kind", kind),
				Map.entry("low", low), Map.entry("high", high), Map.entry("secondLow", secondLow),
				Map.entry("secondHigh", secondHigh)));
	}
}
