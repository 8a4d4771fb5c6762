package jp.tsunagu.foodloss;

/** One resident may reserve at most the offer's per-resident limit, over all their reservations of it. */
public class FoodLimitReached extends RuntimeException {

	private final int limit;

	public FoodLimitReached(int limit) {
		super("At most " + limit + " per resident");
		this.limit = limit;
	}

	public int limit() {
		return limit;
	}
}
