package jp.tsunagu.vitals.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jsoup.Jsoup;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import jp.tsunagu.Browser;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.audit.AuditLog;
import jp.tsunagu.identity.AccountId;
import jp.tsunagu.identity.Accounts;
import jp.tsunagu.identity.Role;
import jp.tsunagu.identity.TestResidents;
import jp.tsunagu.residents.Residents;
import jp.tsunagu.vitals.Measurement;
import jp.tsunagu.vitals.VitalKind;
import jp.tsunagu.vitals.Vitals;

/**
 * The help desk enters a resident's measurement: typed as people type (「１２８」), refused in plain
 * words naming the field with the form kept and nothing stored, stored once when sent twice, audited;
 * the resident's measurements newest first, by kind. Residents cannot open the desk's pages.
 */
@TsunaguTest
class VitalsDeskScreensTests {

	static final String PASSWORD = "desk-staff-pass";

	@LocalServerPort
	int port;

	@Autowired
	Residents residents;

	@Autowired
	Accounts accounts;

	@Autowired
	Vitals vitals;

	@Autowired
	AuditLog audit;

	TestResidents.Registered hanako;

	AccountId account;

	String staffLogin;

	Browser desk;

	String path;

	@BeforeEach
	void deskAndResident() {
		hanako = TestResidents.hanako(residents);
		account = hanako.resident().account();
		staffLogin = "staff-" + UUID.randomUUID() + "@tsunagu.example";
		accounts.createStaffAccount(staffLogin, PASSWORD, "窓口 花江", EnumSet.of(Role.STAFF));
		desk = new Browser(port);
		desk.signIn(staffLogin, PASSWORD);
		path = "/staff/residents/" + account + "/vitals";
	}

	HttpResponse<String> enter(String kind, String value, String second, String takenAt) {
		return desk.submit(path, path, List.of(Map.entry("kind", kind), Map.entry("value", value),
				Map.entry("second", second), Map.entry("takenAt", takenAt)));
	}

	static String errors(HttpResponse<String> page) {
		return Jsoup.parse(page.body()).select(".error-summary").text();
	}

	@Test
	void whenTheDeskEntersABloodPressureThenItIsStoredOnceAuditedAndShownNewestFirst() {
		var before = Instant.now().truncatedTo(ChronoUnit.MINUTES);
		var form = Jsoup.parse(desk.get(path).body());
		assertThat(form.select("input[name=kind]")).hasSize(VitalKind.values().length);
		assertThat(form.select("input[name=takenAt]").attr("type")).isEqualTo("datetime-local");
		var prefilled = form.select("input[name=takenAt]").attr("value");
		assertThat(prefilled).as("the time now, Japan time, to the minute").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d");

		var first = enter("BLOOD_PRESSURE", "１２８", "８２", prefilled);
		assertThat(first.statusCode()).isEqualTo(302);
		var done = Jsoup.parse(desk.get(path).body());
		assertThat(done.select("#done").text()).contains("記録しました", "血圧 128/82 mmHg");
		assertThat(done.select("#history-BLOOD_PRESSURE").text()).isEqualTo("血圧");
		assertThat(done.select("table.measurements").text()).contains("128/82", "mmHg", "いつもどおり", "窓口で記録");

		var again = enter("BLOOD_PRESSURE", "１２８", "８２", prefilled);
		assertThat(again.statusCode()).as("a form sent twice").isEqualTo(302);
		assertThat(Jsoup.parse(desk.get(path).body()).select("#done").text()).contains("同じ測定はもう記録されています");

		var stored = vitals.search(account, List.of(), null, null, true, 0, 10);
		assertThat(stored).hasSize(1);
		var m = stored.getFirst();
		assertThat(m.kind()).isEqualTo(VitalKind.BLOOD_PRESSURE);
		assertThat(m.value()).isEqualByComparingTo("128");
		assertThat(m.second()).isEqualByComparingTo("82");
		assertThat(m.device()).isEqualTo("desk");
		assertThat(m.source()).isEqualTo(Measurement.Source.DESK);
		var staffAccount = accounts.findByLoginName(staffLogin).orElseThrow().subject();
		assertThat(m.recordedBy()).as("the staff account").isEqualTo(staffAccount);
		assertThat(m.takenAt()).isBetween(before.minus(1, ChronoUnit.MINUTES), before.plus(1, ChronoUnit.MINUTES));
		assertThat(audit.latest(50).stream().filter(e -> e.action().equals("resident.vitals.recorded")
				&& account.toString().equals(e.subject()))).as("one entry, one audit record").hasSize(1);
		assertThat(audit.latest(50)).anySatisfy(e -> {
			assertThat(e.action()).isEqualTo("resident.vitals.viewed");
			assertThat(e.actor()).isEqualTo(staffAccount);
		});

		assertThat(enter("BODY_WEIGHT", "５２．３", "", "2026-11-20T09:30").statusCode()).isEqualTo(302);
		assertThat(enter("BODY_WEIGHT", "52.8", "", "2026-11-27T09:30").statusCode()).isEqualTo(302);
		var weights = Jsoup.parse(desk.get(path).body()).select("#history-BODY_WEIGHT + table tbody tr");
		assertThat(weights).hasSize(2);
		assertThat(weights.get(0).text()).as("newest first").contains("11月27日", "52.8", "kg");
		assertThat(weights.get(1).text()).contains("11月20日", "52.3");
		assertThat(vitals.search(account, List.of(VitalKind.BODY_WEIGHT), null, null, true, 0, 5).getLast().takenAt())
			.as("typed in Japan time").isEqualTo(Instant.parse("2026-11-20T00:30:00Z"));
	}

	@Test
	void whenAnEntryCannotBeRightThenItIsRefusedInPlainWordsTheFormIsKeptAndNothingIsStored() {
		var cases = Map.ofEntries(
				Map.entry(List.of("BLOOD_PRESSURE", "９００", "80", ""), "上の血圧 900 はありえない値です。測り直してください"),
				Map.entry(List.of("BLOOD_PRESSURE", "128", "200", ""), "下の血圧 200 はありえない値です"),
				Map.entry(List.of("BLOOD_PRESSURE", "128", "", ""), "下の血圧も入れてください"),
				Map.entry(List.of("BLOOD_PRESSURE", "80", "128", ""), "上と下が入れかわっていないか"),
				Map.entry(List.of("BLOOD_PRESSURE", "128.5", "80", ""), "上の血圧は小数点のない数"),
				Map.entry(List.of("BODY_WEIGHT", "-5", "", ""), "体重は数字だけで入れてください"),
				Map.entry(List.of("BODY_WEIGHT", "520", "", ""), "体重 520 はありえない値です"),
				Map.entry(List.of("BODY_WEIGHT", "52.35", "", ""), "体重の小数点より下は1けたまで"),
				Map.entry(List.of("SPO2", "120", "", ""), "血中酸素（SpO2） 120 はありえない値です"),
				Map.entry(List.of("PULSE", "70", "60", ""), "下の血圧は、血圧のときだけ入れます"),
				Map.entry(List.of("", "70", "", ""), "何を測ったかを選んでください"),
				Map.entry(List.of("PULSE", "", "", ""), "脈拍を数字で入れてください"),
				Map.entry(List.of("PULSE", "70", "", "2099-01-01T10:00"), "いまより先になっています"),
				Map.entry(List.of("PULSE", "70", "", "1999-12-31T10:00"), "古すぎます"),
				Map.entry(List.of("PULSE", "70", "", "きのうの朝"), "測った日時が読めません"));
		for (var c : cases.entrySet()) {
			var f = c.getKey();
			var page = enter(f.get(0), f.get(1), f.get(2), f.get(3));
			assertThat(page.statusCode()).as(f.toString()).isEqualTo(422);
			assertThat(errors(page)).as(f.toString()).contains(c.getValue());
			var form = Jsoup.parse(page.body());
			assertThat(form.select("input[name=value]").attr("value")).as("kept").isEqualTo(f.get(1));
			assertThat(form.select("input[name=second]").attr("value")).as("kept").isEqualTo(f.get(2));
			if (!f.get(0).isEmpty()) {
				assertThat(form.select("input[name=kind][checked]").attr("value")).isEqualTo(f.get(0));
			}
		}
		assertThat(vitals.count(account, List.of(), null, null)).as("nothing stored").isZero();

		assertThat(enter("PULSE", "70", "", "2026-11-30T10:00").statusCode()).isEqualTo(302);
		var conflict = enter("PULSE", "75", "", "2026-11-30T10:00");
		assertThat(conflict.statusCode()).isEqualTo(422);
		assertThat(errors(conflict)).contains("この日時の脈拍は、もう別の値で記録されています");
		assertThat(vitals.search(account, List.of(), null, null, true, 0, 5)).singleElement()
			.satisfies(m -> assertThat(m.value()).isEqualByComparingTo("70"));
	}

	@Test
	void whenOthersTryTheDeskPagesThenTheyAreRefused() {
		var resident = new Browser(port);
		resident.signIn(hanako.login(), hanako.password());
		assertThat(resident.get(path).statusCode()).as("a resident has no desk pages").isEqualTo(403);
		assertThat(resident.get("/staff/vitals").statusCode()).isEqualTo(403);
		var post = resident.post(path, List.of(Map.entry("kind", "PULSE"), Map.entry("value", "70"),
				Map.entry("_csrf", Browser.csrfOf(resident.get("/logout/confirm?mine").body()))));
		assertThat(post.statusCode()).isEqualTo(403);
		assertThat(new Browser(port).get(path).statusCode()).as("signed out: to the sign-in page").isEqualTo(302);
		assertThat(desk.get("/admin/vitals/stations").statusCode()).as("the desk is no administrator").isEqualTo(403);
		assertThat(desk.get("/admin/vitals/thresholds").statusCode()).isEqualTo(403);
		assertThat(vitals.count(account, List.of(), null, null)).isZero();
	}

	@Test
	void whenTheDeskLooksForAResidentThenTheTileAndThe360PageLeadToTheForm() {
		var home = Jsoup.parse(desk.get("/staff").body());
		assertThat(home.select("a.tile[href=/staff/vitals]").text()).isEqualTo("体の測定を記録する");
		var phone = "011-" + (100 + new java.util.Random().nextInt(900)) + "-" + (1000 + new java.util.Random().nextInt(9000));
		var mitsu = residents.registerAtHelpDesk(new jp.tsunagu.residents.ResidentDetails("真駒内", "みつ", "まこまない", "みつ",
				java.time.LocalDate.of(1941, 2, 3), jp.tsunagu.residents.Area.AOBA, phone));
		var found = Jsoup.parse(desk.get("/staff/vitals?q=" + phone).body());
		assertThat(found.select("a.resident-link").eachAttr("href"))
			.contains("/staff/residents/" + mitsu.account() + "/vitals");
		assertThat(Jsoup.parse(desk.get("/staff/vitals?q=" + "x".repeat(500)).body()).select("a.resident-link")).isEmpty();
		var r360 = Jsoup.parse(desk.get("/staff/residents/" + account + "/360").body());
		assertThat(r360.select("a#open-vitals").attr("href")).isEqualTo(path);
	}
}
