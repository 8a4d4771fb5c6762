package jp.tsunagu.identity;

import java.util.Set;

/**
 * What a password or PIN must be. A PIN is six digits and not an obvious one; a password is at
 * least ten characters (NIST SP 800-63B asks for length, not composition rules).
 */
final class CredentialPolicy {

	private static final Set<String> OBVIOUS_PINS = Set.of("123456", "654321", "123123", "012345", "111222",
			"121212", "112233", "696969", "159753");

	private CredentialPolicy() {
	}

	static void checkPin(String pin) {
		if (!pin.matches("[0-9]{6}")) {
			throw new CredentialRejected("credential.pin.format");
		}
		if (pin.chars().distinct().count() == 1 || OBVIOUS_PINS.contains(pin)) {
			throw new CredentialRejected("credential.pin.obvious");
		}
	}

	static void checkPassword(String password) {
		if (password.length() < 10 || password.length() > 200) {
			throw new CredentialRejected("credential.password.length");
		}
	}
}
