package jp.tsunagu.shops;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import jp.tsunagu.identity.AccountId;
import jp.tsunagu.platform.ProblemType;
import jp.tsunagu.residents.Area;
import jp.tsunagu.shops.internal.ShopRepository;

/** The shop registry, and which SHOP accounts work for which shop. */
@Service
public class Shops {

	private final ShopRepository shops;

	Shops(ShopRepository shops) {
		this.shops = shops;
	}

	@Transactional
	public Shop register(String name, Area area, String address, String openingHours) {
		var shop = new Shop(UUID.randomUUID(), name, area, address, openingHours);
		shops.insert(shop);
		return shop;
	}

	@Transactional
	public void update(Shop shop) {
		if (!shops.update(shop)) {
			throw new ShopNotFound(shop.id().toString());
		}
	}

	/** Lets a SHOP account act for the shop (redeem at its till, post its surplus food). */
	@Transactional
	public void addMember(UUID shop, AccountId account) {
		find(shop);
		shops.addMember(shop, account);
	}

	public Shop find(UUID id) {
		return shops.find(id).orElseThrow(() -> new ShopNotFound(id.toString()));
	}

	/** A shop by the id as typed in a path or a form; unknown, empty or malformed ids are not found. */
	public Shop find(String id) {
		try {
			return find(UUID.fromString(id));
		}
		catch (IllegalArgumentException notAnId) {
			throw new ShopNotFound(id);
		}
	}

	public List<Shop> all() {
		return shops.all();
	}

	/** The shop this SHOP account works for, if any (the first registered, should there be several). */
	public Optional<Shop> of(AccountId account) {
		return shops.ofMember(account);
	}

	public List<AccountId> members(UUID shop) {
		return shops.members(shop);
	}

	@Bean
	static ProblemType shopNotFoundProblem() {
		return new ProblemType(ShopNotFound.class, HttpStatus.NOT_FOUND, "shop-not-found");
	}
}
