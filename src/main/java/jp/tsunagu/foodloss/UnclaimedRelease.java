package jp.tsunagu.foodloss;

import java.time.Clock;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;

/**
 * Every five minutes, on one instance of however many (ShedLock's row in {@code shedlock}), releases
 * the reservations nobody picked up by the end of their pickup window. The offer is over then, so
 * nothing goes back into stock; the reservation says RELEASED and when. Idempotent: only RESERVED
 * reservations move, so a second run, or a run on a second instance, changes nothing.
 */
@Component
public class UnclaimedRelease {

	private static final Logger log = LoggerFactory.getLogger(UnclaimedRelease.class);

	private final FoodLoss food;

	private final Clock clock;

	UnclaimedRelease(FoodLoss food, Clock clock) {
		this.food = food;
		this.clock = clock;
	}

	@Scheduled(fixedDelayString = "PT5M", initialDelayString = "PT1M")
	@SchedulerLock(name = "foodloss-release-unclaimed", lockAtMostFor = "PT4M")
	public void run() {
		release(clock.instant());
	}

	/** Releases what ended at or before {@code now}; returns how many reservations it released. */
	public int release(Instant now) {
		int released = food.releaseUnclaimed(now);
		if (released > 0) {
			log.info("Released {} food reservations not picked up by the end of their window", released);
		}
		return released;
	}
}
