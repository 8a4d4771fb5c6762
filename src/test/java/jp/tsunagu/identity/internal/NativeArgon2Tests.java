package jp.tsunagu.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * libargon2 and BouncyCastle agree: each verifies what the other stored, in Spring Security's
 * format, and neither accepts a wrong secret. Where the library is missing, both sides are
 * BouncyCastle and this says nothing about the library, so CI installs it and requires it loaded.
 */
class NativeArgon2Tests {

	final NativeArgon2 library = new NativeArgon2(16, 32, 1, 7168, 5);

	final Argon2PasswordEncoder java = new Argon2PasswordEncoder(16, 32, 1, 7168, 5);

	@Test
	void whenEitherImplementationStoresASecretThenTheOtherVerifiesItAndRefusesAWrongOne() {
		if ("true".equals(System.getenv("TSUNAGU_REQUIRE_LIBARGON2"))) {
			assertThat(library.isNative()).as("libargon2 loaded (CI installs libargon2-1)").isTrue();
		}
		for (var secret : new String[] { "correct horse battery", "482913", "さっぽろ もみじ台 2026" }) {
			var byLibrary = library.encode(secret);
			assertThat(byLibrary).startsWith("$argon2id$v=19$m=7168,t=5,p=1$");
			assertThat(java.matches(secret, byLibrary)).as(secret).isTrue();
			assertThat(java.matches(secret + "x", byLibrary)).isFalse();
			var byJava = java.encode(secret);
			assertThat(library.matches(secret, byJava)).as(secret).isTrue();
			assertThat(library.matches(secret + "x", byJava)).isFalse();
		}
		assertThat(library.matches("anything", "not an argon2 hash")).isFalse();
		assertThat(library.matches("", library.encode(""))).as("an empty secret never matches, as in Spring").isFalse();
	}
}
