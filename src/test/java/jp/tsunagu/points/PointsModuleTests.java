package jp.tsunagu.points;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.Scenario;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;

import jp.tsunagu.TestDatabase;
import jp.tsunagu.activity.ActivityRecorded;
import jp.tsunagu.activity.ActivityType;
import jp.tsunagu.identity.AccountId;
import jp.tsunagu.points.internal.Ledger;

/**
 * The points module with what it depends on: an activity on the timeline earns its points once,
 * however often it is announced, within the caps; and under many threads of awards the journal
 * sums to zero and every balance is the sum of its lines.
 */
@ApplicationModuleTest(mode = ApplicationModuleTest.BootstrapMode.ALL_DEPENDENCIES, extraIncludes = "platform")
@TestPropertySource(properties = "tsunagu.demo.enabled=false")
@ContextConfiguration(initializers = TestDatabase.class)
class PointsModuleTests {

	@Autowired
	Points points;

	@Autowired
	Ledger ledger;

	@Test
	void whenAnActivityIsAnnouncedTwiceThenItEarnsItsPointsOnce(Scenario scenario) {
		var resident = new AccountId(UUID.randomUUID());
		var checkIn = new ActivityRecorded(UUID.randomUUID(), resident, ActivityType.CHECK_IN,
				Instant.now().truncatedTo(ChronoUnit.SECONDS));

		scenario.publish(checkIn).andWaitForStateChange(() -> points.balance(resident), b -> b > 0)
			.andVerify(balance -> assertThat(balance).as("a check-in earns 10").isEqualTo(10));
		scenario.publish(checkIn).andWaitForStateChange(() -> points.history(resident, 10), h -> true)
			.andVerify(history -> assertThat(history).as("redelivered: nothing twice").singleElement()
				.satisfies(entry -> {
					assertThat(entry.amount()).isEqualTo(10);
					assertThat(entry.reason()).isEqualTo("CHECK_IN");
				}));
		assertThat(points.award(resident, ActivityType.CHECK_IN, checkIn.activity(), checkIn.occurredAt())).isZero();
		assertThat(points.balance(resident)).isEqualTo(10);
	}

	@Test
	void whenAResidentDoesTheSameManyTimesADayThenTheDailyCapHolds() {
		var resident = new AccountId(UUID.randomUUID());
		var now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		long total = 0;
		for (int i = 0; i < 3; i++) {
			total += points.award(resident, ActivityType.EVENT_ATTENDED, UUID.randomUUID(), now);
		}
		assertThat(total).as("30 each, 60 a day at most").isEqualTo(60);
		assertThat(points.award(resident, ActivityType.TABLET_LOGIN, UUID.randomUUID(), now))
			.as("a tablet login earns nothing").isZero();
		assertThat(points.balance(resident)).isEqualTo(60);
	}

	@Test
	void whenAResidentSpendsThenOnlyWhatTheyHoldMovesAndOncePerSource() {
		var resident = new AccountId(UUID.randomUUID());
		points.award(resident, ActivityType.EVENT_ATTENDED, UUID.randomUUID(), Instant.now());
		var source = "test-spend:" + UUID.randomUUID();

		var first = points.spend(resident, 20, source, "shop:test", "COUPON", "a coffee", "test");
		var again = points.spend(resident, 20, source, "shop:test", "COUPON", "a coffee", "test");

		assertThat(again).as("the same source spends once").isEqualTo(first);
		assertThat(points.balance(resident)).isEqualTo(10);
		org.assertj.core.api.Assertions
			.assertThatThrownBy(() -> points.spend(resident, 11, "test-spend:" + UUID.randomUUID(), "shop:test",
					"COUPON", "too much", "test"))
			.isInstanceOf(NotEnoughPoints.class);
		org.assertj.core.api.Assertions
			.assertThatThrownBy(() -> points.spend(resident, -5, "test-spend:" + UUID.randomUUID(), "shop:test",
					"COUPON", "negative", "test"))
			.isInstanceOf(PointsAmountRefused.class);
		assertThat(points.balance(resident)).as("refused spends move nothing").isEqualTo(10);

		points.correct(resident, -10, "二重に付与したため", "staff");
		assertThat(points.balance(resident)).isZero();
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> points.correct(resident, -1, "なし", "staff"))
			.isInstanceOf(NotEnoughPoints.class);
		assertThat(ledger.consistency().sumOfAllLines()).isZero();
		assertThat(ledger.consistency().accountsWhoseBalanceDiffers()).isZero();
	}

	@Test
	void whenTheNextFiscalYearEndsThenWhatWasEarnedTheYearBeforeAndNotUsedLapsesOnce() {
		var resident = new AccountId(UUID.randomUUID());
		// fiscal 2024 (January 2025): lapses at the end of fiscal 2025, when fiscal 2026 begins on 1 April 2026
		points.award(resident, ActivityType.EVENT_ATTENDED, UUID.randomUUID(), Instant.parse("2025-01-10T01:00:00Z"));
		points.award(resident, ActivityType.CHECK_IN, UUID.randomUUID(), Instant.parse("2025-01-11T01:00:00Z"));
		// fiscal 2025 (May 2025): stays until the end of fiscal 2026
		points.award(resident, ActivityType.FARM_WORK, UUID.randomUUID(), Instant.parse("2025-05-20T01:00:00Z"));
		points.spend(resident, 15, "test-spend:" + UUID.randomUUID(), "shop:test", "COUPON", "coffee", "test");
		assertThat(points.balance(resident)).isEqualTo(30 + 10 + 20 - 15);

		var turn = Instant.parse("2026-03-31T15:10:00Z"); // 1 April 2026, 00:10 in Japan
		points.expire(turn);
		points.expire(turn);

		assertThat(points.balance(resident)).as("the 40 of fiscal 2024, less the 15 used from them, lapse once")
			.isEqualTo(20);
		assertThat(points.history(resident, 10)).filteredOn(e -> e.kind().equals("EXPIRY"))
			.singleElement()
			.satisfies(e -> assertThat(e.amount()).isEqualTo(-25));
		assertThat(ledger.consistency().sumOfAllLines()).isZero();
	}

	@Autowired
	org.springframework.context.ApplicationEventPublisher events;

	@Autowired
	org.springframework.transaction.support.TransactionTemplate tx;

	@Autowired
	org.springframework.jdbc.core.simple.JdbcClient jdbc;

	/**
	 * A Bundle of Observations awards each in one transaction, which reads the rules and the day's
	 * campaigns once and locks the resident once: the caps still hold within it, and a campaign the
	 * transaction starts itself counts for the awards after it.
	 */
	@Test
	void whenManyAwardsShareOneTransactionThenCapsAndCampaignsHoldAsForSeparateOnes() {
		var first = new AccountId(UUID.randomUUID());
		var second = new AccountId(UUID.randomUUID());
		var now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		var today = jp.tsunagu.platform.Tokyo.day(now);
		tx.executeWithoutResult(status -> {
			long total = 0;
			for (int i = 0; i < 3; i++) {
				total += points.award(first, ActivityType.EVENT_ATTENDED, UUID.randomUUID(), now);
			}
			assertThat(total).as("30 each, 60 a day at most, in one transaction too").isEqualTo(60);
			assertThat(points.balance(first)).isEqualTo(60);
			long before = points.award(first, ActivityType.FARM_WORK, UUID.randomUUID(), now);
			assertThat(before).isPositive();
			points.startCampaign("two-fold farm work", ActivityType.FARM_WORK, null, null, today, today, 200, "test");
			assertThat(points.award(second, ActivityType.FARM_WORK, UUID.randomUUID(), now))
				.as("the campaign started in this transaction counts").isEqualTo(2 * before);
			status.setRollbackOnly();
		});
		assertThat(points.balance(first)).as("rolled back").isZero();
		long plain = points.award(first, ActivityType.FARM_WORK, UUID.randomUUID(), now);
		assertThat(points.award(second, ActivityType.FARM_WORK, UUID.randomUUID(), now))
			.as("no campaign outside the rolled-back transaction").isPositive().isEqualTo(plain);
	}

	@Test
	void whenANewResidentsFirstActivitiesArriveTogetherThenEveryOneIsAwardedAndEveryPublicationCompletes() {
		var resident = new AccountId(UUID.randomUUID());
		var day = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		tx.executeWithoutResult(s -> {
			for (var type : List.of(ActivityType.CHECK_IN, ActivityType.EVENT_ATTENDED, ActivityType.FARM_WORK,
					ActivityType.HEALTH_CONSULTATION, ActivityType.VITALS_TAKEN)) {
				events.publishEvent(new ActivityRecorded(UUID.randomUUID(), resident, type, day, "もみじ台"));
			}
		});
		org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).untilAsserted(() -> {
			assertThat(points.balance(resident)).isEqualTo(10 + 30 + 20 + 20 + 10);
			assertThat(jdbc.sql("SELECT COUNT(*) FROM event_publication WHERE completion_date IS NULL"
					+ " AND serialized_event LIKE ?").param("%" + resident.value() + "%").query(Long.class).single())
				.as("no delivery failed, none left to redeliver").isZero();
		});
		assertThat(points.history(resident, 10)).allSatisfy(e -> assertThat(e.memo()).isEqualTo("もみじ台"));
	}

	@Test
	void whenManyThreadsAwardAtOnceThenTheJournalBalancesAndEveryBalanceIsItsLines() throws Exception {
		var residents = List.of(new AccountId(UUID.randomUUID()), new AccountId(UUID.randomUUID()),
				new AccountId(UUID.randomUUID()));
		var types = List.of(ActivityType.CHECK_IN, ActivityType.EVENT_ATTENDED, ActivityType.VIDEO_WATCHED,
				ActivityType.FARM_WORK);
		var budgetBefore = points.budgetLeft().orElseThrow();
		var random = new Random(2026);
		var activities = new ArrayList<UUID>();
		for (int i = 0; i < 40; i++) {
			activities.add(UUID.randomUUID());
		}
		var now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		var start = new CountDownLatch(1);
		var results = new ArrayList<Future<Long>>();
		try (var pool = Executors.newFixedThreadPool(8)) {
			for (int i = 0; i < 120; i++) {
				// each activity is announced about three times, by different threads
				var activity = activities.get(random.nextInt(activities.size()));
				var resident = residents.get(Math.abs(activity.hashCode() % residents.size()));
				var type = types.get(Math.abs((activity.hashCode() / 7) % types.size()));
				results.add(pool.submit(() -> {
					start.await();
					return points.award(resident, type, activity, now);
				}));
			}
			start.countDown();
			long awarded = 0;
			for (var f : results) {
				awarded += f.get();
			}
			var balances = residents.stream().mapToLong(points::balance).sum();
			assertThat(balances).as("what the residents hold is what was awarded").isEqualTo(awarded);
			assertThat(budgetBefore - points.budgetLeft().orElseThrow()).as("and what the programme paid")
				.isEqualTo(awarded);
			for (var resident : residents) {
				assertThat(points.history(resident, 1000).stream().mapToLong(PointsEntry::amount).sum())
					.isEqualTo(points.balance(resident));
			}
			var consistency = ledger.consistency();
			assertThat(consistency.sumOfAllLines()).as("double entry: every journal sums to zero").isZero();
			assertThat(consistency.accountsWhoseBalanceDiffers()).isZero();
		}
	}
}
