package jp.tsunagu.hub.subscriptions;

import static jp.tsunagu.hub.jsonld.Jsons.JSON;

import jp.tsunagu.hub.internal.SubscriptionRows;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
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

	private static final String DATASET_ID = NgsiLd.NS + "datasetId";

	private final Subscriptions subscriptions;

	private final SubscriptionRows rows;

	private final LinkedData ld;

	private final Clock clock;

	private final Deliveries deliveries;

	/** The hub's entities, for the linked entities of a join (the entities notify this notifier: a provider breaks the cycle). */
	private final ObjectProvider<jp.tsunagu.hub.Entities> entities;

	Notifier(Subscriptions subscriptions, SubscriptionRows rows, LinkedData ld, Clock clock, Deliveries deliveries,
			ObjectProvider<jp.tsunagu.hub.Entities> entities) {
		this.entities = entities;
		this.subscriptions = subscriptions;
		this.rows = rows;
		this.ld = ld;
		this.clock = clock;
		this.deliveries = deliveries;
	}

	/**
	 * An entity changed: {@code was} and {@code is} are what was stored and is now (null before a
	 * creation, after a deletion). Called inside the change's transaction.
	 */
	public void changed(String tenant, jp.tsunagu.hub.Entities.@Nullable Stored was, jp.tsunagu.hub.Entities.@Nullable Stored is) {
		var live = subscriptions.live(tenant);
		if (live.isEmpty()) {
			return;
		}
		// expanded, with the entity's and the attributes' system times
		var before = was == null ? null : was.withSystemAttributes();
		var after = is == null ? null : is.withSystemAttributes();
		var entity = after != null ? after : before;
		if (entity == null) {
			return;
		}
		var id = ((JsonString) entity.get("@id")).getString();
		var types = types(entity);
		var change = Change.of(before, after);
		var now = clock.instant();
		boolean queued = false;
		for (var one : live) {
			var subscription = one.subscription();
			if (subscription.timeInterval() > 0 || !subscription.watches(id, types)) {
				continue;
			}
			var fired = fired(subscription, before == null, after == null, change);
			if (fired == null) {
				continue;
			}
			if (!subscription.holds(entity, linked(tenant)) || subscription.geo() != null && !jp.tsunagu.hub.Entities.located(entity, subscription.geo())) {
				continue;
			}
			var last = one.row().lastQueued();
			if (subscription.throttling() > 0 && last != null
					&& last.plusMillis((long) (subscription.throttling() * 1000)).isAfter(now)) {
				continue;
			}
			queue(tenant, subscription, fired, after, before, change, now);
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

	/** The tenant's entities as a linked entity subquery reads them (expanded, with system attributes). */
	private jp.tsunagu.hub.query.QueryMatcher.Linked linked(String tenant) {
		return id -> entities.getObject().find(tenant, id).map(jp.tsunagu.hub.Entities.Stored::withSystemAttributes);
	}

	/**
	 * What a change did to an entity's attributes (expanded names), instance by instance (an
	 * instance is known by its datasetId): attributes that came, that changed, that went, and of
	 * those still there, the instances taken away.
	 */
	record Change(Set<String> created, Set<String> updated, Set<String> deleted, Map<String, List<JsonObject>> takenAway) {

		static Change of(@Nullable JsonObject before, @Nullable JsonObject after) {
			var created = new LinkedHashSet<String>();
			var updated = new LinkedHashSet<String>();
			var deleted = new LinkedHashSet<String>();
			var takenAway = new LinkedHashMap<String, List<JsonObject>>();
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
						continue;
					}
					if (before.get(name).equals(after.get(name))) {
						continue;
					}
					var was = byDataset(before.get(name));
					var is = byDataset(after.get(name));
					for (var instance : is.entrySet()) {
						var previous = was.get(instance.getKey());
						if (previous == null) {
							created.add(name);
						}
						else if (!previous.equals(instance.getValue())) {
							updated.add(name);
						}
					}
					var gone = new ArrayList<JsonObject>();
					was.forEach((dataset, instance) -> {
						if (!is.containsKey(dataset)) {
							gone.add(instance);
						}
					});
					if (!gone.isEmpty()) {
						deleted.add(name);
						takenAway.put(name, gone);
					}
				}
				for (var name : attributes(before)) {
					if (!after.containsKey(name)) {
						deleted.add(name);
					}
				}
			}
			return new Change(created, updated, deleted, takenAway);
		}

		boolean any() {
			return !created.isEmpty() || !updated.isEmpty() || !deleted.isEmpty();
		}
	}

	/** Which trigger a change is for a subscription (null if none it listens to). */
	private static @Nullable String fired(Subscription subscription, boolean entityCreated, boolean entityDeleted,
			Change change) {
		var triggers = subscription.triggers();
		var watched = subscription.watched();
		if (entityCreated && triggers.contains("entityCreated")) {
			return "entityCreated";
		}
		if (entityDeleted && triggers.contains("entityDeleted")) {
			return "entityDeleted";
		}
		if (triggers.contains("attributeCreated") && touches(change.created(), watched)) {
			return "attributeCreated";
		}
		if (triggers.contains("attributeUpdated") && touches(change.updated(), watched)) {
			return "attributeUpdated";
		}
		if (triggers.contains("attributeDeleted") && touches(change.deleted(), watched)) {
			return "attributeDeleted";
		}
		if (!entityCreated && !entityDeleted && triggers.contains("entityUpdated") && change.any()) {
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
			@Nullable JsonObject before, Change change, Instant now) {
		queue(tenant, subscription, trigger, data(tenant, subscription, trigger, after, before, change, context(subscription), now),
				now);
	}

	/**
	 * A subscription's time interval came (clause 5.8.6): a notification of the entities it
	 * matches now (expanded, with system attributes), whether they changed or not. Called in the
	 * transaction that took the interval's turn.
	 */
	void periodic(String tenant, Subscription subscription, List<JsonObject> matched, Instant now) {
		var context = context(subscription);
		var none = new Change(Set.of(), Set.of(), Set.of(), Map.of());
		var data = new ArrayList<JsonObject>();
		for (var entity : matched) {
			data.addAll(data(tenant, subscription, "timeInterval", entity, null, none, context, now));
		}
		queue(tenant, subscription, "timeInterval", data, now);
	}

	/** The context a subscription's notifications are compacted with: its jsonldContext, else its own. */
	private static JsonArray context(Subscription subscription) {
		var jsonldContext = subscription.body().get("jsonldContext") instanceof JsonString url ? url.getString() : null;
		return jsonldContext != null ? LinkedData.contextOf(List.of(JSON.createValue(jsonldContext))) : subscription.context();
	}

	private void queue(String tenant, Subscription subscription, String trigger, List<JsonObject> data, Instant now) {
		var jsonldContext = subscription.body().get("jsonldContext") instanceof JsonString url ? url.getString() : null;
		var given = jsonldContext != null ? JSON.createValue(jsonldContext) : Subscriptions.given(subscription.context());
		var ldJson = subscription.accept().equals(NgsiLd.JSON_LD);
		var notification = JSON.createObjectBuilder()
			.add("id", "urn:ngsi-ld:Notification:" + UUID.randomUUID())
			.add("type", "Notification")
			.add("subscriptionId", subscription.id())
			.add("notifiedAt", now.toString())
			.add("data", withContext(data, ldJson ? given : null))
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

	/** A notification's data with each entity's {@code @context} (JSON-LD), or as it is (JSON, the context in a Link). */
	static JsonArray withContext(List<JsonObject> data, @Nullable JsonValue given) {
		var array = JSON.createArrayBuilder();
		for (var entity : data) {
			array.add(given == null ? entity : JSON.createObjectBuilder(entity).add("@context", given).build());
		}
		return array.build();
	}

	/**
	 * The entities a notification carries (clause 5.2.14 and 5.8.6): the entity as it is now (its
	 * attributes and instances those the subscription asks for), or, deleted, its id and type and
	 * when; an attribute or instance taken away as the NGSI-LD Null; with {@code showChanges},
	 * each changed attribute's previous value; with a join, what the entity links to; picked or
	 * omitted; simplified if asked.
	 */
	private List<JsonObject> data(String tenant, Subscription subscription, String trigger, @Nullable JsonObject after,
			@Nullable JsonObject before, Change change, JsonArray context, Instant now) {
		var nulled = new LinkedHashSet<String>();
		if (trigger.equals("attributeDeleted")) {
			for (var name : change.deleted()) {
				if (subscription.watched().isEmpty() || subscription.watched().contains(name)) {
					nulled.add(name);
				}
			}
		}
		else if (after == null && subscription.showChanges()) {
			nulled.addAll(change.deleted());
		}
		if (!subscription.attributes().isEmpty()) {
			nulled.retainAll(subscription.attributes());
		}
		// what was, compacted, for the NGSI-LD Nulls and the previous values
		var was = JSON.createObjectBuilder();
		if (before != null && (!nulled.isEmpty() || subscription.showChanges())) {
			was.add("@id", before.get("@id"));
			var wanted = new LinkedHashSet<>(nulled);
			if (subscription.showChanges()) {
				wanted.addAll(change.updated());
			}
			for (var name : wanted) {
				if (before.get(name) != null) {
					was.add(name, before.get(name));
				}
			}
		}
		var previous = was.build();
		previous = previous.size() <= 1 ? JsonValue.EMPTY_JSON_OBJECT : ld.compact(previous, context);
		JsonObject entity;
		Set<String> wholly = new LinkedHashSet<>();
		if (after == null) {
			var gone = JSON.createObjectBuilder().add("@id", before.get("@id")).add("@type", before.get("@type"));
			if (subscription.sysAttrs()) {
				copy(before, gone, NgsiLd.CREATED_AT);
				copy(before, gone, NgsiLd.MODIFIED_AT);
			}
			var compacted = JSON.createObjectBuilder(ld.compact(gone.build(), context)).add("deletedAt", now.toString());
			for (var name : nulled) {
				var term = ld.compactTerm(name, context);
				compacted.add(term, nulled(first(previous.get(term)), subscription, false, now));
				wholly.add(term);
			}
			entity = compacted.build();
		}
		else {
			var node = JSON.createObjectBuilder();
			after.forEach((name, value) -> {
				boolean system = name.equals(NgsiLd.CREATED_AT) || name.equals(NgsiLd.MODIFIED_AT);
				if (name.startsWith("@")) {
					node.add(name, value);
				}
				else if (system ? subscription.sysAttrs()
						: subscription.attributes().isEmpty() || subscription.attributes().contains(name)) {
					var instances = inDatasets(value, subscription.datasetIds());
					if (instances != null) {
						node.add(name, subscription.sysAttrs() ? instances : untimed(instances));
					}
				}
			});
			var built = ld.compact(node.build(), context);
			var compacted = JSON.createObjectBuilder(built);
			if (subscription.showChanges()) {
				for (var name : change.updated()) {
					var term = ld.compactTerm(name, context);
					if (built.get(term) != null && previous.get(term) != null) {
						compacted.add(term, withPrevious(built.get(term), previous.get(term)));
					}
				}
			}
			for (var name : nulled) {
				var term = ld.compactTerm(name, context);
				var taken = change.takenAway().get(name);
				if (taken == null) {
					compacted.add(term, nulled(first(previous.get(term)), subscription, false, now));
					wholly.add(term);
					continue;
				}
				// instances taken away, beside those still there
				var instances = JSON.createArrayBuilder();
				var still = built.get(term);
				if (still instanceof JsonArray array) {
					array.forEach(instances::add);
				}
				else if (still != null) {
					instances.add(still);
				}
				var goneIds = new HashSet<String>();
				taken.forEach(instance -> goneIds.add(datasetOf(instance)));
				for (var one : all(previous.get(term))) {
					var dataset = one.get("datasetId") instanceof JsonString d ? d.getString() : "@none";
					if (goneIds.contains(dataset)) {
						instances.add(nulled(one, subscription, true, now));
					}
				}
				var array = instances.build();
				compacted.add(term, array.size() == 1 ? array.get(0) : array);
			}
			entity = compacted.build();
		}
		List<JsonObject> data;
		var join = subscription.join();
		UnaryOperator<String> names = name -> ld.compactTerm(ld.expandTerm(name, context), context);
		if (join != null && after != null) {
			data = jp.tsunagu.hub.Join.joined(entity, join, subscription.projection(), names,
					linked -> entities.getObject().find(tenant, linked)
						.map(stored -> ld.compact(subscription.sysAttrs() ? stored.withSystemAttributes() : stored.node(), context)));
		}
		else {
			data = List.of(subscription.projection() == null ? entity
					: jp.tsunagu.hub.Join.projected(entity, subscription.projection(), names));
		}
		if (subscription.format().equals("normalized")) {
			return data;
		}
		var simplified = new ArrayList<JsonObject>(data.size());
		for (var one : data) {
			var simple = Simplified.of(one);
			if (one == data.get(0) && !wholly.isEmpty()) {
				var withNulls = JSON.createObjectBuilder(simple);
				wholly.stream().filter(simple::containsKey).forEach(term -> withNulls.add(term, NULL));
				simple = withNulls.build();
			}
			simplified.add(simple);
		}
		return simplified;
	}

	/** An attribute's instances without their system times. */
	private static JsonValue untimed(JsonValue instances) {
		if (!(instances instanceof JsonArray array)) {
			return instances;
		}
		var plain = JSON.createArrayBuilder();
		for (var instance : array) {
			plain.add(instance instanceof JsonObject object
					? JSON.createObjectBuilder(object).remove(NgsiLd.CREATED_AT).remove(NgsiLd.MODIFIED_AT).build() : instance);
		}
		return plain.build();
	}

	/** Only the instances of the datasets a subscription names (all if it names none); null if none is left. */
	private static @Nullable JsonValue inDatasets(JsonValue instances, Set<String> datasetIds) {
		if (datasetIds.isEmpty() || !(instances instanceof JsonArray array)) {
			return instances;
		}
		var kept = JSON.createArrayBuilder();
		int n = 0;
		for (var instance : array) {
			if (instance instanceof JsonObject object && datasetIds.contains(datasetOf(object))) {
				kept.add(instance);
				n++;
			}
		}
		return n == 0 ? null : kept.build();
	}

	private static String datasetOf(JsonObject expandedInstance) {
		return expandedInstance.get(DATASET_ID) instanceof JsonArray ids && !ids.isEmpty()
				&& ids.get(0) instanceof JsonObject id && id.get("@id") instanceof JsonString text ? text.getString() : "@none";
	}

	/** An attribute's instances (expanded) by datasetId ({@code @none} for the default one). */
	private static Map<String, JsonObject> byDataset(JsonValue instances) {
		var all = new LinkedHashMap<String, JsonObject>();
		if (instances instanceof JsonArray array) {
			for (var instance : array) {
				if (instance instanceof JsonObject object) {
					all.put(datasetOf(object), object);
				}
			}
		}
		return all;
	}

	/** The compacted instances of an attribute. */
	private static List<JsonObject> all(@Nullable JsonValue attribute) {
		if (attribute instanceof JsonObject one) {
			return List.of(one);
		}
		var all = new ArrayList<JsonObject>();
		if (attribute instanceof JsonArray array) {
			array.forEach(value -> {
				if (value instanceof JsonObject one) {
					all.add(one);
				}
			});
		}
		return all;
	}

	/** Of an attribute's instances, the default one (no datasetId), else the first. */
	private static @Nullable JsonObject first(@Nullable JsonValue attribute) {
		var all = all(attribute);
		return all.stream().filter(one -> !one.containsKey("datasetId")).findFirst()
			.orElse(all.isEmpty() ? null : all.get(0));
	}

	/** An attribute (compacted) with its previous content ({@code previousValue}, {@code previousObject}, ...) beside the new, instance by instance. */
	private static JsonValue withPrevious(JsonValue now, JsonValue was) {
		var earlier = new java.util.HashMap<String, JsonObject>();
		for (var one : all(was)) {
			earlier.put(one.get("datasetId") instanceof JsonString d ? d.getString() : "@none", one);
		}
		var instances = JSON.createArrayBuilder();
		for (var one : all(now)) {
			var before = earlier.get(one.get("datasetId") instanceof JsonString d ? d.getString() : "@none");
			var member = content(one);
			if (before != null && before.get(member) != null && !before.get(member).equals(one.get(member))) {
				instances.add(JSON.createObjectBuilder(one).add(previous(member), before.get(member)));
			}
			else {
				instances.add(one);
			}
		}
		var array = instances.build();
		return now instanceof JsonArray ? array : array.get(0);
	}

	/** The member holding an attribute's content by its type (compacted). */
	private static String content(JsonObject attribute) {
		return Simplified.member(attribute.get("type") instanceof JsonString t ? t.getString() : "Property");
	}

	/** The member of a previous content: previousValue, previousObject, previousLanguageMap, ... */
	private static String previous(String member) {
		return "previous" + Character.toUpperCase(member.charAt(0)) + member.substring(1);
	}

	private static void copy(JsonObject from, jakarta.json.JsonObjectBuilder to, String name) {
		if (from.get(name) != null) {
			to.add(name, from.get(name));
		}
	}

	/**
	 * A deleted attribute (or instance) as the standard writes it: its type, NGSI-LD Null for its
	 * content, its datasetId if an instance of one; with showChanges what it held, with sysAttrs when it went.
	 */
	private static JsonObject nulled(@Nullable JsonObject was, Subscription subscription, boolean instance, Instant now) {
		var type = was != null && was.get("type") instanceof JsonString t ? t.getString() : "Property";
		var attribute = JSON.createObjectBuilder().add("type", type);
		var member = was == null ? "value" : content(was);
		switch (member) {
			case "languageMap" -> attribute.add(member, JSON.createObjectBuilder().add("@none", NULL));
			default -> attribute.add(member, NULL);
		}
		if (was != null && subscription.showChanges() && was.get(member) != null) {
			attribute.add(previous(member), was.get(member));
		}
		if (instance && was != null && was.get("datasetId") != null) {
			attribute.add("datasetId", was.get("datasetId"));
		}
		if (subscription.sysAttrs()) {
			if (was != null && was.get("createdAt") != null) {
				attribute.add("createdAt", was.get("createdAt"));
				attribute.add("modifiedAt", was.get("modifiedAt") != null ? was.get("modifiedAt") : was.get("createdAt"));
			}
			attribute.add("deletedAt", now.toString());
		}
		return attribute.build();
	}

	static Set<String> types(JsonObject entity) {
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
