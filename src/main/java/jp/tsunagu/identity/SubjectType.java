package jp.tsunagu.identity;

/**
 * What a partner is told a resident's {@code sub} is (OpenID Connect Core 8). Pairwise gives each
 * sector (the partner's host) its own identifier, so two partners cannot join their data on it;
 * public gives every partner the same one, and is what partners registered before pairwise keep.
 */
public enum SubjectType {

	PUBLIC, PAIRWISE;

	/** The value discovery and the admin form use. */
	public String value() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}
}
