package jp.tsunagu.identity;

/**
 * A new password or PIN was not accepted; {@link #reason()} is a message key that says what to do
 * (for example {@code credential.pin.format}).
 */
public class CredentialRejected extends RuntimeException {

	private final String reason;

	public CredentialRejected(String reason) {
		super(reason);
		this.reason = reason;
	}

	public String reason() {
		return reason;
	}
}
