package jp.tsunagu.coupons.web;

import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jp.tsunagu.shops.Shop;
import jp.tsunagu.shops.Shops;

/** Shop names by id, for pages that list campaigns of several shops (a handful of shops: one query). */
final class ShopNames {

	private ShopNames() {
	}

	static Map<UUID, String> of(Shops shops) {
		return shops.all().stream().collect(Collectors.toMap(Shop::id, Shop::name));
	}
}
