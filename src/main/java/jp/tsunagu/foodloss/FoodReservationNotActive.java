package jp.tsunagu.foodloss;

/** The reservation was cancelled or released: nothing to pick up (or cancel) any more. */
public class FoodReservationNotActive extends RuntimeException {

	private final ReservationStatus status;

	public FoodReservationNotActive(ReservationStatus status) {
		super("The reservation is " + status);
		this.status = status;
	}

	public ReservationStatus status() {
		return status;
	}
}
