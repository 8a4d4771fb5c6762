package jp.tsunagu.foodloss;

/** The offer's pickup window has ended: it can no longer be reserved. */
public class FoodPickupOver extends RuntimeException {

	public FoodPickupOver() {
		super("The pickup window has ended");
	}
}
