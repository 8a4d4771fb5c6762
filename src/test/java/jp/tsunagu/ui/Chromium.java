package jp.tsunagu.ui;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium and ChromeDriver, headless, as the UI tests' real browser. Where Chromium is
 * not installed the UI tests are skipped on a developer's machine, but fail in CI
 * ({@code TSUNAGU_REQUIRE_BROWSER=true}, set by .ci/run, which installs it).
 */
public final class Chromium {

	public static final Dimension TABLET = new Dimension(1280, 800);

	public static final Dimension PORTRAIT = new Dimension(800, 1280);

	public static final Dimension PHONE = new Dimension(360, 740);

	static final File BROWSER = new File("/usr/bin/chromium");

	static final File DRIVER = new File("/usr/bin/chromedriver");

	private Chromium() {
	}

	public static void requireInstalled() {
		boolean installed = BROWSER.canExecute() && DRIVER.canExecute();
		if (!installed && "true".equals(System.getenv("TSUNAGU_REQUIRE_BROWSER"))) {
			throw new IllegalStateException("chromium and chromium-driver must be installed for the UI tests");
		}
		Assumptions.assumeTrue(installed, "chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)");
	}

	/** A fresh browser profile: no cookies, Japanese, downloads into {@code downloads}. */
	public static ChromeDriver start(Dimension size, Path downloads) {
		return start(size, downloads, null);
	}

	/**
	 * As {@link #start(Dimension, Path)}, with a camera that films {@code video} (an MJPEG file, one
	 * JPEG after another, or Y4M) and camera access granted, as a till's tablet pointed at a QR code.
	 */
	public static ChromeDriver startWithCamera(Dimension size, Path downloads, Path video) {
		return start(size, downloads, video);
	}

	private static ChromeDriver start(Dimension size, Path downloads, @org.jspecify.annotations.Nullable Path video) {
		requireInstalled();
		try {
			Files.createDirectories(downloads);
			var profile = Files.createTempDirectory("tsunagu-chromium");
			var options = new ChromeOptions();
			options.setBinary(BROWSER);
			options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
					"--disable-background-networking", "--disable-component-update", "--disable-sync",
					"--disable-quic", "--no-first-run", "--lang=ja", "--user-data-dir=" + profile,
					"--window-size=" + size.width + "," + size.height, "--force-device-scale-factor=1");
			if (video != null) {
				options.addArguments("--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
						"--use-file-for-fake-video-capture=" + video.toAbsolutePath());
			}
			options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toAbsolutePath().toString(),
					"download.prompt_for_download", false, "plugins.always_open_pdf_externally", true,
					"intl.accept_languages", "ja"));
			var service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER).build();
			var driver = new ChromeDriver(service, options);
			driver.manage().window().setSize(size);
			driver.manage().timeouts().implicitlyWait(Duration.ofSeconds(2));
			return driver;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}
}
