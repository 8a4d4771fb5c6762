package jp.tsunagu.hub.temporal;

import static jp.tsunagu.hub.jsonld.Jsons.JSON;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jp.tsunagu.hub.NgsiLd;
import jp.tsunagu.hub.internal.HistoryRows;
import jp.tsunagu.hub.query.QueryMatcher;

/**
 * Keeps the temporal evolution of entities: every instance an attribute takes, recorded when the
 * entity's current state changes, in the same transaction (so the history is there as soon as the
 * change is, and two changes in quick succession are two instances, never one lost). A write that
 * leaves an instance as it was records nothing for it.
 */
@Component
public class History {

	private static final Logger log = LoggerFactory.getLogger(History.class);

	static final String OBSERVED_AT = NgsiLd.NS + "observedAt";

	static final String DATASET_ID = NgsiLd.NS + "datasetId";

	static final String INSTANCE_ID = NgsiLd.NS + "instanceId";

	private final HistoryRows rows;

	private final Clock clock;

	History(HistoryRows rows, Clock clock) {
		this.rows = rows;
		this.clock = clock;
	}

	/** An entity's current state changed from {@code before} (null: created) to {@code after} (expanded nodes). */
	public void changed(String tenant, @Nullable JsonObject before, JsonObject after) {
		var instances = new ArrayList<HistoryRows.Instance>();
		after.forEach((name, value) -> {
			if (name.startsWith("@") || !(value instanceof JsonArray now)) {
				return;
			}
			var earlier = before == null ? null : before.get(name);
			for (var instance : now) {
				if (instance instanceof JsonObject object
						&& !(earlier instanceof JsonArray was && was.contains(object))) {
					instances.add(instance(name, object));
				}
			}
		});
		if (instances.isEmpty() && before != null) {
			return;
		}
		rows.record(tenant, ((JsonString) after.get("@id")).getString(), types(after),
				before != null && java.util.Objects.equals(before.get("@type"), after.get("@type")), instances, clock.instant());
	}

	/** An entity was deleted: its history goes with it (the temporal API's representation is of an entity that is). */
	public void deleted(String tenant, String id) {
		rows.delete(tenant, id);
	}

	/** An instance as the history keeps it, with a new instanceId. */
	static HistoryRows.Instance instance(String attribute, JsonObject instance) {
		Instant observedAt = null;
		if (instance.get(OBSERVED_AT) instanceof JsonArray observed && !observed.isEmpty()
				&& observed.get(0) instanceof JsonObject at && at.get("@value") instanceof JsonString text) {
			observedAt = QueryMatcher.instant(text.getString());
		}
		var datasetId = "";
		if (instance.get(DATASET_ID) instanceof JsonArray ids && !ids.isEmpty() && ids.get(0) instanceof JsonObject id
				&& id.get("@id") instanceof JsonString text) {
			datasetId = text.getString();
		}
		var body = JSON.createObjectBuilder(instance).remove(INSTANCE_ID).build();
		return new HistoryRows.Instance(attribute, datasetId, "urn:ngsi-ld:" + UUID.randomUUID(), observedAt, body.toString());
	}

	static List<String> types(JsonObject entity) {
		var types = new LinkedHashSet<String>();
		if (entity.get("@type") instanceof JsonArray array) {
			for (JsonValue type : array) {
				if (type instanceof JsonString name) {
					types.add(name.getString());
				}
			}
		}
		return List.copyOf(types);
	}

	/** Monthly partitions three months ahead, at start and every day (PostgreSQL). */
	@EventListener(ApplicationReadyEvent.class)
	@Scheduled(cron = "0 17 3 * * *", zone = "UTC")
	void partitionAhead() {
		try {
			rows.partitionAhead(clock.instant(), 3);
		}
		catch (RuntimeException ex) {
			// another instance made it at the same moment, or the default partition holds rows of that month
			log.warn("hub history partitions: {}", ex.getMessage());
		}
	}
}
