package jp.tsunagu.identity.internal;

import java.util.Map;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

import io.micrometer.core.instrument.MeterRegistry;

import jp.tsunagu.identity.IdentitySettings;

/**
 * argon2id for every secret (passwords, PINs, one-time codes, client secrets), behind a delegating
 * encoder so the cost can be raised later without invalidating stored hashes.
 */
@Configuration(proxyBeanMethods = false)
class PasswordHashingConfiguration {

	@Bean
	PasswordEncoder passwordEncoder(IdentitySettings settings, MeterRegistry meters) {
		return new HashingLimit(new DelegatingPasswordEncoder("argon2", Map.of("argon2", argon2(settings))),
				settings.throttle().hashPermits(), meters);
	}

	static PasswordEncoder argon2(IdentitySettings settings) {
		var p = settings.password();
		return new NativeArgon2(p.saltLength(), p.hashLength(), p.parallelism(), p.memoryKib(), p.iterations());
	}
}
