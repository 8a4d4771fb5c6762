package jp.tsunagu.foodloss;

/**
 * RESERVED until the shop hands it over (PICKED_UP), the resident cancels (CANCELLED, the items back
 * in stock) or the pickup window ends unclaimed (RELEASED, by {@link UnclaimedRelease}).
 */
public enum ReservationStatus {
	RESERVED, PICKED_UP, RELEASED, CANCELLED
}
