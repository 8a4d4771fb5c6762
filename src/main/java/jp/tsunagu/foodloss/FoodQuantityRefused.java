package jp.tsunagu.foodloss;

/** A reservation of less than one item, or more than an offer ever has. */
public class FoodQuantityRefused extends RuntimeException {

	public FoodQuantityRefused() {
		super("Reserve at least one item");
	}
}
