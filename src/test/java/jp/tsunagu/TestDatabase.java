package jp.tsunagu;

import java.util.Map;
import java.util.UUID;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Chooses the test database: PostgreSQL when {@code tsunagu.test.db.url} (the Maven profile
 * {@code postgres}) or {@code TSUNAGU_DB_URL} names one, otherwise a private in-memory H2.
 */
public class TestDatabase implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	public static String url() {
		var url = System.getProperty("tsunagu.test.db.url", "");
		if (url.isBlank()) {
			url = System.getenv().getOrDefault("TSUNAGU_DB_URL", "");
		}
		return url;
	}

	public static boolean postgres() {
		return url().startsWith("jdbc:postgresql:");
	}

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		var url = url();
		Map<String, Object> properties = url.isBlank()
				? Map.of("spring.datasource.url", "jdbc:h2:mem:tsunagu-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
						"spring.datasource.username", "sa", "spring.datasource.password", "")
				: Map.of("spring.datasource.url", url, "spring.datasource.username",
						System.getenv().getOrDefault("TSUNAGU_DB_USER", "postgres"), "spring.datasource.password",
						System.getenv().getOrDefault("TSUNAGU_DB_PASSWORD", ""));
		context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("tsunagu-test-db", properties));
	}
}
