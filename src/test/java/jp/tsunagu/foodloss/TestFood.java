package jp.tsunagu.foodloss;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import jp.tsunagu.residents.Area;
import jp.tsunagu.shops.Shop;
import jp.tsunagu.shops.Shops;

/** Object mother: a shop in Momijidai and what it has left over, to be picked up from now for three hours. */
public final class TestFood {

	private TestFood() {
	}

	public static Shop shop(Shops shops, Area area) {
		return shops.register("テスト商店 " + UUID.randomUUID().toString().substring(0, 8), area, "札幌市厚別区", "9:00〜19:00");
	}

	public static FoodOffer bread(FoodLoss food, Shop shop, int quantity, int perResident) {
		var from = Instant.now().truncatedTo(ChronoUnit.MINUTES);
		return food.post(shop, new FoodOfferDraft("食パン", quantity, perResident, 0, from, from.plus(Duration.ofHours(3)),
				"お一人さま" + perResident + "個まで", null), "shop:test");
	}
}
