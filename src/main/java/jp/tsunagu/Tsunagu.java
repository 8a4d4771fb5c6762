package jp.tsunagu;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.modulith.Modulithic;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Tsunagu, the open city platform of the New Sapporo Model: one deployable, many modules.
 */
@Modulithic(sharedModules = "platform")
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class Tsunagu {

	public static void main(String[] args) {
		SpringApplication.run(Tsunagu.class, args);
	}
}
