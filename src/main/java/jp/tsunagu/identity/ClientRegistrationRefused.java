package jp.tsunagu.identity;

/**
 * A partner client could not be registered as asked; {@link #reason()} is a message key under
 * {@code admin.clients.invalid.} that tells the administrator what to change.
 */
public final class ClientRegistrationRefused extends RuntimeException {

	private final String reason;

	public ClientRegistrationRefused(String reason) {
		super("client registration refused: " + reason);
		this.reason = reason;
	}

	public String reason() {
		return reason;
	}
}
