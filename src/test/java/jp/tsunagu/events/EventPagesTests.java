package jp.tsunagu.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import jp.tsunagu.Browser;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.identity.TestResidents;
import jp.tsunagu.residents.Residents;

/** What the resident reads around a sign-up: where to go next, and what to do at the desk. */
@TsunaguTest
class EventPagesTests {

	@LocalServerPort
	int port;

	@Autowired
	Events events;

	@Autowired
	Residents residents;

	@Test
	void whenResidentSignsUpThenTheDoneScreenLeadsToTheirEvents() {
		var tea = TestEvents.tea(events, 10);
		var hanako = TestResidents.hanako(residents);
		var tablet = new Browser(port);
		tablet.signIn(hanako.login(), hanako.password());
		var signed = tablet.submit("/events/" + tea.id(), "/events/" + tea.id() + "/signup", List.of());
		var done = Jsoup.parse(tablet.get(signed.headers().firstValue("Location").orElseThrow()).body());
		assertThat(done.select("#done").text()).contains("参加を申し込みました");
		assertThat(done.select("#done a").attr("href")).isEqualTo("/events/mine");
		assertThat(done.select("#done a").text()).isEqualTo("申し込んだイベントを見る");
		assertThat(done.select(".summary-list dd").first().text()).as("times as spoken, 90 minutes long")
			.matches("\\d+月\\d+日\\(.\\) 午[前後]\\d+時〜午[前後]\\d+時30分");
	}

	@Test
	void whenTheEventPageAndTheIdPageSayWhatToDoAtTheDeskThenTheySayTheSame() {
		var tea = TestEvents.tea(events, 10);
		var hanako = TestResidents.hanako(residents);
		events.signUp(tea.id(), hanako.resident().account());
		var tablet = new Browser(port);
		tablet.signIn(hanako.login(), hanako.password());
		var event = Jsoup.parse(tablet.get("/events/" + tea.id()).body()).select(".check-in-how").text();
		var id = Jsoup.parse(tablet.get("/account").body()).select(".check-in-how").text();
		assertThat(event).isEqualTo(id).contains("QRコードを見せてください", "お名前を伝えてください");
		assertThat(tablet.get("/events/" + tea.id()).body()).doesNotContain("当日は受付でお名前を伝えてください");
	}
}
