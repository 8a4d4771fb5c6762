package jp.tsunagu.foodloss;

/** No reservation has this id for the one asking: another resident's or another shop's is not found either. */
public class FoodReservationNotFound extends RuntimeException {

	public FoodReservationNotFound() {
		super("No such food reservation");
	}
}
