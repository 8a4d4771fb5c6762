package jp.tsunagu.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import jp.tsunagu.identity.Role;
import jp.tsunagu.platform.Tokyo;
import jp.tsunagu.residents.Area;
import jp.tsunagu.residents.ResidentDetails;

/**
 * The help desk imports a vendor's CSV in a real Chromium: the staff tile, the upload form, a file
 * refused with what to do, the progress view and the report with its bad rows; each page measured by
 * {@link PageCheck} at tablet and phone size.
 */
class VitalsImportUiTests extends BrowserTests {

	@Autowired
	JdbcClient jdbc;

	@Test
	void whenTheHelpDeskImportsAFileThenItSeesTheProgressAndTheReportAndEveryPagePasses() throws Exception {
		var login = "desk-" + UUID.randomUUID() + "@city.example";
		accounts.createStaffAccount(login, "help-desk-password", "窓口 花子", EnumSet.of(Role.STAFF));
		var resident = residents.registerAtHelpDesk(new ResidentDetails("札幌", "花子", "さっぽろ", "ハナコ",
				LocalDate.of(1948, 11, 3), Area.MOMIJIDAI, null));
		var checkIn = accounts.find(resident.account()).orElseThrow().loginName();
		var day = LocalDate.now(Tokyo.ZONE).minusDays(1).toString().replace('-', '/');
		var device = "BP-" + UUID.randomUUID().toString().substring(0, 6);
		var csv = Files.createTempFile("day-export-", ".csv");
		Files.writeString(csv, "measured_at,resident,device,kind,value,second,unit\n"
				+ day + " 10:15," + checkIn + "," + device + ",血圧,128,82,mmHg\n"
				+ day + " 10:20," + checkIn + "," + device + ",血圧,900,82,mmHg\n"
				+ day + " 10:25,nobody," + device + ",脈拍,70,,bpm\n", StandardCharsets.UTF_8);
		var notCsv = Files.createTempFile("photo-", ".png");
		Files.write(notCsv, new byte[] { (byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13 });

		var browser = started(Chromium.TABLET, Path.of("target/downloads/vitals-import"));
		var ui = new UiSession(browser, port);
		ui.signIn(login, "help-desk-password");
		ui.waitForPath("/");
		ui.press("事務局の画面");
		ui.press("測定データの取り込み");
		assertThat(ui.heading()).isEqualTo("測定データの取り込み（CSV）");
		PageCheck.check(browser, "staff-vitals-import");

		ui.field("CSVファイル").sendKeys(notCsv.toString());
		ui.press("取り込みを始める");
		assertThat(ui.text()).contains("このファイルは取り込めませんでした", "CSVファイルではないようです");
		PageCheck.check(browser, "staff-vitals-import-refused");

		ui.field("CSVファイル").sendKeys(csv.toString());
		ui.press("取り込みを始める");
		new WebDriverWait(browser, Duration.ofSeconds(20))
			.until(d -> !d.findElements(By.id("done")).isEmpty());
		assertThat(ui.text()).contains("取り込みが終わりました", "取り込めなかった行", "900 はありえない値です",
				"「nobody」という住民の方は登録されていません");
		assertThat(browser.findElement(By.id("count-stored")).getText()).isEqualTo("1 行");
		PageCheck.check(browser, "staff-vitals-import-report");
		var report = ui.path();

		var phone = started(Chromium.PHONE, Path.of("target/downloads/vitals-import-phone"));
		var small = new UiSession(phone, port);
		small.signIn(login, "help-desk-password");
		small.waitForPath("/");
		small.open(report);
		PageCheck.check(phone, "staff-vitals-import-report-phone");

		// the progress view, of an import that is still running (another instance's, alive)
		var running = UUID.randomUUID();
		var now = Tokyo.utc(Instant.now());
		jdbc.sql("INSERT INTO vital_import (id, file_name, file_sha256, status, rows_total, rows_done, rows_stored,"
				+ " rows_already, rows_bad, started_at, started_by, instance_id, alive_at, charset)"
				+ " VALUES (?, 'day.csv', ?, 'RUNNING', 10000, 2500, 2490, 0, 10, ?, 'desk', 'another', ?, 'UTF-8')")
			.params(running, "2".repeat(64), now, now)
			.update();
		try {
			ui.open("/staff/vitals/imports/" + running);
			assertThat(ui.text()).contains("10,000 行のうち 2,500 行まで進みました（25%）");
			PageCheck.check(browser, "staff-vitals-import-progress");
			jdbc.sql("UPDATE vital_import SET rows_done = 5000, alive_at = ? WHERE id = ?")
				.params(Tokyo.utc(Instant.now()), running).update();
			new WebDriverWait(browser, Duration.ofSeconds(10)).until(
					d -> d.findElement(By.id("progress-words")).getText().contains("5,000 行まで"));
			assertThat(browser.findElement(By.id("progress-bar")).getAttribute("value")).isEqualTo("5000");
			small.open("/staff/vitals/imports/" + running);
			PageCheck.check(phone, "staff-vitals-import-progress-phone");
			jdbc.sql("UPDATE vital_import SET status = 'DONE', rows_done = 10000 WHERE id = ?").param(running).update();
			new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> !d.findElements(By.id("done")).isEmpty());
		}
		finally {
			jdbc.sql("UPDATE vital_import SET status = 'DONE' WHERE id = ?").param(running).update();
		}
	}
}
