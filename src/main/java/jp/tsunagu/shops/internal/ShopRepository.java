package jp.tsunagu.shops.internal;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import jp.tsunagu.identity.AccountId;
import jp.tsunagu.residents.Area;
import jp.tsunagu.shops.Shop;

@Repository
public class ShopRepository {

	private static final RowMapper<Shop> SHOP = (rs, i) -> new Shop(rs.getObject("id", UUID.class),
			rs.getString("name"), Area.valueOf(rs.getString("area")), rs.getString("address"),
			rs.getString("opening_hours"));

	private final JdbcClient jdbc;

	ShopRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public void insert(Shop shop) {
		jdbc.sql("INSERT INTO shop (id, name, area, address, opening_hours) VALUES (?, ?, ?, ?, ?)")
			.params(shop.id(), shop.name(), shop.area().name(), shop.address(), shop.openingHours())
			.update();
	}

	public boolean update(Shop shop) {
		return jdbc.sql("UPDATE shop SET name = ?, area = ?, address = ?, opening_hours = ? WHERE id = ?")
			.params(shop.name(), shop.area().name(), shop.address(), shop.openingHours(), shop.id())
			.update() == 1;
	}

	public Optional<Shop> find(UUID id) {
		return jdbc.sql("SELECT * FROM shop WHERE id = ?").param(id).query(SHOP).optional();
	}

	public List<Shop> all() {
		return jdbc.sql("SELECT * FROM shop ORDER BY name").query(SHOP).list();
	}

	public void addMember(UUID shop, AccountId account) {
		if (jdbc.sql("SELECT COUNT(*) FROM shop_member WHERE shop_id = ? AND account_id = ?")
			.params(shop, account.value())
			.query(Long.class)
			.single() == 0) {
			jdbc.sql("INSERT INTO shop_member (shop_id, account_id) VALUES (?, ?)").params(shop, account.value()).update();
		}
	}

	public Optional<Shop> ofMember(AccountId account) {
		return jdbc.sql("SELECT s.* FROM shop s JOIN shop_member m ON m.shop_id = s.id WHERE m.account_id = ?"
				+ " ORDER BY s.name LIMIT 1")
			.param(account.value())
			.query(SHOP)
			.optional();
	}

	public List<AccountId> members(UUID shop) {
		return jdbc.sql("SELECT account_id FROM shop_member WHERE shop_id = ?")
			.param(shop)
			.query((rs, i) -> new AccountId(rs.getObject(1, UUID.class)))
			.list();
	}
}
