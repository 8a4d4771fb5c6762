package jp.tsunagu.identity;

/** Somebody already signs in with this e-mail address or phone number. */
public class LoginNameTaken extends RuntimeException {

	private final String loginName;

	public LoginNameTaken(String loginName) {
		super("Login name already in use");
		this.loginName = loginName;
	}

	public String loginName() {
		return loginName;
	}
}
