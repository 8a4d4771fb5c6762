package jp.tsunagu.identity.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

import jp.tsunagu.identity.IdentitySettings;

/**
 * How partner client secrets are stored. A client secret is 256 random bits that Tsunagu made, not
 * a word a person chose: nobody can guess it, so a deliberately slow hash (argon2id, ~100 ms here)
 * protects nothing more and would cost every token request that much CPU. A salted SHA-256 is
 * stored instead (NIST SP 800-63B allows a fast hash for secrets of 112+ bits of entropy). Secrets
 * stored earlier with argon2id still verify and are re-hashed on their next use.
 */
@Component
public class ClientSecrets {

	private final PasswordEncoder encoder;

	ClientSecrets(IdentitySettings settings) {
		this.encoder = new DelegatingPasswordEncoder("sha256",
				Map.of("sha256", new SaltedSha256(), "argon2", PasswordHashingConfiguration.argon2(settings)));
	}

	public PasswordEncoder encoder() {
		return encoder;
	}

	/** salt$hash, both base64; compared in constant time. */
	static final class SaltedSha256 implements PasswordEncoder {

		private static final SecureRandom RANDOM = new SecureRandom();

		@Override
		public String encode(CharSequence raw) {
			var salt = new byte[16];
			RANDOM.nextBytes(salt);
			return b64(salt) + "$" + b64(digest(salt, raw));
		}

		@Override
		public boolean matches(CharSequence raw, String encoded) {
			var parts = encoded.split("\\$");
			if (parts.length != 2) {
				return false;
			}
			var salt = Base64.getDecoder().decode(parts[0]);
			return MessageDigest.isEqual(Base64.getDecoder().decode(parts[1]), digest(salt, raw));
		}

		private static byte[] digest(byte[] salt, CharSequence raw) {
			try {
				var sha = MessageDigest.getInstance("SHA-256");
				sha.update(salt);
				return sha.digest(raw.toString().getBytes(StandardCharsets.UTF_8));
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException(ex);
			}
		}

		private static String b64(byte[] bytes) {
			return Base64.getEncoder().encodeToString(bytes);
		}
	}
}
