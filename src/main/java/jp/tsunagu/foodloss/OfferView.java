package jp.tsunagu.foodloss;

import org.jspecify.annotations.Nullable;

import jp.tsunagu.shops.Shop;

/**
 * An offer as a resident sees it: with its shop, whether the shop is in their own area, and their
 * own open reservation of it, if any; {@code reservable} is how many they may still reserve.
 */
public record OfferView(FoodOffer offer, Shop shop, boolean nearby, @Nullable Reservation mine, int reservable) {
}
