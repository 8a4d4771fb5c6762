package jp.tsunagu.coupons;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.UUID;

import jp.tsunagu.identity.Accounts;
import jp.tsunagu.identity.Role;
import jp.tsunagu.residents.Area;
import jp.tsunagu.shops.Shop;
import jp.tsunagu.shops.Shops;

/** Object mother: a shop with one SHOP login, and campaigns open from a minute ago for a week. */
public final class TestShops {

	public static final String PASSWORD = "shop-till-password";

	private TestShops() {
	}

	public record Till(Shop shop, String login) {
	}

	public static Till till(Shops shops, Accounts accounts, String name) {
		var login = "till-" + UUID.randomUUID() + "@tsunagu.example"; // not "shop-": EveryPageUiTests finds its own by that
		var account = accounts.createStaffAccount(login, PASSWORD, name + " レジ", EnumSet.of(Role.SHOP));
		var shop = shops.register(name, Area.MOMIJIDAI, "札幌市厚別区もみじ台北1丁目", "9:00〜18:00");
		shops.addMember(shop.id(), account.id());
		return new Till(shop, login);
	}

	public static CampaignDraft draft(String title, int price, int stock, int perPerson) {
		var now = Instant.now();
		return new CampaignDraft(CampaignKind.COUPON, title, "100円引き", null, price, 100, now.minus(Duration.ofMinutes(1)),
				now.plus(Duration.ofDays(7)), stock, perPerson);
	}
}
