package jp.tsunagu.residents;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import jp.tsunagu.Browser;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.identity.TestResidents;

/**
 * A daughter asks to watch over her mother; she sees nothing until her mother approves, sees the
 * outings once approved, and nothing again once her mother ends it. Nobody else can approve.
 */
@TsunaguTest
class WatchersTests {

	@LocalServerPort
	int port;

	@Autowired
	Residents residents;

	@Autowired
	Watchers watchers;

	@Test
	void whenResidentApprovesThenTheWatcherSeesOutingsUntilTheResidentEndsIt() {
		var mother = TestResidents.hanako(residents);
		var daughter = TestResidents.hanako(residents);
		var stranger = TestResidents.hanako(residents);
		var watcher = new Browser(port);
		watcher.signIn(daughter.login(), daughter.password());
		var asked = watcher.submit("/watching", "/watching",
				List.of(Map.entry("login", mother.login()), Map.entry("relation", "FAMILY")));
		assertThat(asked.statusCode()).isEqualTo(302);
		assertThat(watcher.get("/watching").body()).contains("ご本人の承認を待っています").doesNotContain("おでかけしました");
		assertThat(watchers.watches(daughter.resident().account(), mother.resident().account())).isFalse();
		var link = watchers.of(mother.resident().account()).getFirst();

		var other = new Browser(port);
		other.signIn(stranger.login(), stranger.password());
		// Their own pages carry no form for it: the CSRF token comes from their ID page.
		other.submit("/account", "/watchers/" + link.id() + "/answer", List.of(Map.entry("approve", "true")));
		assertThat(watchers.watches(daughter.resident().account(), mother.resident().account()))
			.as("only the resident herself can approve").isFalse();

		var resident = new Browser(port);
		resident.signIn(mother.login(), mother.password());
		assertThat(resident.get("/watchers").body()).contains("あなたを見守りたいと申し込んでいます");
		resident.submit("/watchers", "/watchers/" + link.id() + "/answer", List.of(Map.entry("approve", "true")));
		assertThat(watchers.watches(daughter.resident().account(), mother.resident().account())).isTrue();
		assertThat(watcher.get("/watching").body()).contains("札幌 花子", "今週0日・今月0日おでかけしました");

		resident.submit("/watchers/" + link.id() + "/end", "/watchers/" + link.id() + "/end", List.of());
		assertThat(watchers.watches(daughter.resident().account(), mother.resident().account())).isFalse();
		assertThat(watcher.get("/watching").body()).doesNotContain("おでかけしました");
	}

	@Test
	void whenAWatchIsEndedOrDeclinedThenAPageAsksFirstAndHomeShowsWhatIsWaiting() {
		var mother = TestResidents.hanako(residents);
		var daughter = TestResidents.hanako(residents);
		var stranger = TestResidents.hanako(residents);
		var watcher = new Browser(port);
		watcher.signIn(daughter.login(), daughter.password());
		watcher.submit("/watching", "/watching", List.of(Map.entry("login", mother.login()), Map.entry("relation", "FAMILY")));
		var link = watchers.of(mother.resident().account()).getFirst();
		assertThat(watcher.get("/watching").body()).as("the watcher's page names whom they asked")
			.contains(mother.login() + " の方への申し込み");

		var resident = new Browser(port);
		resident.signIn(mother.login(), mother.password());
		var home = Jsoup.parse(resident.get("/").body());
		assertThat(home.select(".watch-request").text()).as("a waiting request shows on home")
			.contains("札幌 花子 さんから、あなたを見守りたいという申し込みが届いています。");
		assertThat(home.select(".watch-request a").attr("href")).isEqualTo("/watchers");
		var watchedTile = home.selectFirst("a.tile[href=/watchers]");
		var watchingTile = home.selectFirst("a.tile[href=/watching]");
		assertThat(watchedTile.text()).isNotEqualTo(watchingTile.text());
		assertThat(watchedTile.selectFirst("img").attr("src")).isNotEqualTo(watchingTile.selectFirst("img").attr("src"));

		var answer = Jsoup.parse(resident.get("/watchers").body());
		assertThat(answer.select("form input[name=approve][value=false]")).as("declining is not one tap").isEmpty();
		var decline = resident.get("/watchers/" + link.id() + "/answer");
		assertThat(decline.statusCode()).isEqualTo(200);
		assertThat(Jsoup.parse(decline.body()).select("h1").text()).isEqualTo("札幌 花子 さんの申し込みをお断りしますか？");
		assertThat(watchers.of(mother.resident().account()).getFirst().status()).isEqualTo(WatcherLink.Status.REQUESTED);

		var other = new Browser(port);
		other.signIn(stranger.login(), stranger.password());
		assertThat(other.get("/watchers/" + link.id() + "/end").statusCode()).as("not theirs").isEqualTo(404);
		assertThat(other.get("/watching/" + link.id() + "/end").statusCode()).as("not theirs").isEqualTo(404);

		resident.submit("/watchers", "/watchers/" + link.id() + "/answer", List.of(Map.entry("approve", "true")));
		assertThat(Jsoup.parse(resident.get("/").body()).select(".watch-request")).as("answered, gone from home").isEmpty();
		var end = resident.get("/watchers/" + link.id() + "/end");
		assertThat(Jsoup.parse(end.body()).select("h1").text()).isEqualTo("札幌 花子 さんの見守りをやめてもらいますか？");
		assertThat(watchers.watches(daughter.resident().account(), mother.resident().account())).as("asked, not done")
			.isTrue();
		var stop = watcher.get("/watching/" + link.id() + "/end");
		assertThat(Jsoup.parse(stop.body()).select("h1").text()).isEqualTo("札幌 花子 さんの見守りをやめますか？");
		assertThat(watchers.watches(daughter.resident().account(), mother.resident().account())).isTrue();
		watcher.submit("/watching/" + link.id() + "/end", "/watching/" + link.id() + "/end", List.of());
		assertThat(watchers.watches(daughter.resident().account(), mother.resident().account())).isFalse();
	}

	@Test
	void whenTheLoginIsUnknownThenNothingIsRequested() {
		var daughter = TestResidents.hanako(residents);
		var watcher = new Browser(port);
		watcher.signIn(daughter.login(), daughter.password());
		watcher.submit("/watching", "/watching", List.of(Map.entry("login", "nobody@example.jp"), Map.entry("relation", "FAMILY")));
		assertThat(watcher.get("/watching").body()).contains("その方は見つかりませんでした");
		assertThat(watchers.watchedBy(daughter.resident().account())).isEmpty();
	}
}
