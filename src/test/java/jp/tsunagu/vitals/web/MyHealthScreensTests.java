package jp.tsunagu.vitals.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.UUID;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import jp.tsunagu.Browser;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.identity.AccountId;
import jp.tsunagu.identity.Accounts;
import jp.tsunagu.identity.Role;
import jp.tsunagu.identity.TestResidents;
import jp.tsunagu.residents.Residents;
import jp.tsunagu.vitals.Measurement;
import jp.tsunagu.vitals.NewMeasurement;
import jp.tsunagu.vitals.VitalKind;
import jp.tsunagu.vitals.Vitals;

/**
 * 「わたしの健康」 over HTTP as the resident's browser gets it: their own latest readings in big
 * numbers with the band in words and a chart, another resident's never; a resident with none is
 * told where to be measured; each kind's table; nothing but a plain 4xx for a path that names no kind.
 */
@TsunaguTest
class MyHealthScreensTests {

	@LocalServerPort
	int port;

	@Autowired
	Residents residents;

	@Autowired
	Accounts accounts;

	@Autowired
	Vitals vitals;

	static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

	void measure(AccountId who, VitalKind kind, Instant at, String value, String second) {
		vitals.record(new NewMeasurement(who, kind, at, new BigDecimal(value), second == null ? null : new BigDecimal(second),
				"desk", Measurement.Source.DESK, "もみじ台 地域交流エリア", "staff:test"));
	}

	Document page(Browser browser, String path) {
		var response = browser.get(path);
		assertThat(response.statusCode()).as(path).isEqualTo(200);
		return Jsoup.parse(response.body());
	}

	@Test
	void whenAResidentHasReadingsThenTheirOwnLatestShowWithTheBandInWordsAndAChart() {
		var hanako = TestResidents.hanako(residents);
		var me = hanako.resident().account();
		measure(me, VitalKind.BLOOD_PRESSURE, NOW.minus(Duration.ofDays(30)), "142", "88");
		measure(me, VitalKind.BLOOD_PRESSURE, NOW.minus(Duration.ofHours(2)), "128", "82");
		measure(me, VitalKind.PULSE, NOW.minus(Duration.ofHours(2)), "108", null);
		measure(me, VitalKind.SPO2, NOW.minus(Duration.ofHours(2)), "93", null);
		measure(me, VitalKind.STEPS, NOW.minus(Duration.ofDays(1)), "6532", null);
		var other = TestResidents.hanako(residents).resident().account();
		measure(other, VitalKind.BLOOD_PRESSURE, NOW.minus(Duration.ofHours(1)), "171", "99");
		measure(other, VitalKind.BODY_WEIGHT, NOW.minus(Duration.ofHours(1)), "77.7", null);

		var browser = new Browser(port);
		browser.signIn(hanako.login(), hanako.password());
		var home = page(browser, "/");
		assertThat(home.select("a.tile[href=/health]").text()).as("one tap from home").isEqualTo("わたしの健康");

		var health = page(browser, "/health");
		assertThat(health.select("h1").text()).isEqualTo("わたしの健康");
		var bp = health.selectFirst("#kind-blood-pressure");
		assertThat(bp.select(".health-value").text()).isEqualTo("128/82");
		assertThat(bp.select(".health-unit").text()).isEqualTo("mmHg");
		assertThat(bp.select(".health-when").text()).endsWith("に測りました").contains("月", "日(");
		assertThat(bp.select(".health-band").text()).isEqualTo("いつもどおり");
		assertThat(bp.select("svg[role=img] title").text()).isEqualTo("血圧の、この3か月のグラフ");
		assertThat(bp.select("svg circle")).as("two readings, two points each").hasSize(4);
		assertThat(bp.select("svg text").eachText()).contains("128", "82", "142", "88", "上", "下");
		assertThat(bp.select("a[href=/health/blood-pressure]").text()).isEqualTo("血圧を表で見る");

		var pulse = health.selectFirst("#kind-pulse");
		assertThat(pulse.select(".health-value").text()).isEqualTo("108");
		assertThat(pulse.select(".health-unit").text()).isEqualTo("回/分");
		assertThat(pulse.select(".health-band").text()).isEqualTo("少し高めです。気になるときは事務局にご相談ください");
		assertThat(health.select("#kind-spo2 .health-band").text()).isEqualTo("少し低めです。気になるときは事務局にご相談ください");
		assertThat(health.select("#kind-steps .health-value").text()).isEqualTo("6,532");
		assertThat(health.select("#kind-steps .health-band").text()).isEqualTo("記録しました");

		assertThat(health.select("#kind-body-weight").text()).as("another resident's weight is not hers")
			.contains("まだ記録がありません。地域交流エリアで測れます").doesNotContain("77.7");
		assertThat(health.text()).doesNotContain("171", "99");
		assertThat(health.select("#kind-body-temperature").text()).contains("まだ記録がありません。地域交流エリアで測れます");
		assertThat(health.select("#kind-body-temperature svg")).isEmpty();
	}

	@Test
	void whenTheLatestIsFromAnotherYearThenItsDateSaysTheYearAndTheChartSaysNothingRecent() {
		var hanako = TestResidents.hanako(residents);
		var longAgo = NOW.minus(Duration.ofDays(400));
		measure(hanako.resident().account(), VitalKind.BODY_TEMPERATURE, longAgo, "36.4", null);
		var browser = new Browser(port);
		browser.signIn(hanako.login(), hanako.password());
		var temperature = page(browser, "/health").selectFirst("#kind-body-temperature");
		assertThat(temperature.select(".health-value").text()).isEqualTo("36.4");
		assertThat(temperature.select(".health-unit").text()).isEqualTo("℃");
		assertThat(temperature.select(".health-when").text())
			.startsWith(longAgo.atZone(jp.tsunagu.platform.Tokyo.ZONE).getYear() + "年");
		assertThat(temperature.select("svg text").eachText()).containsExactly("この3か月の記録はありません");
	}

	@Test
	void whenAResidentOpensAKindThenTheSameThreeMonthsShowAsATableNewestFirst() {
		var hanako = TestResidents.hanako(residents);
		var me = hanako.resident().account();
		measure(me, VitalKind.BLOOD_PRESSURE, NOW.minus(Duration.ofDays(120)), "150", "95");
		measure(me, VitalKind.BLOOD_PRESSURE, NOW.minus(Duration.ofDays(10)), "137", "80");
		measure(me, VitalKind.BLOOD_PRESSURE, NOW.minus(Duration.ofDays(1)), "128", "82");

		var browser = new Browser(port);
		browser.signIn(hanako.login(), hanako.password());
		var page = page(browser, "/health/blood-pressure");
		assertThat(page.select("h1").text()).isEqualTo("血圧の記録");
		var rows = page.select(".health-table tbody tr");
		assertThat(rows).as("four months ago is outside the three").hasSize(2);
		assertThat(rows.get(0).select("td").get(1).text()).isEqualTo("128/82 mmHg");
		assertThat(rows.get(0).select("td").get(2).text()).isEqualTo("いつもどおり");
		assertThat(rows.get(1).select("td").get(1).text()).isEqualTo("137/80 mmHg");
		assertThat(rows.get(1).select("td").get(2).text()).isEqualTo("少し高めです。気になるときは事務局にご相談ください");
		assertThat(page.select("svg circle")).hasSize(4);
		assertThat(page.select("a[href=/health]").text()).isEqualTo("わたしの健康へ戻る");

		var english = page(browser, "/health/blood-pressure?lang=en");
		assertThat(english.select("h1").text()).isEqualTo("Blood pressure records");
		assertThat(english.select(".health-table tbody tr").first().select("td").get(2).text()).isEqualTo("As usual");
		page(browser, "/health?lang=ja");
	}

	@Test
	void whenAResidentHasNoReadingsThenEveryKindSaysWhereToBeMeasured() {
		var hanako = TestResidents.hanako(residents);
		var browser = new Browser(port);
		browser.signIn(hanako.login(), hanako.password());
		var health = page(browser, "/health");
		assertThat(health.select(".health-kind--none")).hasSize(VitalKind.values().length);
		assertThat(health.select(".health-kind--none p").eachText())
			.allMatch("まだ記録がありません。地域交流エリアで測れます"::equals);
		assertThat(health.select("svg")).isEmpty();
		var kind = page(browser, "/health/pulse");
		assertThat(kind.select("h1").text()).isEqualTo("脈拍の記録");
		assertThat(kind.text()).contains("まだ記録がありません。地域交流エリアで測れます");
	}

	@Test
	void whenThePathNamesNoKindThenAPlainClientErrorAndNeverAServerError() {
		var hanako = TestResidents.hanako(residents);
		var browser = new Browser(port);
		browser.signIn(hanako.login(), hanako.password());
		for (var path : new String[] { "/health/BLOOD_PRESSURE", "/health/heart", "/health/%00", "/health/pulse%00",
				"/health/" + "x".repeat(5000), "/health/" + UUID.randomUUID(), "/health/%E8%A1%80%E5%9C%A7",
				"/health/..%2F..%2Fadmin", "/health/%20" }) {
			var status = browser.get(path).statusCode();
			assertThat(status).as(path.length() > 60 ? path.substring(0, 60) : path).isBetween(400, 499);
		}
		assertThat(browser.get("/health").statusCode()).as("still signed in and well").isEqualTo(200);
	}

	@Test
	void whenSignedOutOrNotAResidentThenNoHealthPage() {
		var anonymous = new Browser(port);
		var redirect = anonymous.get("/health");
		assertThat(redirect.statusCode()).isEqualTo(302);
		assertThat(redirect.headers().firstValue("Location").orElseThrow()).endsWith("/login");

		var login = "shop-" + UUID.randomUUID() + "@shop.example";
		accounts.createStaffAccount(login, "shop-till-password", "もみじ台商店", EnumSet.of(Role.SHOP));
		var till = new Browser(port);
		till.signIn(login, "shop-till-password");
		assertThat(till.get("/health").statusCode()).isEqualTo(403);
		assertThat(till.get("/health/blood-pressure").statusCode()).isEqualTo(403);
	}
}
