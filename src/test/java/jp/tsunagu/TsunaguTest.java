package jp.tsunagu;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

/**
 * The whole platform on a random port, on H2 in memory or on the PostgreSQL named by
 * {@code -Dtsunagu.test.db.url} / {@code TSUNAGU_DB_URL} (see {@link TestDatabase}). Demo data is off;
 * tests make what they need through the modules' own APIs. Every test signs in from the same
 * address, so the per-source limit on wrong sign-ins is lifted here and tested on its own. Tagged
 * {@code integration}: these run in {@code ./mvnw verify}'s integration phase, not in {@code ./mvnw test}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Tag("integration")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "tsunagu.demo.enabled=false", "spring.thymeleaf.cache=false",
				"tsunagu.identity.throttle.per-source-failures=100000",
				// the data hub reads the tests' JSON-LD contexts from a server on this machine
				"tsunagu.hub.contexts.private-addresses=true",
				// and notifies the tests' receivers on this machine
				"tsunagu.hub.notifications.private-addresses=true" })
@ContextConfiguration(initializers = TestDatabase.class)
public @interface TsunaguTest {
}
