package jp.tsunagu.coupons;

import java.time.Clock;
import java.time.YearMonth;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import jp.tsunagu.coupons.internal.CouponCodes;
import jp.tsunagu.coupons.internal.CouponRepository;
import jp.tsunagu.identity.AccountId;
import jp.tsunagu.platform.Tokyo;
import jp.tsunagu.points.Points;
import jp.tsunagu.residents.Resident;
import jp.tsunagu.residents.Residents;
import jp.tsunagu.shops.Shop;
import jp.tsunagu.shops.Shops;

/**
 * Campaigns, the coupons residents get from them, and their one use at a till. Getting a coupon is
 * serialised on its campaign's row (so the stock and the limit per person hold however many tap at
 * once) and bought with points in the same transaction (both or neither). Using one locks the coupon
 * and marks it with an UPDATE that matches only while it is unused: of two tills at the same moment
 * one succeeds and the other is told when and where it was used.
 */
@Service
public class Coupons {

	/** Beyond these a number is a typing error, not a campaign. */
	public static final int MAX_PRICE = 100_000, MAX_YEN = 100_000, MAX_STOCK = 100_000, MAX_PER_PERSON = 100;

	private final CouponRepository coupons;

	private final CouponCodes codes;

	private final Points points;

	private final Shops shops;

	private final Residents residents;

	private final ApplicationEventPublisher publisher;

	private final Clock clock;

	Coupons(CouponRepository coupons, CouponCodes codes, Points points, Shops shops, Residents residents,
			ApplicationEventPublisher publisher, Clock clock) {
		this.coupons = coupons;
		this.codes = codes;
		this.points = points;
		this.shops = shops;
		this.residents = residents;
		this.publisher = publisher;
		this.clock = clock;
	}

	/** A new campaign, the shop's own ({@code shop}) or the city's (null, any shop takes it). */
	public Campaign create(CampaignDraft d, @Nullable UUID shop, String actor) {
		if (d.title().isBlank() || d.title().length() > 100 || d.worth().isBlank() || d.worth().length() > 100) {
			throw new CampaignRefused("title and worth: 1 to 100 characters");
		}
		if (d.pricePoints() < 0 || d.pricePoints() > MAX_PRICE || d.settlementYen() < 0 || d.settlementYen() > MAX_YEN
				|| d.stock() < 1 || d.stock() > MAX_STOCK || d.perPerson() < 1 || d.perPerson() > MAX_PER_PERSON) {
			throw new CampaignRefused("a number out of range");
		}
		if (!d.validUntil().isAfter(d.validFrom())) {
			throw new CampaignRefused("the period ends before it starts");
		}
		if (shop != null) {
			shops.find(shop);
		}
		var campaign = new Campaign(UUID.randomUUID(), d.kind(), d.title().strip(), d.worth().strip(), shop, d.area(),
				d.pricePoints(), d.settlementYen(), d.validFrom(), d.validUntil(), d.stock(), 0, d.perPerson());
		coupons.insert(campaign, actor, clock.instant());
		return campaign;
	}

	/** What the resident may get now: open, in stock, for their area, and not yet at their limit. */
	@Transactional(readOnly = true)
	public List<Campaign> offersFor(AccountId resident) {
		var held = coupons.heldPerCampaign(resident);
		return coupons.offers(clock.instant(), residents.find(resident).map(Resident::area).orElse(null), 100)
			.stream()
			.filter(c -> held.getOrDefault(c.id(), 0) < c.perPerson())
			.toList();
	}

	/** Campaigns not over yet (and those over in the last 60 days): one shop's, or all when null. */
	@Transactional(readOnly = true)
	public List<Campaign> campaigns(@Nullable UUID shop) {
		return coupons.campaignsEndingAfter(clock.instant().minus(java.time.Duration.ofDays(60)), shop, 200);
	}

	public Campaign campaign(String id) {
		return coupons.campaign(uuid(id, CampaignNotFound::new)).orElseThrow(() -> new CampaignNotFound(id));
	}

	/**
	 * Gives the resident one coupon of the campaign, paying its price in points. {@code key} is the
	 * request's own (the confirmation page's): asked again with it — a double tap, a resent form — it
	 * returns the coupon it gave the first time and spends nothing more.
	 *
	 * @throws CampaignNotOffered outside the period or for another area
	 * @throws CampaignSoldOut when the stock is gone
	 * @throws CouponLimitReached when the resident holds as many as one may
	 * @throws jp.tsunagu.points.NotEnoughPoints when the price is more than the resident's balance
	 */
	@Transactional
	public CouponView obtain(AccountId resident, UUID campaignId, UUID key) {
		var campaign = coupons.lockCampaign(campaignId).orElseThrow(() -> new CampaignNotFound(campaignId.toString()));
		var earlier = coupons.coupon(key);
		if (earlier.isPresent()) {
			if (!earlier.get().resident().equals(resident) || !earlier.get().campaign().equals(campaignId)) {
				throw new CouponNotFound(key.toString());
			}
			return view(earlier.get(), campaign);
		}
		var area = residents.find(resident).map(Resident::area).orElse(null);
		if (!campaign.validAt(clock.instant()) || (campaign.area() != null && campaign.area() != area)) {
			throw new CampaignNotOffered(campaignId.toString());
		}
		if (campaign.left() <= 0) {
			throw new CampaignSoldOut(campaignId.toString());
		}
		if (coupons.held(campaignId, resident) >= campaign.perPerson()) {
			throw new CouponLimitReached(campaignId.toString());
		}
		var code = codes.newShortCode();
		while (coupons.shortCodeTaken(code)) {
			code = codes.newShortCode();
		}
		var coupon = new Coupon(key, campaignId, resident, code, clock.instant(), null, null);
		coupons.insert(coupon);
		coupons.countIssued(campaignId);
		if (!campaign.free()) {
			// the campaign's points account is opened by its first spend; the campaign's lock above
			// serialises first spends, so two never race to open it
			points.spend(resident, campaign.pricePoints(), "coupon:" + key, account(campaign), "COUPON",
					campaign.title(), "resident");
		}
		return view(coupon, campaign);
	}

	/** The resident's coupons, unused first, then newest first. */
	@Transactional(readOnly = true)
	public List<CouponView> held(AccountId resident) {
		var list = coupons.couponsOf(resident, 200);
		var campaigns = coupons.campaigns(list.stream().map(Coupon::campaign).distinct().toList()).stream()
			.collect(Collectors.toMap(Campaign::id, Function.identity()));
		var names = shopNames();
		return list.stream()
			.map(c -> view(c, campaigns.get(c.campaign()), names))
			.sorted(Comparator.comparing((CouponView v) -> v.coupon().used()))
			.toList();
	}

	/** The resident's unused coupons whose last day comes within {@code within}: for the home screen. */
	@Transactional(readOnly = true)
	public List<CouponView> endingSoon(AccountId resident, java.time.Duration within) {
		var now = clock.instant();
		return held(resident).stream()
			.filter(v -> !v.coupon().used() && v.campaign().validAt(now)
					&& v.campaign().validUntil().isBefore(now.plus(within)))
			.toList();
	}

	/** One of the resident's own coupons; anyone else's reads as not found. */
	@Transactional(readOnly = true)
	public CouponView heldBy(AccountId resident, String id) {
		var coupon = find(id);
		if (!coupon.coupon().resident().equals(resident)) {
			throw new CouponNotFound(id);
		}
		return coupon;
	}

	/** Any coupon, for the help desk (which audits who looked). */
	@Transactional(readOnly = true)
	public CouponView find(String id) {
		var coupon = coupons.coupon(uuid(id, CouponNotFound::new)).orElseThrow(() -> new CouponNotFound(id));
		return view(coupon, coupons.campaign(coupon.campaign()).orElseThrow());
	}

	/**
	 * What a till read or typed, checked as {@link #redeem} will check it, for the confirmation
	 * screen: this shop's or the city's, unused, within its period.
	 */
	@Transactional(readOnly = true)
	public CouponView identify(String typed, Shop shop) {
		var coupon = read(typed);
		var view = view(coupon, coupons.campaign(coupon.campaign()).orElseThrow());
		check(view, shop);
		return view;
	}

	/** Uses the coupon at the shop's till, once; announces {@link CouponRedeemed}. */
	@Transactional
	public CouponView redeem(String typed, Shop shop, AccountId till) {
		var read = read(typed);
		var coupon = coupons.lockCoupon(read.id()).orElseThrow();
		var campaign = coupons.campaign(coupon.campaign()).orElseThrow();
		check(view(coupon, campaign), shop);
		var now = clock.instant();
		if (!coupons.redeem(coupon.id(), now, shop.id(), till)) {
			var used = coupons.coupon(coupon.id()).orElseThrow();
			throw new CouponAlreadyUsed(used.redeemedAt(), shopNames().getOrDefault(used.redeemedShop(), "—"));
		}
		publisher.publishEvent(new CouponRedeemed(coupon.id(), campaign.id(), coupon.resident(), shop.id(), shop.name(), now));
		return view(coupons.coupon(coupon.id()).orElseThrow(), campaign);
	}

	/** What was used at the shop in the month (Japan's), in order: the settlement statement's lines. */
	@Transactional(readOnly = true)
	public List<Redemption> redemptions(UUID shop, YearMonth month) {
		return coupons.redemptions(shop, month.atDay(1).atStartOfDay(Tokyo.ZONE).toInstant(),
				month.plusMonths(1).atDay(1).atStartOfDay(Tokyo.ZONE).toInstant());
	}

	private void check(CouponView view, Shop shop) {
		var coupon = view.coupon();
		if (coupon.redeemedAt() != null) {
			throw new CouponAlreadyUsed(coupon.redeemedAt(), view.usedAt() == null ? "—" : view.usedAt());
		}
		if (view.campaign().shop() != null && !view.campaign().shop().equals(shop.id())) {
			throw new CouponNotForThisShop(coupon.id().toString());
		}
		if (!view.campaign().validAt(clock.instant())) {
			throw new CouponNotValid(view.campaign().validFrom(), view.campaign().validUntil());
		}
	}

	private Coupon read(String typed) {
		var read = codes.read(typed);
		var coupon = read.coupon() != null ? coupons.coupon(read.coupon()) : coupons.byShortCode(read.shortCode());
		return coupon.orElseThrow(() -> new CouponNotFound("no coupon with this code"));
	}

	private CouponView view(Coupon coupon, Campaign campaign) {
		return view(coupon, campaign, shopNames());
	}

	private CouponView view(Coupon coupon, Campaign campaign, Map<UUID, String> names) {
		return new CouponView(coupon, campaign, codes.qr(coupon.id()),
				campaign.shop() == null ? null : names.get(campaign.shop()),
				coupon.redeemedShop() == null ? null : names.get(coupon.redeemedShop()));
	}

	private Map<UUID, String> shopNames() {
		return shops.all().stream().collect(Collectors.toMap(Shop::id, Shop::name));
	}

	private static String account(Campaign campaign) {
		return "campaign:" + campaign.id();
	}

	private static UUID uuid(String id, Function<String, RuntimeException> notFound) {
		try {
			return UUID.fromString(id);
		}
		catch (IllegalArgumentException notAnId) {
			throw notFound.apply(id);
		}
	}
}
