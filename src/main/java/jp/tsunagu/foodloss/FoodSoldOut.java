package jp.tsunagu.foodloss;

/** Fewer items are left than were asked for: {@code left} (0 when none). */
public class FoodSoldOut extends RuntimeException {

	private final int left;

	public FoodSoldOut(int left) {
		super("Only " + left + " left");
		this.left = left;
	}

	public int left() {
		return left;
	}
}
