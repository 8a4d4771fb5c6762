package jp.tsunagu.foodloss;

import jp.tsunagu.shops.Shop;

/** A reservation with what it is of and where to pick it up; {@code residentName} for the shop's list. */
public record ReservationView(Reservation reservation, FoodOffer offer, Shop shop, String residentName) {

	/** What to bring: the price of what was reserved, 0 when free. */
	public int priceToPay() {
		return offer.priceYen() * reservation.quantity();
	}
}
