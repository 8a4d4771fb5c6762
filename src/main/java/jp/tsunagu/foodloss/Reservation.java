package jp.tsunagu.foodloss;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

import jp.tsunagu.identity.AccountId;

/** A resident's reservation of some of an offer; {@link #code()} is what they tell the shop. */
public record Reservation(UUID id, UUID offerId, AccountId resident, int quantity, ReservationStatus status,
		Instant reservedAt, Instant changedAt) {

	/** The first six letters of the id, 「予約番号 3F2A9C」: short enough to say at the counter. */
	public String code() {
		return id.toString().substring(0, 6).toUpperCase(Locale.ROOT);
	}
}
