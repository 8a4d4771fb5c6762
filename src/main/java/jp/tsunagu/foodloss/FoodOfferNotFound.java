package jp.tsunagu.foodloss;

/** No offer has this id (or the id is not one). */
public class FoodOfferNotFound extends RuntimeException {

	public FoodOfferNotFound() {
		super("No such food offer");
	}
}
