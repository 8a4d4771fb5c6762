package jp.tsunagu.residents;

/** The areas of Atsubetsu ward the New Sapporo Model links; the ID token's {@code area} claim. */
public enum Area {
	MOMIJIDAI("momijidai"), AOBA("aoba"), SHIN_SAPPORO("shin-sapporo"), OTHER("other");

	private final String claim;

	Area(String claim) {
		this.claim = claim;
	}

	public String claim() {
		return claim;
	}
}
