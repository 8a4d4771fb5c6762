package jp.tsunagu.identity;

/** Where an account stands: waiting for its owner's first sign-in at the tablet, or in use. */
public enum AccountStatus {
	/** Created at the help desk; the owner has a one-time code but no PIN yet. */
	AWAITING_FIRST_LOGIN,
	ACTIVE,
	DISABLED
}
