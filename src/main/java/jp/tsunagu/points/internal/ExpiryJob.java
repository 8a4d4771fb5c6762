package jp.tsunagu.points.internal;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import jp.tsunagu.points.Points;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;

/**
 * Lapses points at the turn of the fiscal year. Runs every night (00:10 in Japan), so an instance
 * that was down on 1 April catches up the next night; each run lapses what is due at the start of
 * the current fiscal year, once per resident (the journal's unique source), and on exactly one of
 * several instances (ShedLock's row in the database).
 */
@Component
class ExpiryJob {

	private static final Logger log = LoggerFactory.getLogger(ExpiryJob.class);

	private final Points points;

	private final Clock clock;

	ExpiryJob(Points points, Clock clock) {
		this.points = points;
		this.clock = clock;
	}

	@Scheduled(cron = "${tsunagu.points.expiry-cron:0 10 0 * * *}", zone = "Asia/Tokyo")
	@SchedulerLock(name = "points-expiry", lockAtMostFor = "PT2H")
	void run() {
		long lapsed = points.expire(clock.instant());
		if (lapsed > 0) {
			log.info("Points expiry: {} points lapsed at the turn of the fiscal year", lapsed);
		}
	}
}
