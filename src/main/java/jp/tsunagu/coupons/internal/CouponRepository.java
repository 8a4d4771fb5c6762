package jp.tsunagu.coupons.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import jp.tsunagu.coupons.Campaign;
import jp.tsunagu.coupons.CampaignKind;
import jp.tsunagu.coupons.Coupon;
import jp.tsunagu.coupons.Redemption;
import jp.tsunagu.identity.AccountId;
import jp.tsunagu.platform.Tokyo;
import jp.tsunagu.residents.Area;

/** The coupons module's SQL: campaigns, the coupons residents hold, their one use. */
@Repository
public class CouponRepository {

	private static final String CAMPAIGN = "id, kind, title, worth, shop_id, area, price_points, settlement_yen,"
			+ " valid_from, valid_until, stock, issued, per_person";

	private static final String COUPON = "id, campaign_id, resident_id, short_code, issued_at, redeemed_at, redeemed_shop";

	private final JdbcClient jdbc;

	CouponRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public void insert(Campaign c, String createdBy, Instant now) {
		jdbc.sql("INSERT INTO coupon_campaign (" + CAMPAIGN + ", created_by, created_at)"
				+ " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			.params(c.id(), c.kind().name(), c.title(), c.worth(), c.shop(), c.area() == null ? null : c.area().name(),
					c.pricePoints(), c.settlementYen(), Tokyo.utc(c.validFrom()), Tokyo.utc(c.validUntil()), c.stock(),
					c.issued(), c.perPerson(), createdBy, Tokyo.utc(now))
			.update();
	}

	public Optional<Campaign> campaign(UUID id) {
		return jdbc.sql("SELECT " + CAMPAIGN + " FROM coupon_campaign WHERE id = ?").param(id).query(this::campaignRow)
			.optional();
	}

	/** The campaign, locked until the transaction ends: obtaining one of its coupons is serialised on it. */
	public Optional<Campaign> lockCampaign(UUID id) {
		return jdbc.sql("SELECT " + CAMPAIGN + " FROM coupon_campaign WHERE id = ? FOR UPDATE").param(id)
			.query(this::campaignRow)
			.optional();
	}

	public List<Campaign> campaigns(Collection<UUID> ids) {
		if (ids.isEmpty()) {
			return List.of();
		}
		return jdbc.sql("SELECT " + CAMPAIGN + " FROM coupon_campaign WHERE id IN (:ids)").param("ids", ids)
			.query(this::campaignRow)
			.list();
	}

	/** Campaigns open now with stock left, for everyone or for {@code area}; those ending soonest first. */
	public List<Campaign> offers(Instant now, @Nullable Area area, int limit) {
		return jdbc.sql("SELECT " + CAMPAIGN + " FROM coupon_campaign WHERE valid_from <= ? AND valid_until > ?"
				+ " AND issued < stock AND (area IS NULL OR area = ?) ORDER BY valid_until, title LIMIT ?")
			.params(Tokyo.utc(now), Tokyo.utc(now), area == null ? "" : area.name(), limit)
			.query(this::campaignRow)
			.list();
	}

	/** Campaigns not over before {@code since}: one shop's, or every one when {@code shop} is null. */
	public List<Campaign> campaignsEndingAfter(Instant since, @Nullable UUID shop, int limit) {
		return jdbc.sql("SELECT " + CAMPAIGN + " FROM coupon_campaign WHERE valid_until > ?"
				+ (shop == null ? "" : " AND shop_id = ?") + " ORDER BY valid_until DESC LIMIT ?")
			.params(shop == null ? List.of(Tokyo.utc(since), limit) : List.of(Tokyo.utc(since), shop, limit))
			.query(this::campaignRow)
			.list();
	}

	public void countIssued(UUID campaign) {
		jdbc.sql("UPDATE coupon_campaign SET issued = issued + 1 WHERE id = ?").param(campaign).update();
	}

	public int held(UUID campaign, AccountId resident) {
		return jdbc.sql("SELECT COUNT(*) FROM coupon WHERE campaign_id = ? AND resident_id = ?")
			.params(campaign, resident.value())
			.query(Integer.class)
			.single();
	}

	/** How many of each campaign the resident holds, for the offers they may still take. */
	public java.util.Map<UUID, Integer> heldPerCampaign(AccountId resident) {
		var held = new java.util.HashMap<UUID, Integer>();
		jdbc.sql("SELECT campaign_id, COUNT(*) FROM coupon WHERE resident_id = ? GROUP BY campaign_id")
			.param(resident.value())
			.query(rs -> {
				held.put(rs.getObject(1, UUID.class), rs.getInt(2));
			});
		return held;
	}

	public void insert(Coupon c) {
		jdbc.sql("INSERT INTO coupon (" + COUPON + ") VALUES (?, ?, ?, ?, ?, ?, ?)")
			.params(c.id(), c.campaign(), c.resident().value(), c.shortCode(), Tokyo.utc(c.issuedAt()), null, null)
			.update();
	}

	public boolean shortCodeTaken(String code) {
		return jdbc.sql("SELECT COUNT(*) FROM coupon WHERE short_code = ?").param(code).query(Long.class).single() > 0;
	}

	public Optional<Coupon> coupon(UUID id) {
		return jdbc.sql("SELECT " + COUPON + " FROM coupon WHERE id = ?").param(id).query(this::couponRow).optional();
	}

	public Optional<Coupon> byShortCode(String code) {
		return jdbc.sql("SELECT " + COUPON + " FROM coupon WHERE short_code = ?").param(code).query(this::couponRow)
			.optional();
	}

	/** The coupon, locked until the transaction ends: a second till waits here, then reads it used. */
	public Optional<Coupon> lockCoupon(UUID id) {
		return jdbc.sql("SELECT " + COUPON + " FROM coupon WHERE id = ? FOR UPDATE").param(id).query(this::couponRow)
			.optional();
	}

	/** The resident's coupons, newest first. */
	public List<Coupon> couponsOf(AccountId resident, int limit) {
		return jdbc.sql("SELECT " + COUPON + " FROM coupon WHERE resident_id = ? ORDER BY issued_at DESC LIMIT ?")
			.params(resident.value(), limit)
			.query(this::couponRow)
			.list();
	}

	/** Marks the coupon used; false when it already was (the WHERE is what makes it once). */
	public boolean redeem(UUID coupon, Instant at, UUID shop, AccountId till) {
		return jdbc.sql("UPDATE coupon SET redeemed_at = ?, redeemed_shop = ?, redeemed_by = ?"
				+ " WHERE id = ? AND redeemed_at IS NULL")
			.params(Tokyo.utc(at), shop, till.value(), coupon)
			.update() == 1;
	}

	/** The coupons used at the shop in [from, until), in the order they were used. */
	public List<Redemption> redemptions(UUID shop, Instant from, Instant until) {
		return jdbc.sql("SELECT c.id, c.short_code, p.title, p.worth, c.redeemed_at, p.settlement_yen FROM coupon c"
				+ " JOIN coupon_campaign p ON p.id = c.campaign_id"
				+ " WHERE c.redeemed_shop = ? AND c.redeemed_at >= ? AND c.redeemed_at < ? ORDER BY c.redeemed_at")
			.params(shop, Tokyo.utc(from), Tokyo.utc(until))
			.query((rs, i) -> new Redemption(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
					rs.getString(4), instant(rs, 5), rs.getInt(6)))
			.list();
	}

	private Campaign campaignRow(ResultSet rs, int row) throws SQLException {
		var area = rs.getString("area");
		return new Campaign(rs.getObject("id", UUID.class), CampaignKind.valueOf(rs.getString("kind")),
				rs.getString("title"), rs.getString("worth"), rs.getObject("shop_id", UUID.class),
				area == null ? null : Area.valueOf(area), rs.getInt("price_points"), rs.getInt("settlement_yen"),
				instant(rs, "valid_from"), instant(rs, "valid_until"), rs.getInt("stock"), rs.getInt("issued"),
				rs.getInt("per_person"));
	}

	private Coupon couponRow(ResultSet rs, int row) throws SQLException {
		var redeemed = rs.getObject("redeemed_at", OffsetDateTime.class);
		return new Coupon(rs.getObject("id", UUID.class), rs.getObject("campaign_id", UUID.class),
				new AccountId(rs.getObject("resident_id", UUID.class)), rs.getString("short_code"),
				instant(rs, "issued_at"), redeemed == null ? null : redeemed.toInstant(),
				rs.getObject("redeemed_shop", UUID.class));
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		return rs.getObject(column, OffsetDateTime.class).toInstant();
	}

	private static Instant instant(ResultSet rs, int column) throws SQLException {
		return rs.getObject(column, OffsetDateTime.class).toInstant();
	}
}
