package jp.tsunagu.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.TextNode;
import org.junit.jupiter.api.Test;

/**
 * Japanese first, English as a setting, and never a literal word in a template: every text a page
 * shows comes from messages_ja / messages_en, and both files know the same keys.
 */
class MessagesTests {

	static final Path TEMPLATES = Path.of("src/main/resources/templates");

	static final Pattern KEY = Pattern.compile("#\\{([a-zA-Z][a-zA-Z0-9.\\-]*)[}(]");

	@Test
	void whenMessagesAreLoadedThenJapaneseAndEnglishHaveTheSameKeys() throws IOException {
		var ja = load("messages_ja.properties");
		var en = load("messages_en.properties");
		assertThat(en.stringPropertyNames()).containsExactlyInAnyOrderElementsOf(ja.stringPropertyNames());
		assertThat(ja.stringPropertyNames()).allSatisfy(k -> assertThat(ja.getProperty(k)).isNotBlank());
		for (var bundle : bundles()) {
			var moduleJa = load("i18n/" + bundle + "_ja.properties");
			var moduleEn = load("i18n/" + bundle + "_en.properties");
			assertThat(moduleEn.stringPropertyNames()).as(bundle)
				.containsExactlyInAnyOrderElementsOf(moduleJa.stringPropertyNames());
		}
	}

	/** The modules' own bundles, {@code i18n/<module>_ja.properties} (platform.PlatformConfiguration finds them). */
	static List<String> bundles() throws IOException {
		try (Stream<Path> files = Files.list(Path.of("src/main/resources/i18n"))) {
			return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith("_ja.properties"))
				.map(n -> n.substring(0, n.length() - "_ja.properties".length())).sorted().toList();
		}
	}

	@Test
	void whenTemplatesNameAMessageThenItExists() throws IOException {
		var ja = load("messages_ja.properties");
		for (var bundle : bundles()) {
			ja.putAll(load("i18n/" + bundle + "_ja.properties"));
		}
		var missing = new ArrayList<String>();
		try (Stream<Path> files = Files.walk(TEMPLATES)) {
			for (var file : files.filter(f -> f.toString().endsWith(".html")).toList()) {
				var matcher = KEY.matcher(Files.readString(file));
				while (matcher.find()) {
					if (!ja.containsKey(matcher.group(1))) {
						missing.add(file.getFileName() + ": " + matcher.group(1));
					}
				}
			}
		}
		assertThat(missing).isEmpty();
	}

	@Test
	void whenTemplatesShowTextThenItComesFromMessages() throws IOException {
		var literal = new ArrayList<String>();
		try (Stream<Path> files = Files.walk(TEMPLATES)) {
			for (var file : files.filter(f -> f.toString().endsWith(".html")).toList()) {
				var document = Jsoup.parse(Files.readString(file));
				for (Element element : document.getAllElements()) {
					if (replacedAtRender(element)) {
						continue;
					}
					for (TextNode text : element.textNodes()) {
						var words = text.text().strip();
						// Language names are shown in their own language on purpose (lang switch).
						if (!words.isEmpty() && !words.matches("[\\p{Punct}\\s—]*") && !element.hasAttr("lang")) {
							literal.add(file.getFileName() + ": <" + element.tagName() + "> " + words);
						}
					}
				}
			}
		}
		assertThat(literal).isEmpty();
	}

	private static boolean replacedAtRender(Element element) {
		// The page's <html th:replace> only puts the page into the layout; what is inside still shows.
		for (var e = element; e != null && !e.tagName().equals("html"); e = e.parent()) {
			if (e.hasAttr("th:text") || e.hasAttr("th:utext") || e.hasAttr("th:replace") || e.hasAttr("th:insert")
					|| e.hasAttr("th:errors") || "true".equals(e.attr("aria-hidden")) || e.tagName().equals("script") || e.tagName().equals("style")
					|| e.tagName().equals("code") && e.hasAttr("th:text")) {
				return true;
			}
		}
		return false;
	}

	private static Properties load(String name) throws IOException {
		var properties = new Properties();
		try (var in = MessagesTests.class.getClassLoader().getResourceAsStream(name)) {
			properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
		}
		return properties;
	}
}
