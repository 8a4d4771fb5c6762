package jp.tsunagu.residents;

/**
 * Why a partner may receive a resident's personal data. Each purpose has a wording the resident
 * reads before agreeing ({@code sharing.PURPOSE.wording.vN}); the version they read is recorded.
 */
public enum SharingPurpose {
	/** Vitals to a health partner, for advice on the resident's health. */
	VITALS_FOR_HEALTH_ADVICE,
	/** The activity record to a partner that rewards going out (points, coupons). */
	ACTIVITY_FOR_REWARDS,
	/** Name and contact to a watcher service, to be told when something seems wrong. */
	CONTACT_FOR_WATCHING_OVER;

	/** The current wording version; raise it when the wording changes, old consents keep theirs. */
	public static final String WORDING_VERSION = "v1";
}
