package jp.tsunagu.foodloss;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * What a shop has left over: {@code quantityLeft} of {@code quantity} still to reserve, at most
 * {@code perResidentLimit} for one resident, for {@code priceYen} (0 is free), picked up between
 * {@code pickupFrom} and {@code pickupUntil}.
 */
public record FoodOffer(UUID id, UUID shopId, String itemName, int quantity, int quantityLeft, int perResidentLimit,
		int priceYen, Instant pickupFrom, Instant pickupUntil, @Nullable String note, boolean hasPhoto,
		Instant postedAt, String postedBy) {

	public boolean free() {
		return priceYen == 0;
	}

	/** Whether it can still be reserved and picked up at this instant. */
	public boolean openAt(Instant now) {
		return pickupUntil.isAfter(now);
	}
}
