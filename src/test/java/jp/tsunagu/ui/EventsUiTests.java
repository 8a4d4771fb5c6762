package jp.tsunagu.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import jp.tsunagu.identity.Role;
import jp.tsunagu.identity.TestResidents;

/**
 * Staff create an event, a resident signs up on the tablet, at the door the desk's scanner reads
 * the resident's code and checks them in, and the resident's community record shows it.
 */
class EventsUiTests extends BrowserTests {








	@Test
	void whenResidentSignsUpAndIsCheckedInThenTheirRecordShowsTheEvent() {
		var staffLogin = "desk-" + UUID.randomUUID() + "@desk.example";
		accounts.createStaffAccount(staffLogin, "help-desk-password", "事務局 花", EnumSet.of(Role.STAFF));
		var hanako = TestResidents.hanako(residents);
		var title = "青葉 健康体操 " + UUID.randomUUID().toString().substring(0, 4);

		var desk = started(Chromium.TABLET, Path.of("target/downloads/events-desk"));
		var staff = new UiSession(desk, port);
		staff.signIn(staffLogin, "help-desk-password");
		staff.open("/staff").press("イベントと受付");
		PageCheck.check(desk, "staff-events");
		staff.press("イベントを作る");
		staff.press("イベントを作る");
		assertThat(staff.text()).contains("入力を確かめてください", "イベント名：入力してください。");
		PageCheck.check(desk, "staff-event-new-errors");
		var nextYear = java.time.LocalDate.now().getYear() + 1;
		staff.type("イベント名", title).type("説明", "椅子に座ってできる体操です。")
			.type("場所", "青葉 集会所").choose("健康のイベント")
			.type("年", String.valueOf(nextYear)).type("月", "1").type("日", "15")
			.type("始まりの時刻", "10:00").type("終わりの時刻", "11:00").type("定員（人）", "12")
			.type("タグ（関心ごと）", "健康、体操")
			.press("イベントを作る");
		staff.waitForPath("/staff/events/");
		assertThat(staff.text()).contains("イベントを作りました", title);
		var eventPage = staff.path().replace("?created", "");

		var tablet = started(Chromium.TABLET, Path.of("target/downloads/events-tablet"));
		var senior = new UiSession(tablet, port);
		senior.signIn(hanako.login(), hanako.password());
		senior.waitForPath("/");
		senior.press("イベント");
		assertThat(senior.text()).contains(title, "あと12人");
		PageCheck.check(tablet, "events");
		tablet.findElement(org.openqa.selenium.By.partialLinkText(title)).click();
		assertThat(senior.text()).contains("健康", "体操");
		PageCheck.check(tablet, "event");
		senior.press("参加する");
		assertThat(senior.text()).contains("参加を申し込みました", "あと11人");
		PageCheck.check(tablet, "event-signed-up");
		senior.press("参加をやめる");
		PageCheck.check(tablet, "event-cancel-confirm");
		senior.press("やめずに戻る");
		senior.open("/events/mine");
		assertThat(senior.text()).contains(title);

		staff.open(eventPage);
		assertThat(staff.text()).contains("札幌 花子", "参加");
		PageCheck.check(desk, "staff-event");
		staff.type("QRコードを読み取るか、ログインID・電話番号を入力", hanako.login()).press("受付する");
		assertThat(staff.text()).contains("札幌 花子 さんを受付しました", "来場済み");

		senior.open("/record");
		new org.openqa.selenium.support.ui.WebDriverWait(tablet, Duration.ofSeconds(10)).until(d -> {
			d.navigate().refresh();
			return d.findElement(org.openqa.selenium.By.tagName("body")).getText().contains("イベントに参加しました");
		});
		assertThat(senior.text()).contains("青葉 集会所");
	}
}
