package jp.tsunagu.foodloss;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/** What a shop fills in to post an offer; {@link FoodLoss#post} checks it again before storing. */
public record FoodOfferDraft(String itemName, int quantity, int perResidentLimit, int priceYen, Instant pickupFrom,
		Instant pickupUntil, @Nullable String note, @Nullable Photo photo) {
}
