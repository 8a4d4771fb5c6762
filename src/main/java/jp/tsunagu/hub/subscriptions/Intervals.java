package jp.tsunagu.hub.subscriptions;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import jakarta.json.JsonObject;
import jp.tsunagu.hub.Entities;
import jp.tsunagu.hub.HubRefused;
import jp.tsunagu.hub.internal.EntityRows;
import jp.tsunagu.hub.internal.SubscriptionRows;

/**
 * Subscriptions with a {@code timeInterval} (clause 5.8.6): every interval, a notification of the
 * entities each matches then (its entities, q and geoQ), whatever changed. Looked at every second;
 * a turn is taken in the database (the subscription's last queued time moves from what this
 * instance read to now), so with several instances one sends each turn, and the notification is
 * queued in the same transaction, to be delivered as any other (retries, per-endpoint queues).
 */
@Component
class Intervals {

	private static final Logger log = LoggerFactory.getLogger(Intervals.class);

	/** Most entities one periodic notification carries. */
	static final int MAX_ENTITIES = 1000;

	private final Subscriptions subscriptions;

	private final SubscriptionRows rows;

	private final Entities entities;

	private final Notifier notifier;

	private final Deliveries deliveries;

	private final Clock clock;

	private final TransactionTemplate transaction;

	Intervals(Subscriptions subscriptions, SubscriptionRows rows, Entities entities, Notifier notifier, Deliveries deliveries,
			Clock clock, PlatformTransactionManager transactions) {
		this.subscriptions = subscriptions;
		this.rows = rows;
		this.entities = entities;
		this.notifier = notifier;
		this.deliveries = deliveries;
		this.clock = clock;
		this.transaction = new TransactionTemplate(transactions);
	}

	@Scheduled(fixedDelayString = "PT1S", initialDelayString = "PT1S")
	void tick() {
		boolean queued = false;
		for (var live : subscriptions.periodic()) {
			var subscription = live.subscription();
			var last = live.row().lastQueued();
			var now = clock.instant();
			if (last != null && last.plusMillis((long) (subscription.timeInterval() * 1000)).isAfter(now)) {
				continue;
			}
			var tenant = live.row().tenant();
			try {
				queued |= Boolean.TRUE.equals(transaction.execute(status -> {
					if (!rows.takeTurn(tenant, subscription.id(), last, now)) {
						return false;
					}
					var matched = matched(tenant, subscription);
					if (matched.isEmpty()) {
						return false;
					}
					notifier.periodic(tenant, subscription, matched, now);
					return true;
				}));
			}
			catch (HubRefused | org.springframework.dao.DataAccessException ex) {
				log.warn("could not notify {} ({}) on its interval: {}", subscription.id(), tenant, ex.getMessage());
			}
		}
		if (queued) {
			deliveries.wake();
		}
	}

	/** The entities a subscription matches now (expanded, with system attributes), each once, at most {@link #MAX_ENTITIES}. */
	private List<JsonObject> matched(String tenant, Subscription subscription) {
		var found = new LinkedHashMap<String, JsonObject>();
		var filters = new ArrayList<EntityRows.Filter>();
		if (subscription.selectors().isEmpty()) {
			filters.add(new EntityRows.Filter(List.of(), List.of(), null, subscription.geo()));
		}
		for (var selector : subscription.selectors()) {
			filters.add(new EntityRows.Filter(selector.type().names(),
					selector.id() == null ? List.of() : List.of(selector.id()), null, subscription.geo()));
		}
		for (var filter : filters) {
			for (var stored : entities.query(tenant, filter, subscription.q(), 0, MAX_ENTITIES, false).entities()) {
				var entity = stored.withSystemAttributes();
				var id = stored.node().getString("@id");
				if (found.size() < MAX_ENTITIES && subscription.watches(id, Notifier.types(entity))
						&& (subscription.geo() == null || Entities.located(entity, subscription.geo()))) {
					found.putIfAbsent(id, entity);
				}
			}
		}
		return List.copyOf(found.values());
	}
}
