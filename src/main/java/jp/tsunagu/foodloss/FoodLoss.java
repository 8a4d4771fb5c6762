package jp.tsunagu.foodloss;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import jp.tsunagu.activity.ActivityReport;
import jp.tsunagu.activity.ActivitySource;
import jp.tsunagu.activity.ActivityType;
import jp.tsunagu.activity.Timeline;
import jp.tsunagu.foodloss.internal.FoodRepository;
import jp.tsunagu.identity.AccountId;
import jp.tsunagu.residents.Area;
import jp.tsunagu.residents.Resident;
import jp.tsunagu.residents.Residents;
import jp.tsunagu.shops.Shop;
import jp.tsunagu.shops.Shops;

/**
 * Posting offers, reserving, cancelling, marking pickups. Reservations of one offer take turns on
 * the offer's row lock, and the stock is taken by a conditional update besides, so however many
 * residents press 「予約する」 at once the stock never goes below zero; a resident has at most one open
 * reservation of an offer (a double tap finds the first) and never more than its per-resident limit.
 * A pickup is an outing on the resident's timeline, recorded once.
 */
@Service
public class FoodLoss {

	/** Longest window a shop may post and how far ahead it may start: surplus is for today or tomorrow. */
	static final Duration LONGEST_WINDOW = Duration.ofDays(2);

	static final Duration FURTHEST_START = Duration.ofDays(7);

	private final FoodRepository food;

	private final Shops shops;

	private final Residents residents;

	private final Timeline timeline;

	private final Clock clock;

	FoodLoss(FoodRepository food, Shops shops, Residents residents, Timeline timeline, Clock clock) {
		this.food = food;
		this.shops = shops;
		this.residents = residents;
		this.timeline = timeline;
		this.clock = clock;
	}

	/** Posts an offer for the shop, after the same checks as its form (a caller may skip the form). */
	@Transactional
	public FoodOffer post(Shop shop, FoodOfferDraft draft, String actor) {
		var now = clock.instant();
		refuseUnless(!draft.itemName().isBlank() && draft.itemName().strip().length() <= 100, "itemName", "food.item.invalid");
		refuseUnless(draft.quantity() >= 1 && draft.quantity() <= 999, "quantity", "food.quantity.range");
		refuseUnless(draft.perResidentLimit() >= 1 && draft.perResidentLimit() <= draft.quantity(), "perResidentLimit",
				"food.limit.range");
		refuseUnless(draft.priceYen() >= 0 && draft.priceYen() <= 100_000, "priceYen", "food.price.range");
		refuseUnless(draft.pickupUntil().isAfter(draft.pickupFrom()), "pickupUntil", "food.window.order");
		refuseUnless(draft.pickupUntil().isAfter(now), "pickupUntil", "food.window.past");
		refuseUnless(!draft.pickupFrom().isAfter(now.plus(FURTHEST_START)), "pickupDay", "food.window.far");
		refuseUnless(!Duration.between(draft.pickupFrom(), draft.pickupUntil()).minus(LONGEST_WINDOW).isPositive(),
				"pickupUntil", "food.window.long");
		var note = draft.note() == null || draft.note().isBlank() ? null : draft.note().strip();
		refuseUnless(note == null || note.length() <= 300, "note", "food.note.long");
		var offer = new FoodOffer(UUID.randomUUID(), shop.id(), draft.itemName().strip(), draft.quantity(), draft.quantity(),
				draft.perResidentLimit(), draft.priceYen(), draft.pickupFrom(), draft.pickupUntil(), note,
				draft.photo() != null, now, actor);
		food.insert(offer);
		if (draft.photo() != null) {
			food.insertPhoto(offer.id(), draft.photo());
		}
		return offer;
	}

	/** Offers still open, the resident's own area first, then the others; soonest pickup first within each. */
	@Transactional(readOnly = true)
	public List<OfferView> offersFor(AccountId resident) {
		var area = residents.find(resident).map(Resident::area).orElse(null);
		var offers = food.open(clock.instant(), 200);
		var views = views(offers, resident, area);
		return views.stream()
			.filter(v -> v.offer().quantityLeft() > 0 || v.mine() != null)
			.sorted(Comparator.comparing((OfferView v) -> !v.nearby()))
			.toList();
	}

	@Transactional(readOnly = true)
	public OfferView offer(UUID id, AccountId resident) {
		var offer = food.find(id).orElseThrow(FoodOfferNotFound::new);
		var area = residents.find(resident).map(Resident::area).orElse(null);
		return views(List.of(offer), resident, area).getFirst();
	}

	/** An offer of this shop (another shop's is not found). */
	@Transactional(readOnly = true)
	public FoodOffer offerOf(Shop shop, UUID id) {
		return food.find(id).filter(o -> o.shopId().equals(shop.id())).orElseThrow(FoodOfferNotFound::new);
	}

	@Transactional(readOnly = true)
	public java.util.Optional<Photo> photo(UUID offer) {
		return food.photo(offer);
	}

	/**
	 * Reserves {@code quantity} of the offer for the resident, or finds the open reservation they
	 * already have of it (a double tap reserves once).
	 */
	@Transactional
	public Reservation reserve(UUID offerId, AccountId resident, int quantity) {
		if (quantity < 1 || quantity > 999) {
			throw new FoodQuantityRefused();
		}
		if (residents.find(resident).isEmpty()) {
			throw new FoodForResidentsOnly();
		}
		var offer = food.lock(offerId).orElseThrow(FoodOfferNotFound::new);
		var now = clock.instant();
		if (!offer.openAt(now)) {
			throw new FoodPickupOver();
		}
		var theirs = food.of(offerId, resident);
		var open = theirs.stream().filter(r -> r.status() == ReservationStatus.RESERVED).findFirst();
		if (open.isPresent()) {
			return open.get();
		}
		int already = theirs.stream().filter(r -> r.status() == ReservationStatus.PICKED_UP).mapToInt(Reservation::quantity).sum();
		if (already + quantity > offer.perResidentLimit()) {
			throw new FoodLimitReached(offer.perResidentLimit());
		}
		if (!food.take(offerId, quantity)) {
			throw new FoodSoldOut(food.find(offerId).map(FoodOffer::quantityLeft).orElse(0));
		}
		var reservation = new Reservation(UUID.randomUUID(), offerId, resident, quantity, ReservationStatus.RESERVED, now, now);
		food.insert(reservation);
		return reservation;
	}

	/** The resident's own reservation (another's is not found), with its offer and shop. */
	@Transactional(readOnly = true)
	public ReservationView reservation(UUID id, AccountId resident) {
		var reservation = food.reservation(id).filter(r -> r.resident().equals(resident))
			.orElseThrow(FoodReservationNotFound::new);
		var offer = food.find(reservation.offerId()).orElseThrow(FoodOfferNotFound::new);
		return new ReservationView(reservation, offer, shops.find(offer.shopId()), "");
	}

	/** The resident's open reservations and those of the last week, newest first. */
	@Transactional(readOnly = true)
	public List<ReservationView> reservationsOf(AccountId resident) {
		var list = food.ofResident(resident, clock.instant().minus(Duration.ofDays(7)));
		var offers = byId(food.withIds(list.stream().map(Reservation::offerId).distinct().toList()));
		var shopList = shopsById();
		return list.stream()
			.sorted(Comparator.comparing((Reservation r) -> r.status() != ReservationStatus.RESERVED))
			.map(r -> {
				var offer = offers.get(r.offerId());
				return new ReservationView(r, offer, shopList.get(offer.shopId()), "");
			})
			.toList();
	}

	/** Cancels the resident's open reservation; the items go back into stock while the window is open. */
	@Transactional
	public boolean cancel(UUID id, AccountId resident) {
		var reservation = food.reservation(id).filter(r -> r.resident().equals(resident))
			.orElseThrow(FoodReservationNotFound::new);
		var offer = food.lock(reservation.offerId()).orElseThrow(FoodOfferNotFound::new);
		var now = clock.instant();
		if (!food.change(id, ReservationStatus.RESERVED, ReservationStatus.CANCELLED, now, "")) {
			return false;
		}
		if (offer.openAt(now)) {
			food.giveBack(offer.id(), reservation.quantity());
		}
		return true;
	}

	/** A shop's offers of the last two days and those still open, newest first. */
	@Transactional(readOnly = true)
	public List<FoodOffer> offersOf(Shop shop) {
		return food.ofShop(shop.id(), clock.instant().minus(Duration.ofDays(2)));
	}

	/** Who reserved this offer of the shop, with their names to call at the counter. */
	@Transactional(readOnly = true)
	public List<ReservationView> reservationsFor(Shop shop, UUID offerId) {
		var offer = offerOf(shop, offerId);
		var list = food.ofOffer(offerId);
		var names = residents.findAll(list.stream().map(Reservation::resident).distinct().toList());
		return list.stream()
			.map(r -> new ReservationView(r, offer, shop,
					names.containsKey(r.resident()) ? names.get(r.resident()).name() : "—"))
			.toList();
	}

	/**
	 * The shop hands the items over: marked once (a second mark, from any till, answers that it was
	 * already picked up), and reported to the resident's timeline as an outing, once.
	 */
	@Transactional
	public Pickup pickUp(Shop shop, UUID reservationId, String actor) {
		var reservation = food.reservation(reservationId).orElseThrow(FoodReservationNotFound::new);
		var offer = food.find(reservation.offerId()).filter(o -> o.shopId().equals(shop.id()))
			.orElseThrow(FoodReservationNotFound::new);
		var now = clock.instant();
		if (!food.change(reservationId, ReservationStatus.RESERVED, ReservationStatus.PICKED_UP, now, actor)) {
			var current = food.reservation(reservationId).orElseThrow(FoodReservationNotFound::new);
			if (current.status() == ReservationStatus.PICKED_UP) {
				return new Pickup(current, false);
			}
			throw new FoodReservationNotActive(current.status());
		}
		timeline.record(new ActivityReport(reservation.resident(), ActivityType.FOOD_PICKUP, now, shop.name(),
				ActivitySource.STAFF, "shop:" + shop.id(), "food-pickup:" + reservationId));
		return new Pickup(food.reservation(reservationId).orElseThrow(), true);
	}

	/** Releases what was not picked up by the end of its window; running it again changes nothing. */
	@Transactional
	public int releaseUnclaimed(Instant now) {
		return food.releaseEnded(now);
	}

	private List<OfferView> views(List<FoodOffer> offers, AccountId resident, @Nullable Area area) {
		var shopList = shopsById();
		var mine = food.ofResidentOpen(resident, offers.stream().map(FoodOffer::id).toList()).stream()
			.collect(Collectors.groupingBy(Reservation::offerId));
		return offers.stream().map(o -> {
			var shop = shopList.get(o.shopId());
			var theirs = mine.getOrDefault(o.id(), List.of());
			var open = theirs.stream().filter(r -> r.status() == ReservationStatus.RESERVED).findFirst().orElse(null);
			int taken = theirs.stream().mapToInt(Reservation::quantity).sum();
			int reservable = open != null ? 0 : Math.max(0, Math.min(o.quantityLeft(), o.perResidentLimit() - taken));
			return new OfferView(o, shop, area != null && shop.area() == area, open, reservable);
		}).toList();
	}

	private Map<UUID, Shop> shopsById() {
		return shops.all().stream().collect(Collectors.toMap(Shop::id, Function.identity()));
	}

	private static Map<UUID, FoodOffer> byId(List<FoodOffer> offers) {
		return offers.stream().collect(Collectors.toMap(FoodOffer::id, Function.identity()));
	}

	private static void refuseUnless(boolean fine, String field, String code) {
		if (!fine) {
			throw new FoodOfferRefused(field, code);
		}
	}
}
