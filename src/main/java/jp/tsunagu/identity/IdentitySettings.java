package jp.tsunagu.identity;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of Sapporo Smart ID, under {@code tsunagu.identity}.
 *
 * @param issuer the public issuer URL (https on the public host); unset, it is taken from each request,
 * which behind a proxy means from the forwarded headers
 * @param password argon2id cost of password, PIN and client-secret hashes
 * @param throttle how many wrong guesses lock an account, and for how long
 * @param keys signing-key rotation
 * @param firstLoginCodeValidity how long a printed first-login code works
 * @param webauthn passkey relying party
 */
@ConfigurationProperties("tsunagu.identity")
public record IdentitySettings(@Nullable String issuer, @DefaultValue PasswordHashing password,
		@DefaultValue Throttle throttle, @DefaultValue Keys keys,
		@DefaultValue("P14D") Duration firstLoginCodeValidity, @DefaultValue Webauthn webauthn) {

	/** Defaults are the cost Keycloak uses for argon2id, so login speed compares fairly. */
	public record PasswordHashing(@DefaultValue("7168") int memoryKib, @DefaultValue("5") int iterations,
			@DefaultValue("1") int parallelism, @DefaultValue("16") int saltLength,
			@DefaultValue("32") int hashLength) {
	}

	/**
	 * @param maxFailures wrong secrets in a row that lock a login name (known or not)
	 * @param lockFor how long such a lock lasts
	 * @param perSourceFailures wrong sign-ins from one address that make it wait; a community room's
	 * shared address must not lock its residents out, so this is well above one person's mistakes
	 * @param perSourceWindow the window those are counted in, and the wait
	 * @param concurrentHashes password hashes computed at once (0: the number of processors); more
	 * sign-ins queue instead of starving every other request of CPU
	 */
	public record Throttle(@DefaultValue("5") int maxFailures, @DefaultValue("PT15M") Duration lockFor,
			@DefaultValue("30") int perSourceFailures, @DefaultValue("PT10M") Duration perSourceWindow,
			@DefaultValue("0") int concurrentHashes) {

		public int hashPermits() {
			return concurrentHashes > 0 ? concurrentHashes : Runtime.getRuntime().availableProcessors();
		}
	}

	/**
	 * @param rotateAfter a signing key signs for this long, then a new one takes over
	 * @param publishFor a retired key stays in the JWKS this long, longer than any token it signed lives
	 * @param encryptionSecret when set, private keys are stored encrypted with it (AES-GCM)
	 */
	public record Keys(@DefaultValue("P30D") Duration rotateAfter, @DefaultValue("P2D") Duration publishFor,
			@Nullable String encryptionSecret) {
	}

	public record Webauthn(@DefaultValue("localhost") String rpId,
			@DefaultValue("http://localhost:8080") List<String> allowedOrigins) {
	}
}
