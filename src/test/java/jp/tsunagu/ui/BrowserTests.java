package jp.tsunagu.ui;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import jp.tsunagu.TsunaguTest;
import jp.tsunagu.identity.Accounts;
import jp.tsunagu.residents.Residents;

/**
 * What every browser test has: the platform on a random port, Chromium required, and every browser
 * a test opens closed after it, whatever happened.
 */
@TsunaguTest
@Tag("browser")
abstract class BrowserTests {

	@LocalServerPort
	int port;

	@Autowired
	Residents residents;

	@Autowired
	Accounts accounts;

	private final List<WebDriver> opened = new ArrayList<>();

	@BeforeAll
	static void browserInstalled() {
		Chromium.requireInstalled();
	}

	@AfterEach
	void closeBrowsers() {
		for (var driver : opened) {
			try {
				driver.quit();
			}
			catch (RuntimeException alreadyClosed) {
				// closed by the test itself
			}
		}
		opened.clear();
	}

	/** A fresh browser (no cookies) at this size, downloading into {@code downloads}; closed after the test. */
	/** As {@link #started}, with a camera that films {@code video} (see {@link Chromium#startWithCamera}). */
	WebDriver startedWithCamera(Dimension size, Path downloads, Path video) {
		var driver = Chromium.startWithCamera(size, downloads, video);
		opened.add(driver);
		return driver;
	}

	WebDriver started(Dimension size, Path downloads) {
		var driver = Chromium.start(size, downloads);
		opened.add(driver);
		return driver;
	}
}
