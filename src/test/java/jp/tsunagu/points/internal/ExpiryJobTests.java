package jp.tsunagu.points.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;

import jp.tsunagu.TestDatabase;
import jp.tsunagu.activity.ActivityType;
import jp.tsunagu.identity.AccountId;
import jp.tsunagu.points.Points;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;

/**
 * The nightly expiry job takes ShedLock's row in the database: while another instance holds it, the
 * job does nothing here; once free, it lapses what is due, and a second night lapses nothing more.
 */
@ApplicationModuleTest(mode = ApplicationModuleTest.BootstrapMode.ALL_DEPENDENCIES, extraIncludes = "platform")
@TestPropertySource(properties = "tsunagu.demo.enabled=false")
@ContextConfiguration(initializers = TestDatabase.class)
class ExpiryJobTests {

	@Autowired
	ExpiryJob job;

	@Autowired
	Points points;

	@Autowired
	LockProvider locks;

	@Test
	void whenAnotherInstanceHoldsTheLockThenTheJobWaitsItsTurnAndLapsesOnce() {
		var resident = new AccountId(UUID.randomUUID());
		// fiscal 2024: lapsed at the end of fiscal 2025, so due by now (fiscal 2026)
		points.award(resident, ActivityType.EVENT_ATTENDED, UUID.randomUUID(), Instant.parse("2024-10-01T01:00:00Z"));
		assertThat(points.balance(resident)).isEqualTo(30);

		var otherInstance = locks.lock(new LockConfiguration(Instant.now(), "points-expiry", Duration.ofMinutes(5),
				Duration.ZERO));
		assertThat(otherInstance).as("the other instance has the lock").isPresent();
		job.run();
		assertThat(points.balance(resident)).as("this instance ran nothing").isEqualTo(30);

		otherInstance.get().unlock();
		job.run();
		assertThat(points.balance(resident)).isZero();
		job.run();
		assertThat(points.history(resident, 10)).filteredOn(e -> e.kind().equals("EXPIRY")).hasSize(1);
	}
}
