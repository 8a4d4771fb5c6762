package jp.tsunagu.demo;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param enabled whether demo data is generated at start (never in the "prod" profile)
 * @param residents how many residents the demo ward has
 * @param seed random seed, so the same ward is generated every time
 */
@ConfigurationProperties("tsunagu.demo")
record DemoSettings(@DefaultValue("false") boolean enabled, @DefaultValue("600") int residents,
		@DefaultValue("20231201") long seed) {
}
