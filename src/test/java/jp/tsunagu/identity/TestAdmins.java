package jp.tsunagu.identity;

import java.util.EnumSet;
import java.util.UUID;

/** Object mother: administrators, each with a fresh login. */
public final class TestAdmins {

	public static final String PASSWORD = "administrator-pass";

	private TestAdmins() {
	}

	/** Creates an administrator and returns the login to sign in with. */
	public static String admin(Accounts accounts) {
		var login = "admin-" + UUID.randomUUID() + "@tsunagu.example";
		accounts.createStaffAccount(login, PASSWORD, "管理 一郎", EnumSet.of(Role.ADMIN, Role.STAFF));
		return login;
	}
}
