package jp.tsunagu.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

import jp.tsunagu.identity.IdentitySettings;

class ClientSecretsTests {

	final Argon2PasswordEncoder argon2 = new Argon2PasswordEncoder(16, 32, 1, 7168, 5);

	final ClientSecrets secrets = new ClientSecrets(new IdentitySettings(null,
			new IdentitySettings.PasswordHashing(7168, 5, 1, 16, 32), new IdentitySettings.Throttle(5, Duration.ofMinutes(15), 30, Duration.ofMinutes(10), 0),
			new IdentitySettings.Keys(Duration.ofDays(30), Duration.ofDays(2), null), Duration.ofDays(14),
			new IdentitySettings.Webauthn("localhost", List.of("http://localhost:8080"))));

	@Test
	void whenSecretIsEncodedThenOnlyTheSameSecretMatches() {
		var encoded = secrets.encoder().encode("s3cr3t-value");
		assertThat(encoded).startsWith("{sha256}").doesNotContain("s3cr3t-value");
		assertThat(secrets.encoder().matches("s3cr3t-value", encoded)).isTrue();
		assertThat(secrets.encoder().matches("s3cr3t-valuf", encoded)).isFalse();
		assertThat(secrets.encoder().encode("s3cr3t-value")).as("salted").isNotEqualTo(encoded);
	}

	@Test
	void whenSecretWasStoredWithArgon2ThenItStillMatchesAndIsMarkedForUpgrade() {
		var legacy = "{argon2}" + argon2.encode("old-secret");
		assertThat(secrets.encoder().matches("old-secret", legacy)).isTrue();
		assertThat(secrets.encoder().matches("other", legacy)).isFalse();
		assertThat(secrets.encoder().upgradeEncoding(legacy)).isTrue();
	}
}
