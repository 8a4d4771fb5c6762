package jp.tsunagu.foodloss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;

import jp.tsunagu.TestDatabase;
import jp.tsunagu.activity.ActivityType;
import jp.tsunagu.activity.Timeline;
import jp.tsunagu.identity.AccountId;
import jp.tsunagu.identity.TestResidents;
import jp.tsunagu.residents.Area;
import jp.tsunagu.residents.Residents;
import jp.tsunagu.shops.Shops;

/**
 * The food-loss service with what it depends on (shops, residents, the timeline), on H2 or the
 * PostgreSQL of {@code -Dtsunagu.test.db.url}: stock never below zero, one open reservation per
 * resident and offer, pickups once, the release job idempotent.
 */
// with outreach, as in production: the residents these tests register get their audience rows, so
// tests after them on the same PostgreSQL database (SegmentReachTests) find every resident there
@ApplicationModuleTest(mode = ApplicationModuleTest.BootstrapMode.ALL_DEPENDENCIES, extraIncludes = { "platform", "outreach", "events" })
@TestPropertySource(properties = "tsunagu.demo.enabled=false")
@ContextConfiguration(initializers = TestDatabase.class)
class FoodLossModuleTests {

	@Autowired
	FoodLoss food;

	@Autowired
	UnclaimedRelease release;

	@Autowired
	Shops shops;

	@Autowired
	Residents residents;

	@Autowired
	Timeline timeline;

	@Test
	void whenAResidentReservesThenTheStockGoesDownAndASecondTapFindsTheSameReservation() {
		var offer = TestFood.bread(food, TestFood.shop(shops, Area.MOMIJIDAI), 5, 2);
		var hanako = resident();

		var first = food.reserve(offer.id(), hanako, 2);
		var again = food.reserve(offer.id(), hanako, 2);

		assertThat(again.id()).isEqualTo(first.id());
		assertThat(food.offer(offer.id(), hanako).offer().quantityLeft()).isEqualTo(3);
		assertThat(food.reservationsOf(hanako)).singleElement()
			.satisfies(v -> assertThat(v.reservation().status()).isEqualTo(ReservationStatus.RESERVED));
	}

	@Test
	void whenMoreAreAskedForThanLeftOrThanOnePersonMayHaveThenNothingIsTaken() {
		var offer = TestFood.bread(food, TestFood.shop(shops, Area.MOMIJIDAI), 3, 2);
		assertThatThrownBy(() -> food.reserve(offer.id(), resident(), 3)).isInstanceOf(FoodLimitReached.class);
		food.reserve(offer.id(), resident(), 2);
		assertThatThrownBy(() -> food.reserve(offer.id(), resident(), 2)).isInstanceOf(FoodSoldOut.class)
			.satisfies(e -> assertThat(((FoodSoldOut) e).left()).isEqualTo(1));
		assertThatThrownBy(() -> food.reserve(offer.id(), resident(), 0)).isInstanceOf(FoodQuantityRefused.class);
		assertThatThrownBy(() -> food.reserve(java.util.UUID.randomUUID(), resident(), 1))
			.isInstanceOf(FoodOfferNotFound.class);
		assertThat(left(offer)).isEqualTo(1);
	}

	@Test
	void whenTwentyResidentsReserveFiveItemsAtOnceThenExactlyFiveGetOne() throws Exception {
		var offer = TestFood.bread(food, TestFood.shop(shops, Area.MOMIJIDAI), 5, 1);
		var people = new ArrayList<AccountId>();
		for (int i = 0; i < 20; i++) {
			people.add(resident());
		}
		var start = new CountDownLatch(1);
		var results = new ArrayList<Future<Reservation>>();
		try (var pool = Executors.newFixedThreadPool(20)) {
			for (var person : people) {
				results.add(pool.submit(() -> {
					start.await();
					return food.reserve(offer.id(), person, 1);
				}));
			}
			start.countDown();
			int reserved = 0;
			int soldOut = 0;
			for (var result : results) {
				try {
					result.get();
					reserved++;
				}
				catch (ExecutionException ex) {
					assertThat(ex.getCause()).isInstanceOf(FoodSoldOut.class);
					soldOut++;
				}
			}
			assertThat(reserved).isEqualTo(5);
			assertThat(soldOut).isEqualTo(15);
		}
		assertThat(left(offer)).isZero();
	}

	@Test
	void whenTheResidentCancelsThenTheItemsGoBackAndAnotherResidentCannotCancelIt() {
		var offer = TestFood.bread(food, TestFood.shop(shops, Area.MOMIJIDAI), 4, 2);
		var hanako = resident();
		var reservation = food.reserve(offer.id(), hanako, 2);

		assertThatThrownBy(() -> food.cancel(reservation.id(), resident())).isInstanceOf(FoodReservationNotFound.class);
		assertThatThrownBy(() -> food.reservation(reservation.id(), resident())).isInstanceOf(FoodReservationNotFound.class);
		assertThat(left(offer)).isEqualTo(2);

		assertThat(food.cancel(reservation.id(), hanako)).isTrue();
		assertThat(food.cancel(reservation.id(), hanako)).as("cancelled once").isFalse();
		assertThat(left(offer)).isEqualTo(4);
		assertThat(food.reserve(offer.id(), hanako, 1).id()).as("a new reservation after cancelling")
			.isNotEqualTo(reservation.id());
	}

	@Test
	void whenTheShopMarksAPickupTwiceThenItIsOneOutingOnTheTimelineAndAnotherShopCannotMarkIt() {
		var shop = TestFood.shop(shops, Area.MOMIJIDAI);
		var offer = TestFood.bread(food, shop, 4, 2);
		var hanako = resident();
		var reservation = food.reserve(offer.id(), hanako, 1);

		assertThatThrownBy(() -> food.pickUp(TestFood.shop(shops, Area.AOBA), reservation.id(), "shop:other"))
			.isInstanceOf(FoodReservationNotFound.class);
		var first = food.pickUp(shop, reservation.id(), "shop:till-1");
		var second = food.pickUp(shop, reservation.id(), "shop:till-2");

		assertThat(first.now()).isTrue();
		assertThat(second.now()).isFalse();
		assertThat(second.reservation().status()).isEqualTo(ReservationStatus.PICKED_UP);
		assertThat(timeline.latest(hanako, 10)).singleElement().satisfies(a -> {
			assertThat(a.type()).isEqualTo(ActivityType.FOOD_PICKUP);
			assertThat(a.place()).isEqualTo(shop.name());
		});
		assertThat(timeline.summary(hanako).outingsThisMonth()).as("a pickup is an outing").isEqualTo(1);
		assertThatThrownBy(() -> food.reserve(offer.id(), hanako, 2)).as("one picked up of two allowed")
			.isInstanceOf(FoodLimitReached.class);
	}

	@Test
	void whenTheWindowHasEndedThenTheReleaseJobReleasesWhatWasNotPickedUpOnceAndOnlyThat() {
		var shop = TestFood.shop(shops, Area.MOMIJIDAI);
		var offer = TestFood.bread(food, shop, 5, 2);
		var waiting = food.reserve(offer.id(), resident(), 2);
		var collected = food.reserve(offer.id(), resident(), 1);
		var cancelled = food.reserve(offer.id(), resident(), 1);
		food.pickUp(shop, collected.id(), "shop:till");
		food.cancel(cancelled.id(), cancelled.resident());

		release.release(offer.pickupUntil().minusSeconds(1));
		assertThat(status(waiting)).as("still open").isEqualTo(ReservationStatus.RESERVED);
		var after = offer.pickupUntil().plus(Duration.ofMinutes(5));
		assertThat(release.release(after)).isGreaterThanOrEqualTo(1);
		assertThat(release.release(after)).as("a second run changes nothing").isZero();

		assertThat(status(waiting)).isEqualTo(ReservationStatus.RELEASED);
		assertThat(status(collected)).isEqualTo(ReservationStatus.PICKED_UP);
		assertThat(status(cancelled)).isEqualTo(ReservationStatus.CANCELLED);
		assertThatThrownBy(() -> food.pickUp(shop, waiting.id(), "shop:till")).isInstanceOf(FoodReservationNotActive.class);
	}

	@Test
	void whenAShopPostsWhatCannotBeThenItIsRefusedAndNothingIsStored() {
		var shop = TestFood.shop(shops, Area.SHIN_SAPPORO);
		var from = Instant.now().truncatedTo(ChronoUnit.MINUTES);
		var until = from.plus(Duration.ofHours(2));
		record Bad(FoodOfferDraft draft, String field) {
		}
		for (var bad : List.of(new Bad(new FoodOfferDraft("パン", -1, 1, 0, from, until, null, null), "quantity"),
				new Bad(new FoodOfferDraft("パン", 1_000_000, 1, 0, from, until, null, null), "quantity"),
				new Bad(new FoodOfferDraft("パン", 3, 1, -100, from, until, null, null), "priceYen"),
				new Bad(new FoodOfferDraft("パン", 3, 1, Integer.MAX_VALUE, from, until, null, null), "priceYen"),
				new Bad(new FoodOfferDraft("パン", 3, 4, 0, from, until, null, null), "perResidentLimit"),
				new Bad(new FoodOfferDraft("パン", 3, 1, 0, until, from, null, null), "pickupUntil"),
				new Bad(new FoodOfferDraft("パン", 3, 1, 0, from.minus(Duration.ofHours(5)), from.minusSeconds(60), null, null),
						"pickupUntil"),
				new Bad(new FoodOfferDraft(" ", 3, 1, 0, from, until, null, null), "itemName"),
				new Bad(new FoodOfferDraft("パ".repeat(101), 3, 1, 0, from, until, null, null), "itemName"),
				new Bad(new FoodOfferDraft("パン", 3, 1, 0, from, until, "メ".repeat(301), null), "note"))) {
			assertThatThrownBy(() -> food.post(shop, bad.draft(), "shop:test")).as(bad.field())
				.isInstanceOfSatisfying(FoodOfferRefused.class, e -> assertThat(e.field()).isEqualTo(bad.field()));
		}
		assertThat(food.offersOf(shop)).isEmpty();
	}

	@Test
	void whenAPhotoIsPostedThenOnlyASmallJpegOrPngIsTakenWithTheTypeItsBytesSay() {
		var png = new byte[] { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0 };
		assertThat(Photo.of(png).contentType()).isEqualTo("image/png");
		assertThat(Photo.of(new byte[] { (byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0 }).contentType())
			.isEqualTo("image/jpeg");
		assertThatThrownBy(() -> Photo.of("<svg onload=alert(1)>".getBytes())).isInstanceOf(FoodPhotoRefused.class);
		assertThatThrownBy(() -> Photo.of(new byte[0])).isInstanceOf(FoodPhotoRefused.class);
		var huge = new byte[Photo.MAX_BYTES + 1];
		System.arraycopy(png, 0, huge, 0, png.length);
		assertThatThrownBy(() -> Photo.of(huge)).isInstanceOf(FoodPhotoRefused.class);

		var shop = TestFood.shop(shops, Area.MOMIJIDAI);
		var from = Instant.now();
		var offer = food.post(shop, new FoodOfferDraft("おにぎり", 2, 1, 100, from, from.plus(Duration.ofHours(1)), null,
				Photo.of(png)), "shop:test");
		assertThat(offer.hasPhoto()).isTrue();
		assertThat(food.photo(offer.id())).hasValueSatisfying(p -> {
			assertThat(p.contentType()).isEqualTo("image/png");
			assertThat(p.bytes()).isEqualTo(png);
		});
	}

	@Test
	void whenAResidentLooksThenOffersFromTheirOwnAreaComeFirst() {
		var far = TestFood.bread(food, TestFood.shop(shops, Area.SHIN_SAPPORO), 3, 1);
		var near = TestFood.bread(food, TestFood.shop(shops, Area.MOMIJIDAI), 3, 1);
		var list = food.offersFor(resident()).stream().map(v -> v.offer().id()).toList();
		assertThat(list).contains(near.id(), far.id());
		assertThat(list.indexOf(near.id())).isLessThan(list.indexOf(far.id()));
	}

	private AccountId resident() {
		return TestResidents.hanako(residents).resident().account();
	}

	private int left(FoodOffer offer) {
		return food.offer(offer.id(), resident()).offer().quantityLeft();
	}

	private ReservationStatus status(Reservation reservation) {
		return food.reservation(reservation.id(), reservation.resident()).reservation().status();
	}
}
