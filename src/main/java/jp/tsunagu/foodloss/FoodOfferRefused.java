package jp.tsunagu.foodloss;

/** A posted offer that cannot be stored: {@code field} says which value, {@code code} why (a message key). */
public class FoodOfferRefused extends RuntimeException {

	private final String field;

	private final String code;

	public FoodOfferRefused(String field, String code) {
		super("Refused " + field + ": " + code);
		this.field = field;
		this.code = code;
	}

	public String field() {
		return field;
	}

	public String code() {
		return code;
	}
}
