package jp.tsunagu.outreach;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import jp.tsunagu.Browser;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.activity.ActivityReport;
import jp.tsunagu.activity.ActivitySource;
import jp.tsunagu.activity.ActivityType;
import jp.tsunagu.activity.Timeline;
import jp.tsunagu.identity.Accounts;
import jp.tsunagu.identity.Role;
import jp.tsunagu.residents.Area;
import jp.tsunagu.residents.ResidentDetails;
import jp.tsunagu.residents.Residents;

/**
 * Information "according to activity data": a notice for Momijidai residents of 65 and over who
 * have not been out for two weeks reaches exactly them, above the notices for everyone, and stops
 * showing once they go out.
 */
@TsunaguTest
class NoticesTests {

	static final String PASSWORD = "resident-password-1";

	@LocalServerPort
	int port;

	@Autowired
	Residents residents;

	@Autowired
	Accounts accounts;

	@Autowired
	Timeline timeline;

	@Autowired
	jp.tsunagu.events.Events events;

	@Test
	void whenNoticeTargetsASegmentThenOnlyResidentsInItSeeItFirst() {
		var staff = "desk-" + UUID.randomUUID() + "@desk.example";
		accounts.createStaffAccount(staff, "help-desk-password", "事務局", EnumSet.of(Role.STAFF));
		var stayHome = resident(Area.MOMIJIDAI, 1946);
		var aoba = resident(Area.AOBA, 1946);
		var young = resident(Area.MOMIJIDAI, 1990);
		var tag = UUID.randomUUID().toString().substring(0, 6);

		var desk = new Browser(port);
		desk.signIn(staff, "help-desk-password");
		var preview = desk.get("/staff/notices?area=MOMIJIDAI&minAge=65&notOutForDays=14").body();
		assertThat(preview).contains("この条件で届くのは");
		desk.submit("/staff/notices", "/staff/notices", List.of(Map.entry("title", "全員へ " + tag),
				Map.entry("body", "雪の日は足元に気をつけてください。"), Map.entry("days", "7")));
		desk.submit("/staff/notices", "/staff/notices", List.of(Map.entry("title", "お茶の会へどうぞ " + tag),
				Map.entry("body", "しばらくお会いしていません。木曜日のお茶の会でお待ちしています。"), Map.entry("days", "7"),
				Map.entry("area", "MOMIJIDAI"), Map.entry("minAge", "65"), Map.entry("notOutForDays", "14")));

		var home = home(stayHome);
		assertThat(home).contains("お茶の会へどうぞ " + tag, "全員へ " + tag);
		assertThat(home.indexOf("お茶の会へどうぞ " + tag)).as("targeted first").isLessThan(home.indexOf("全員へ " + tag));
		assertThat(home(aoba)).contains("全員へ " + tag).doesNotContain("お茶の会へどうぞ " + tag);
		assertThat(home(young)).contains("全員へ " + tag).doesNotContain("お茶の会へどうぞ " + tag);

		timeline.record(new ActivityReport(accounts.findByLoginName(stayHome).orElseThrow().id(), ActivityType.CHECK_IN,
				Instant.now(), "もみじ台 地域交流エリア", ActivitySource.STAFF, "staff:test", "out-" + UUID.randomUUID()));
		assertThat(home(stayHome)).as("went out today").doesNotContain("お茶の会へどうぞ " + tag);
	}

	@Test
	void whenNoticeTargetsThoseWhoCameToAnEventOrATagThenOnlyTheyAndEveryCriterionCount() {
		var staff = "desk-" + UUID.randomUUID() + "@desk.example";
		accounts.createStaffAccount(staff, "help-desk-password", "事務局", EnumSet.of(Role.STAFF));
		var came = resident(Area.AOBA, 1950);
		var signedUpOnly = resident(Area.AOBA, 1950);
		var tea = jp.tsunagu.events.TestEvents.tea(events, 10);
		events.signUp(tea.id(), accounts.findByLoginName(signedUpOnly).orElseThrow().id());
		events.checkIn(tea.id(), accounts.findByLoginName(came).orElseThrow().id(), "staff:test");
		var tag = UUID.randomUUID().toString().substring(0, 6);

		var desk = new Browser(port);
		desk.signIn(staff, "help-desk-password");
		assertThat(desk.get("/staff/notices?attendedEvent=" + tea.id()).body()).contains("この条件で届くのは 1 人です");
		desk.submit("/staff/notices", "/staff/notices", List.of(Map.entry("title", "お茶の会のお礼 " + tag),
				Map.entry("body", "来てくださってありがとうございました。"), Map.entry("days", "7"),
				Map.entry("attendedEvent", tea.id().toString())));
		desk.submit("/staff/notices", "/staff/notices", List.of(Map.entry("title", "交流が好きな方へ " + tag),
				Map.entry("body", "交流イベントの新しい予定です。"), Map.entry("days", "7"), Map.entry("attendedTag", "交流"),
				Map.entry("area", "MOMIJIDAI")));

		assertThat(home(came)).contains("お茶の会のお礼 " + tag).as("the tag notice is for Momijidai only")
			.doesNotContain("交流が好きな方へ " + tag);
		assertThat(home(signedUpOnly)).as("signed up is not came").doesNotContain("お茶の会のお礼 " + tag);
	}

	private String resident(Area area, int born) {
		var login = "r-" + UUID.randomUUID() + "@example.jp";
		residents.registerSelf(new ResidentDetails("厚別", "一郎", "あつべつ", "いちろう", LocalDate.of(born, 6, 1), area, null),
				login, PASSWORD, Locale.JAPANESE);
		return login;
	}

	private String home(String login) {
		var browser = new Browser(port);
		browser.signIn(login, PASSWORD);
		return browser.get("/").body();
	}
}
