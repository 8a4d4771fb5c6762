package jp.tsunagu.activity;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import jp.tsunagu.activity.internal.ActivityRepository;
import jp.tsunagu.identity.AccountId;

/**
 * Records activity exactly once per (submitter, idempotency key) and reads a resident's timeline.
 * The database's unique constraint decides between concurrent duplicates: the insert that loses
 * reads back the one that won, so every caller gets the same activity.
 */
@Service
public class Timeline {

	private final ActivityRepository activities;

	private final TransactionTemplate tx;

	private final Clock clock;

	Timeline(ActivityRepository activities, TransactionTemplate tx, Clock clock) {
		this.activities = activities;
		this.tx = tx;
		this.clock = clock;
	}

	public RecordedActivity record(ActivityReport report) {
		var activity = new Activity(UUID.randomUUID(), report.resident(), report.type(), report.occurredAt(),
				report.place(), report.source(), report.submitter(), report.idempotencyKey(), clock.instant());
		var existing = tx.execute(s -> activities.findByKey(report.submitter(), report.idempotencyKey()));
		if (existing != null && existing.isPresent()) {
			return new RecordedActivity(existing.get(), false);
		}
		try {
			tx.executeWithoutResult(s -> activities.insert(activity));
			return new RecordedActivity(activity, true);
		}
		catch (DuplicateKeyException raced) {
			var winner = tx.execute(s -> activities.findByKey(report.submitter(), report.idempotencyKey()));
			return new RecordedActivity(winner.orElseThrow(), false);
		}
	}

	public List<Activity> between(AccountId resident, Instant from, Instant to) {
		return activities.between(resident, from, to);
	}

	public List<Activity> latest(AccountId resident, int limit) {
		return activities.latest(resident, limit);
	}
}
