package jp.tsunagu.hub.subscriptions;

import static jp.tsunagu.hub.jsonld.Jsons.JSON;

import jp.tsunagu.hub.internal.SubscriptionRows;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jp.tsunagu.hub.NgsiLd;
import jp.tsunagu.hub.jsonld.LinkedData;
import jp.tsunagu.hub.jsonld.Simplified;

/**
 * Turns a change of an entity into the notifications its tenant's subscriptions ask for, in the
 * transaction of the change: a notification is queued (persisted) with the entity's new state, or
 * not at all if the change is rolled back. Which subscriptions fire: those watching the entity (id,
 * pattern, types), whose triggers the change is (an attribute created, updated or deleted, the
 * entity created, updated or deleted; only watched attributes count), whose {@code q} and
 * {@code geoQ} hold, active, not expired and not throttled. Each notification is compacted with
 * the subscription's context (or its {@code jsonldContext}), so a subscriber reads the names it
 * wrote whatever context the entity was written in.
 */
@Component
public class Notifier {

	private static final Logger log = LoggerFactory.getLogger(Notifier.class);

	/** The standard's NGSI-LD Null, for what a deletion took away. */
	static final String NULL = "urn:ngsi-ld:null";

	private final Subscriptions subscriptions;

	private final SubscriptionRows rows;

	private final LinkedData ld;

	private final Clock clock;

	private final Deliveries deliveries;

	Notifier(Subscriptions subscriptions, SubscriptionRows rows, LinkedData ld, Clock clock, Deliveries deliveries) {
		this.subscriptions = subscriptions;
		this.rows = rows;
		this.ld = ld;
		this.clock = clock;
		this.deliveries = deliveries;
	}

	/**
	 * An entity changed: {@code before} and {@code after} are its expanded nodes with system
	 * attributes (null before a creation, after a deletion). Called inside the change's transaction.
	 */
	public void changed(String tenant, @Nullable JsonObject before, @Nullable JsonObject after) {
		var live = subscriptions.live(tenant);
		if (live.isEmpty()) {
			return;
		}
		var entity = after != null ? after : before;
		if (entity == null) {
			return;
		}
		var id = ((JsonString) entity.get("@id")).getString();
		var types = types(entity);
		var created = new LinkedHashSet<String>();
		var updated = new LinkedHashSet<String>();
		var deleted = new LinkedHashSet<String>();
		if (before == null) {
			created.addAll(attributes(after));
		}
		else if (after == null) {
			deleted.addAll(attributes(before));
		}
		else {
			for (var name : attributes(after)) {
				if (!before.containsKey(name)) {
					created.add(name);
				}
				else if (!before.get(name).equals(after.get(name))) {
					updated.add(name);
				}
			}
			for (var name : attributes(before)) {
				if (!after.containsKey(name)) {
					deleted.add(name);
				}
			}
		}
		var now = clock.instant();
		boolean queued = false;
		for (var one : live) {
			var subscription = one.subscription();
			if (subscription.timeInterval() > 0 || !subscription.watches(id, types)) {
				continue;
			}
			var fired = fired(subscription, before == null, after == null, created, updated, deleted);
			if (fired == null) {
				continue;
			}
			if (!subscription.holds(entity) || subscription.geo() != null && !jp.tsunagu.hub.Entities.located(entity, subscription.geo())) {
				continue;
			}
			var last = one.row().lastQueued();
			if (subscription.throttling() > 0 && last != null
					&& last.plusMillis((long) (subscription.throttling() * 1000)).isAfter(now)) {
				continue;
			}
			queue(tenant, subscription, fired, after, before, deleted, now);
			queued = true;
		}
		if (queued && TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					deliveries.wake();
				}
			});
		}
	}

	/** Which trigger a change is for a subscription (null if none it listens to). */
	private static @Nullable String fired(Subscription subscription, boolean entityCreated, boolean entityDeleted,
			Set<String> created, Set<String> updated, Set<String> deleted) {
		var triggers = subscription.triggers();
		var watched = subscription.watched();
		if (entityCreated && triggers.contains("entityCreated")) {
			return "entityCreated";
		}
		if (entityDeleted && triggers.contains("entityDeleted")) {
			return "entityDeleted";
		}
		if (triggers.contains("attributeCreated") && touches(created, watched)) {
			return "attributeCreated";
		}
		if (triggers.contains("attributeUpdated") && touches(updated, watched)) {
			return "attributeUpdated";
		}
		if (triggers.contains("attributeDeleted") && touches(deleted, watched)) {
			return "attributeDeleted";
		}
		if (!entityCreated && !entityDeleted && triggers.contains("entityUpdated")
				&& (!created.isEmpty() || !updated.isEmpty() || !deleted.isEmpty())) {
			return "entityUpdated";
		}
		return null;
	}

	private static boolean touches(Set<String> changed, Set<String> watched) {
		if (changed.isEmpty()) {
			return false;
		}
		return watched.isEmpty() || changed.stream().anyMatch(watched::contains);
	}

	private void queue(String tenant, Subscription subscription, String trigger, @Nullable JsonObject after,
			@Nullable JsonObject before, Set<String> deleted, Instant now) {
		var jsonldContext = subscription.body().get("jsonldContext") instanceof JsonString url ? url.getString() : null;
		var context = jsonldContext != null ? LinkedData.contextOf(List.of(JSON.createValue(jsonldContext)))
				: subscription.context();
		var given = jsonldContext != null ? JSON.createValue(jsonldContext) : Subscriptions.given(subscription.context());
		JsonObject data;
		if (trigger.equals("entityDeleted") || after == null) {
			var gone = JSON.createObjectBuilder().add("@id", before.get("@id")).add("@type", before.get("@type"));
			if (subscription.sysAttrs()) {
				copy(before, gone, NgsiLd.CREATED_AT);
				copy(before, gone, NgsiLd.MODIFIED_AT);
			}
			var compacted = JSON.createObjectBuilder(ld.compact(gone.build(), context)).add("deletedAt", now.toString());
			if (trigger.equals("attributeDeleted")) {
				for (var name : deleted) {
					if (subscription.watched().isEmpty() || subscription.watched().contains(name)) {
						compacted.add(ld.compactTerm(name, context), nulled(before.get(name), subscription.format()));
					}
				}
			}
			data = compacted.build();
		}
		else {
			var node = JSON.createObjectBuilder();
			after.forEach((name, value) -> {
				boolean system = name.equals(NgsiLd.CREATED_AT) || name.equals(NgsiLd.MODIFIED_AT);
				if (name.startsWith("@") || (system ? subscription.sysAttrs()
						: subscription.attributes().isEmpty() || subscription.attributes().contains(name))) {
					node.add(name, value);
				}
			});
			var compacted = ld.compact(node.build(), context);
			if (!subscription.format().equals("normalized")) {
				compacted = Simplified.of(compacted);
			}
			if (trigger.equals("attributeDeleted")) {
				var withNulls = JSON.createObjectBuilder(compacted);
				for (var name : deleted) {
					if (subscription.watched().isEmpty() || subscription.watched().contains(name)) {
						withNulls.add(ld.compactTerm(name, context), nulled(before.get(name), subscription.format()));
					}
				}
				compacted = withNulls.build();
			}
			data = compacted;
		}
		var ldJson = subscription.accept().equals(NgsiLd.JSON_LD);
		if (ldJson) {
			data = JSON.createObjectBuilder(data).add("@context", given).build();
		}
		var notification = JSON.createObjectBuilder()
			.add("id", "urn:ngsi-ld:Notification:" + UUID.randomUUID())
			.add("type", "Notification")
			.add("subscriptionId", subscription.id())
			.add("notifiedAt", now.toString())
			.add("data", JSON.createArrayBuilder().add(data))
			.build();
		var headers = JSON.createObjectBuilder();
		if (!ldJson) {
			var url = given instanceof JsonString single ? single.getString() : NgsiLd.CORE_CONTEXT;
			headers.add("Link", "<" + url + ">; rel=\"" + NgsiLd.CONTEXT_RELATION + "\"; type=\"" + NgsiLd.JSON_LD + "\"");
		}
		if (!tenant.isEmpty()) {
			headers.add("NGSILD-Tenant", tenant);
		}
		subscription.receiverInfo().forEach(headers::add);
		subscription.notifierInfo().forEach((key, value) -> headers.add("notifier:" + key, value));
		rows.queue(tenant, subscription.id(), subscription.endpoint().toString(),
				ldJson ? NgsiLd.JSON_LD : "application/json", headers.build().toString(), notification.toString(), now,
				subscription.throttling() > 0);
		log.debug("queued a notification of {} for {} ({})", subscription.id(), trigger, tenant);
	}

	private static void copy(JsonObject from, jakarta.json.JsonObjectBuilder to, String name) {
		if (from.get(name) != null) {
			to.add(name, from.get(name));
		}
	}

	/** A deleted attribute as the standard writes it: its type, and NGSI-LD Null for its content. */
	private static JsonValue nulled(@Nullable JsonValue instances, String format) {
		if (!format.equals("normalized")) {
			return JSON.createValue(NULL);
		}
		var type = "Property";
		if (instances instanceof JsonArray array && !array.isEmpty() && array.get(0) instanceof JsonObject first
				&& first.get("@type") instanceof JsonArray types && !types.isEmpty()) {
			var iri = types.getString(0);
			type = iri.startsWith(NgsiLd.NS) ? iri.substring(NgsiLd.NS.length()) : iri;
		}
		var attribute = JSON.createObjectBuilder().add("type", type);
		switch (type) {
			case "Relationship" -> attribute.add("object", NULL);
			case "LanguageProperty" -> attribute.add("languageMap", JSON.createObjectBuilder().add("@none", NULL));
			case "JsonProperty" -> attribute.add("json", NULL);
			case "VocabProperty" -> attribute.add("vocab", NULL);
			default -> attribute.add("value", NULL);
		}
		return attribute.build();
	}

	private static Set<String> types(JsonObject entity) {
		var types = new HashSet<String>();
		if (entity.get("@type") instanceof JsonArray array) {
			for (var type : array) {
				if (type instanceof JsonString name) {
					types.add(name.getString());
				}
			}
		}
		return types;
	}

	private static Set<String> attributes(JsonObject entity) {
		var names = new LinkedHashSet<String>();
		for (var name : entity.keySet()) {
			if (!name.startsWith("@") && !name.equals(NgsiLd.CREATED_AT) && !name.equals(NgsiLd.MODIFIED_AT)) {
				names.add(name);
			}
		}
		return names;
	}
}
