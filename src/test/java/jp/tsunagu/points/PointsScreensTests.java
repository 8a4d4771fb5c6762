package jp.tsunagu.points;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import jp.tsunagu.Browser;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.activity.ActivityReport;
import jp.tsunagu.activity.ActivitySource;
import jp.tsunagu.activity.ActivityType;
import jp.tsunagu.activity.Timeline;
import jp.tsunagu.audit.AuditLog;
import jp.tsunagu.identity.Accounts;
import jp.tsunagu.identity.TestAdmins;
import jp.tsunagu.identity.TestResidents;
import jp.tsunagu.points.internal.Ledger;
import jp.tsunagu.residents.Residents;

/**
 * What residents, the help desk and administrators see of points: a check-in at the exchange area
 * shows on 「わたしのポイント」 in plain words; the desk gives or takes back points only with a reason,
 * audited, never below zero; an administrator's rule change that makes no sense is refused, naming
 * the field, and nothing changes.
 */
@TsunaguTest
class PointsScreensTests {

	@LocalServerPort
	int port;

	@Autowired
	Residents residents;

	@Autowired
	Accounts accounts;

	@Autowired
	Timeline timeline;

	@Autowired
	Points points;

	@Autowired
	Ledger ledger;

	@Autowired
	AuditLog audit;

	@Test
	void whenAResidentChecksInThenMyPointsShowsTheBalanceAndTheLineInPlainWords() {
		var hanako = TestResidents.hanako(residents);
		var account = hanako.resident().account();
		timeline.record(new ActivityReport(account, ActivityType.CHECK_IN, Instant.now(), "もみじ台交流エリア",
				ActivitySource.STAFF, "desk", UUID.randomUUID().toString()));
		await().atMost(Duration.ofSeconds(10)).until(() -> points.balance(account) == 10);

		var browser = new Browser(port);
		browser.signIn(hanako.login(), hanako.password());
		var page = Jsoup.parse(browser.get("/points").body());
		assertThat(page.select("#balance .stat__value").text()).isEqualTo("10ポイント");
		assertThat(page.select("#this-month .stat__value").text()).isEqualTo("10ポイント");
		assertThat(page.select("#history li").text()).contains("交流エリアに来ました（もみじ台交流エリア）", "+10ポイント");
		assertThat(page.select("#expiries li").text()).as("points of fiscal 2026 last until the end of fiscal 2027")
			.contains("10ポイントは 2028年3月31日 まで使えます");
		var home = Jsoup.parse(browser.get("/").body());
		assertThat(home.select("a.tile[href=/points]")).as("one tap from home").isNotEmpty();
	}

	@Test
	void whenTheDeskCorrectsPointsThenOnlyWithAReasonNeverBelowZeroAndAudited() {
		var hanako = TestResidents.hanako(residents);
		var account = hanako.resident().account();
		var desk = new Browser(port);
		desk.signIn(TestAdmins.admin(accounts), TestAdmins.PASSWORD);
		var path = "/staff/residents/" + account + "/points";

		var noReason = desk.submit(path, path, List.of(Map.entry("direction", "give"), Map.entry("amount", "50"),
				Map.entry("reason", "  ")));
		assertThat(noReason.statusCode()).isEqualTo(200);
		assertThat(Jsoup.parse(noReason.body()).select(".error-summary").text()).contains("理由を200文字までで入力してください");
		var tooMuch = desk.submit(path, path, List.of(Map.entry("direction", "take"), Map.entry("amount", "5"),
				Map.entry("reason", "誤り")));
		assertThat(Jsoup.parse(tooMuch.body()).select(".error-summary").text()).contains("お持ちのポイントより多くは取り消せません");
		for (var bad : List.of("-5", "0", "99999999999", "abc", "1\u00002", "")) {
			var refused = desk.submit(path, path, List.of(Map.entry("direction", "give"), Map.entry("amount", bad),
					Map.entry("reason", "テスト")));
			assertThat(refused.statusCode()).as(bad).isBetween(200, 499);
		}
		assertThat(points.history(account, 10)).as("nothing stored for refused input").isEmpty();

		var given = desk.submit(path, path, List.of(Map.entry("direction", "give"), Map.entry("amount", "５０"),
				Map.entry("reason", "健康教室の参加が記録されていなかったため")));
		assertThat(given.statusCode()).isEqualTo(302);
		assertThat(points.balance(account)).isEqualTo(50);
		assertThat(audit.latest(20)).anySatisfy(e -> {
			assertThat(e.action()).isEqualTo("points.corrected");
			assertThat(e.subject()).isEqualTo(account.toString());
			assertThat(e.detail()).contains("+50", "健康教室の参加が記録されていなかったため");
		});
		var resident = new Browser(port);
		resident.signIn(hanako.login(), hanako.password());
		assertThat(Jsoup.parse(resident.get("/points").body()).select("#history li").text())
			.contains("事務局による調整（健康教室の参加が記録されていなかったため）", "+50ポイント");
		assertThat(resident.get(path).statusCode()).as("a resident has no desk pages").isEqualTo(403);
		assertThat(desk.get("/staff/residents/" + UUID.randomUUID() + "/points").statusCode()).isEqualTo(404);
		assertThat(desk.get("/staff/residents/not-an-id/points").statusCode()).isBetween(400, 404);
		assertThat(ledger.consistency().accountsWhoseBalanceDiffers()).isZero();
	}

	@Test
	void whenAnAdministratorChangesARuleThenNonsenseIsRefusedByFieldAndSenseIsSaved() {
		var admin = new Browser(port);
		admin.signIn(TestAdmins.admin(accounts), TestAdmins.PASSWORD);
		var before = points.rules();

		var dailyBelowPoints = admin.submit("/admin/points", "/admin/points/rules", List.of(
				Map.entry("activityType", "VIDEO_WATCHED"), Map.entry("points", "5"), Map.entry("dailyCap", "3"),
				Map.entry("monthlyCap", "100")));
		assertThat(dailyBelowPoints.statusCode()).isEqualTo(200);
		assertThat(Jsoup.parse(dailyBelowPoints.body()).select(".error-summary").text())
			.contains("1日の上限はポイント数以上");
		var overdraw = admin.submit("/admin/points", "/admin/points/rules", List.of(
				Map.entry("activityType", "VIDEO_WATCHED"), Map.entry("points", "1001"), Map.entry("dailyCap", "2000"),
				Map.entry("monthlyCap", "3000")));
		assertThat(Jsoup.parse(overdraw.body()).select(".error-summary").text()).contains("ポイントは 0 から 1,000 まで");
		var unknown = admin.submit("/admin/points", "/admin/points/rules", List.of(
				Map.entry("activityType", "NOT_A_TYPE\u0000"), Map.entry("points", "1"), Map.entry("dailyCap", "1"),
				Map.entry("monthlyCap", "1")));
		assertThat(unknown.statusCode()).isBetween(200, 499);
		assertThat(points.rules()).as("nothing changed").isEqualTo(before);

		var saved = admin.submit("/admin/points", "/admin/points/rules", List.of(
				Map.entry("activityType", "VIDEO_WATCHED"), Map.entry("points", "3"), Map.entry("dailyCap", "12"),
				Map.entry("monthlyCap", "120")));
		assertThat(saved.statusCode()).isEqualTo(302);
		assertThat(points.rules()).contains(new PointsRule("VIDEO_WATCHED", 3, 12, 120));
		var page = Jsoup.parse(admin.get("/admin/points").body());
		assertThat(page.select("#budgets").text()).contains("活動ポイント");
		// put the default back for the other tests on this database
		points.saveRule(new PointsRule("VIDEO_WATCHED", 2, 10, 100));
	}

	@Test
	void whenAnAdministratorStartsACampaignThenItsSegmentEarnsMoreAndNonsenseIsRefused() {
		var admin = new Browser(port);
		admin.signIn(TestAdmins.admin(accounts), TestAdmins.PASSWORD);
		var today = jp.tsunagu.platform.Tokyo.today(java.time.Clock.systemUTC());
		var before = points.campaigns().size();
		for (var bad : List.of(
				List.of(Map.entry("name", ""), Map.entry("percent", "200")),
				List.of(Map.entry("name", "x"), Map.entry("percent", "900")),
				List.of(Map.entry("name", "x"), Map.entry("percent", "-5")),
				List.of(Map.entry("name", "x"), Map.entry("percent", "200"), Map.entry("minAge", "300")),
				List.of(Map.entry("name", "x\u0000"), Map.entry("percent", "200")),
				List.of(Map.entry("name", "x"), Map.entry("percent", "200"), Map.entry("area", "NOWHERE")))) {
			var fields = new java.util.ArrayList<Map.Entry<String, String>>(bad);
			fields.add(Map.entry("startsOn", today.toString()));
			fields.add(Map.entry("endsOn", today.plusDays(7).toString()));
			var refused = admin.submit("/admin/points", "/admin/points/campaigns", fields);
			assertThat(refused.statusCode()).as(bad.toString()).isBetween(200, 499).isNotEqualTo(302);
		}
		var backwards = admin.submit("/admin/points", "/admin/points/campaigns", List.of(Map.entry("name", "逆さま"),
				Map.entry("percent", "200"), Map.entry("startsOn", today.plusDays(3).toString()),
				Map.entry("endsOn", today.toString())));
		assertThat(Jsoup.parse(backwards.body()).select(".error-summary").text()).contains("終わる日は始まる日より後");
		assertThat(points.campaigns()).as("nothing stored for refused input").hasSize(before);

		var started = admin.submit("/admin/points", "/admin/points/campaigns", List.of(Map.entry("name", "動画で元気 倍増週間"),
				Map.entry("activityType", "VIDEO_WATCHED"), Map.entry("area", "SHIN_SAPPORO"), Map.entry("minAge", "65"),
				Map.entry("percent", "200"), Map.entry("startsOn", today.toString()),
				Map.entry("endsOn", today.plusDays(6).toString())));
		assertThat(started.statusCode()).isEqualTo(302);
		assertThat(Jsoup.parse(admin.get("/admin/points").body()).select("#campaigns").text())
			.contains("動画で元気 倍増週間", "200%");

		var senior = residents.registerDemo(new jp.tsunagu.residents.ResidentDetails("新札幌", "一郎", "しんさっぽろ",
				"いちろう", today.minusYears(70), jp.tsunagu.residents.Area.SHIN_SAPPORO, null)).account();
		var young = residents.registerDemo(new jp.tsunagu.residents.ResidentDetails("新札幌", "二郎", "しんさっぽろ",
				"じろう", today.minusYears(40), jp.tsunagu.residents.Area.SHIN_SAPPORO, null)).account();
		var elsewhere = residents.registerDemo(new jp.tsunagu.residents.ResidentDetails("青葉", "三郎", "あおば",
				"さぶろう", today.minusYears(70), jp.tsunagu.residents.Area.AOBA, null)).account();
		for (var who : List.of(senior, young, elsewhere)) {
			for (int i = 0; i < 6; i++) {
				points.award(who, ActivityType.VIDEO_WATCHED, UUID.randomUUID(), Instant.now());
			}
		}
		assertThat(points.balance(senior)).as("2 × 2 points, the day's cap doubled to 20").isEqualTo(20);
		assertThat(points.balance(young)).as("under 65: the rule's 2 points, cap 10").isEqualTo(10);
		assertThat(points.balance(elsewhere)).as("another area: the rule's 2 points, cap 10").isEqualTo(10);
	}
}
