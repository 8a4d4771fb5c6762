package jp.tsunagu.identity;

/** What a signed-in person may do; deny by default, each endpoint names the roles it admits. */
public enum Role {
	RESIDENT, WATCHER, STAFF, SHOP, PARTNER, ANALYST, ADMIN;

	public String authority() {
		return "ROLE_" + name();
	}
}
