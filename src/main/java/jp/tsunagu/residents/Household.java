package jp.tsunagu.residents;

import org.jspecify.annotations.Nullable;

/**
 * How a resident lives and is reached, as the help desk records it: the address block (e.g.
 * 「もみじ台西3丁目」, never the full address here), the household they belong to, whether they live
 * alone, the device they use (a lent tablet with its asset number, or their own phone) and how they
 * prefer to be contacted.
 */
public record Household(@Nullable String addressBlock, @Nullable String household, @Nullable Boolean livesAlone,
		@Nullable Device device, @Nullable String tabletAsset, @Nullable Contact contact) {

	public static final Household UNKNOWN = new Household(null, null, null, null, null, null);

	public enum Device {
		LENT_TABLET, OWN_PHONE, NONE
	}

	public enum Contact {
		PHONE, EMAIL, VISIT, TABLET
	}
}
