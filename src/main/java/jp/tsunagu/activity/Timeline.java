package jp.tsunagu.activity;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import jp.tsunagu.activity.internal.ActivityRepository;
import jp.tsunagu.activity.internal.ActivitySummaryRepository;
import jp.tsunagu.identity.AccountId;
import jp.tsunagu.platform.Tokyo;

/**
 * Records activity exactly once per (submitter, idempotency key) and reads a resident's timeline.
 * The database's unique constraint decides between concurrent duplicates: the insert that loses
 * reads back the one that won, so every caller gets the same activity. Each new activity also
 * moves the resident's {@link ActivitySummary} and is announced as {@link ActivityRecorded}, both in
 * the transaction that stores it.
 */
@Service
public class Timeline {

	private final ActivityRepository activities;

	private final TransactionTemplate tx;

	private final ActivitySummaryRepository summaries;

	private final ApplicationEventPublisher publisher;

	private final Clock clock;

	Timeline(ActivityRepository activities, ActivitySummaryRepository summaries, ApplicationEventPublisher publisher,
			TransactionTemplate tx, Clock clock) {
		this.activities = activities;
		this.summaries = summaries;
		this.publisher = publisher;
		this.tx = tx;
		this.clock = clock;
	}

	public RecordedActivity record(ActivityReport report) {
		var activity = new Activity(UUID.randomUUID(), report.resident(), report.type(), report.occurredAt(),
				report.place(), report.source(), report.submitter(), report.idempotencyKey(), clock.instant());
		var today = Tokyo.today(clock);
		try {
			// one transaction: a repeat finds its first record; a new activity makes the resident's
			// summary row if it is their first, stores the activity, counts it, and announces it to the
			// listeners that act in the same transaction (points, outreach's audience)
			return tx.execute(s -> {
				var existing = activities.findByKey(report.submitter(), report.idempotencyKey());
				if (existing.isPresent()) {
					return new RecordedActivity(existing.get(), false);
				}
				summaries.create(report.resident(), today);
				activities.insert(activity);
				summaries.add(activity);
				publisher.publishEvent(new ActivityRecorded(activity.id(), activity.resident(), activity.type(),
						activity.occurredAt(), activity.place()));
				return new RecordedActivity(activity, true);
			});
		}
		catch (DuplicateKeyException raced) {
			var winner = tx.execute(s -> activities.findByKey(report.submitter(), report.idempotencyKey()));
			return new RecordedActivity(winner.orElseThrow(), false);
		}
	}

	public List<Activity> between(AccountId resident, Instant from, Instant to) {
		return activities.between(resident, from, to);
	}

	/** The resident's activity at a glance, today. */
	public ActivitySummary summary(AccountId resident) {
		return summaries(List.of(resident)).getOrDefault(resident, ActivitySummary.none(resident));
	}

	/** Summaries of these residents in one query; those with no activity yet are missing. */
	public Map<AccountId, ActivitySummary> summaries(Collection<AccountId> residents) {
		return summaries.find(residents, Tokyo.today(clock));
	}

	public List<Activity> latest(AccountId resident, int limit) {
		return activities.latest(resident, limit);
	}
}
