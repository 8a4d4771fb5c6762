package jp.tsunagu.foodloss.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import jp.tsunagu.foodloss.FoodOffer;
import jp.tsunagu.foodloss.Photo;
import jp.tsunagu.foodloss.Reservation;
import jp.tsunagu.foodloss.ReservationStatus;
import jp.tsunagu.identity.AccountId;
import jp.tsunagu.platform.Tokyo;

/** Offers, their photos and reservations. Stock moves only through {@link #take} and {@link #giveBack}. */
@Repository
public class FoodRepository {

	private static final String OFFER = "o.id, o.shop_id, o.item_name, o.quantity, o.quantity_left, o.per_resident_limit,"
			+ " o.price_yen, o.pickup_from, o.pickup_until, o.note, o.posted_at, o.posted_by,"
			+ " (SELECT COUNT(*) FROM food_offer_photo p WHERE p.offer_id = o.id) AS photos";

	private final JdbcClient jdbc;

	FoodRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public void insert(FoodOffer offer) {
		jdbc.sql("INSERT INTO food_offer (id, shop_id, item_name, quantity, quantity_left, per_resident_limit, price_yen,"
				+ " pickup_from, pickup_until, note, posted_at, posted_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			.params(offer.id(), offer.shopId(), offer.itemName(), offer.quantity(), offer.quantityLeft(),
					offer.perResidentLimit(), offer.priceYen(), Tokyo.utc(offer.pickupFrom()), Tokyo.utc(offer.pickupUntil()),
					offer.note(), Tokyo.utc(offer.postedAt()), offer.postedBy())
			.update();
	}

	public void insertPhoto(UUID offer, Photo photo) {
		jdbc.sql("INSERT INTO food_offer_photo (offer_id, content_type, bytes) VALUES (?, ?, ?)")
			.params(offer, photo.contentType(), photo.bytes())
			.update();
	}

	public Optional<Photo> photo(UUID offer) {
		return jdbc.sql("SELECT content_type, bytes FROM food_offer_photo WHERE offer_id = ?")
			.param(offer)
			.query((rs, i) -> new Photo(rs.getString(1), rs.getBytes(2)))
			.optional();
	}

	public Optional<FoodOffer> find(UUID id) {
		return jdbc.sql("SELECT " + OFFER + " FROM food_offer o WHERE o.id = ?").param(id).query(this::toOffer).optional();
	}

	/** The offer, its row locked until the transaction ends: reservations of one offer take turns. */
	public Optional<FoodOffer> lock(UUID id) {
		jdbc.sql("SELECT id FROM food_offer WHERE id = ? FOR UPDATE").param(id).query(UUID.class).optional();
		return find(id);
	}

	/** Offers whose pickup window has not ended, soonest first. */
	public List<FoodOffer> open(Instant now, int limit) {
		return jdbc.sql("SELECT " + OFFER + " FROM food_offer o WHERE o.pickup_until > ? ORDER BY o.pickup_from, o.item_name"
				+ " LIMIT " + limit)
			.param(Tokyo.utc(now))
			.query(this::toOffer)
			.list();
	}

	/** A shop's offers whose window ended after {@code since}, newest first. */
	public List<FoodOffer> ofShop(UUID shop, Instant since) {
		return jdbc.sql("SELECT " + OFFER + " FROM food_offer o WHERE o.shop_id = ? AND o.pickup_until > ?"
				+ " ORDER BY o.pickup_from DESC LIMIT 100")
			.params(shop, Tokyo.utc(since))
			.query(this::toOffer)
			.list();
	}

	public List<FoodOffer> withIds(Collection<UUID> ids) {
		if (ids.isEmpty()) {
			return List.of();
		}
		return jdbc.sql("SELECT " + OFFER + " FROM food_offer o WHERE o.id IN (:ids)").param("ids", ids).query(this::toOffer).list();
	}

	/** Takes {@code quantity} from the stock if that many are left; never below zero, whoever else is taking. */
	public boolean take(UUID offer, int quantity) {
		return jdbc.sql("UPDATE food_offer SET quantity_left = quantity_left - ? WHERE id = ? AND quantity_left >= ?")
			.params(quantity, offer, quantity)
			.update() == 1;
	}

	public void giveBack(UUID offer, int quantity) {
		jdbc.sql("UPDATE food_offer SET quantity_left = quantity_left + ? WHERE id = ? AND quantity_left + ? <= quantity")
			.params(quantity, offer, quantity)
			.update();
	}

	public void insert(Reservation reservation) {
		jdbc.sql("INSERT INTO food_reservation (id, offer_id, resident, quantity, status, reserved_at, changed_at)"
				+ " VALUES (?, ?, ?, ?, ?, ?, ?)")
			.params(reservation.id(), reservation.offerId(), reservation.resident().value(), reservation.quantity(),
					reservation.status().name(), Tokyo.utc(reservation.reservedAt()), Tokyo.utc(reservation.changedAt()))
			.update();
	}

	public Optional<Reservation> reservation(UUID id) {
		return jdbc.sql("SELECT * FROM food_reservation WHERE id = ?").param(id).query(this::toReservation).optional();
	}

	/** The resident's reservations of this offer, oldest first. */
	public List<Reservation> of(UUID offer, AccountId resident) {
		return jdbc.sql("SELECT * FROM food_reservation WHERE offer_id = ? AND resident = ? ORDER BY reserved_at")
			.params(offer, resident.value())
			.query(this::toReservation)
			.list();
	}

	/** The resident's reservations changed since {@code since} or still open, newest first. */
	public List<Reservation> ofResident(AccountId resident, Instant since) {
		return jdbc.sql("SELECT * FROM food_reservation WHERE resident = ? AND (status = 'RESERVED' OR changed_at > ?)"
				+ " ORDER BY reserved_at DESC LIMIT 50")
			.params(resident.value(), Tokyo.utc(since))
			.query(this::toReservation)
			.list();
	}

	public List<Reservation> ofResidentOpen(AccountId resident, Collection<UUID> offers) {
		if (offers.isEmpty()) {
			return List.of();
		}
		return jdbc.sql("SELECT * FROM food_reservation WHERE resident = :resident AND offer_id IN (:offers)"
				+ " AND status IN ('RESERVED', 'PICKED_UP')")
			.param("resident", resident.value())
			.param("offers", offers)
			.query(this::toReservation)
			.list();
	}

	public List<Reservation> ofOffer(UUID offer) {
		return jdbc.sql("SELECT * FROM food_reservation WHERE offer_id = ? ORDER BY reserved_at")
			.param(offer)
			.query(this::toReservation)
			.list();
	}

	/** Moves a reservation on only from the status it was read in, so two tills cannot both hand it over. */
	public boolean change(UUID reservation, ReservationStatus from, ReservationStatus to, Instant at, String by) {
		return jdbc.sql("UPDATE food_reservation SET status = ?, changed_at = ?, picked_up_by = ? WHERE id = ? AND status = ?")
			.params(to.name(), Tokyo.utc(at), to == ReservationStatus.PICKED_UP ? by : null, reservation, from.name())
			.update() == 1;
	}

	/** Releases every reservation still open when its offer's window ended at or before {@code now}. */
	public int releaseEnded(Instant now) {
		return jdbc.sql("UPDATE food_reservation SET status = 'RELEASED', changed_at = ? WHERE status = 'RESERVED'"
				+ " AND offer_id IN (SELECT id FROM food_offer WHERE pickup_until <= ?)")
			.params(Tokyo.utc(now), Tokyo.utc(now))
			.update();
	}

	private FoodOffer toOffer(ResultSet rs, int row) throws SQLException {
		return new FoodOffer(rs.getObject("id", UUID.class), rs.getObject("shop_id", UUID.class), rs.getString("item_name"),
				rs.getInt("quantity"), rs.getInt("quantity_left"), rs.getInt("per_resident_limit"), rs.getInt("price_yen"),
				instant(rs, "pickup_from"), instant(rs, "pickup_until"), rs.getString("note"), rs.getLong("photos") > 0,
				instant(rs, "posted_at"), rs.getString("posted_by"));
	}

	private Reservation toReservation(ResultSet rs, int row) throws SQLException {
		return new Reservation(rs.getObject("id", UUID.class), rs.getObject("offer_id", UUID.class),
				new AccountId(rs.getObject("resident", UUID.class)), rs.getInt("quantity"),
				ReservationStatus.valueOf(rs.getString("status")), instant(rs, "reserved_at"), instant(rs, "changed_at"));
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		return rs.getObject(column, OffsetDateTime.class).toInstant();
	}
}
