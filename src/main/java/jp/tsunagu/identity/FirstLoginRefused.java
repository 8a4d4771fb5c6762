package jp.tsunagu.identity;

/** The login id and one-time code did not open an account (wrong, used, expired or too many tries). */
public class FirstLoginRefused extends RuntimeException {

	public FirstLoginRefused() {
		super("First login refused");
	}
}
