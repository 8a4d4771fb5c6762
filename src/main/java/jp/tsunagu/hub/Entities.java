package jp.tsunagu.hub;

import static jp.tsunagu.hub.jsonld.Jsons.JSON;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jp.tsunagu.hub.HubRefused.Type;
import jp.tsunagu.hub.internal.EntityRows;

/**
 * The hub's entities, in JSON-LD's expanded form: checked as NGSI-LD entities (an id that is a
 * URI, at least one type, attributes that are Properties, Relationships, GeoProperties and the
 * standard's other attribute types, each with the member its type requires), stored per tenant,
 * found, listed and deleted. System attributes ({@code createdAt}, {@code modifiedAt}) are the
 * hub's: any sent are dropped, and they are given back only when asked for.
 */
@Service
public class Entities {

	/** Most entities one query page may hold (NGSI-LD lets a broker set its own limit). */
	public static final int MAX_LIMIT = 1000;

	private static final Set<String> SYSTEM = Set.of(NgsiLd.CREATED_AT, NgsiLd.MODIFIED_AT);

	private final EntityRows rows;

	private final Clock clock;

	private final jp.tsunagu.hub.jsonld.LinkedData ld;

	private final jp.tsunagu.hub.subscriptions.Notifier notifier;

	private final jp.tsunagu.hub.temporal.History history;

	private final Tenants tenants;

	Entities(Tenants tenants, EntityRows rows, Clock clock, jp.tsunagu.hub.jsonld.LinkedData ld,
			jp.tsunagu.hub.subscriptions.Notifier notifier, jp.tsunagu.hub.temporal.History history) {
		this.tenants = tenants;
		this.rows = rows;
		this.notifier = notifier;
		this.history = history;
		this.clock = clock;
		this.ld = ld;
	}

	/**
	 * Stores a new entity written in the compact form with this context (a context URL, an inline
	 * context object, or an array of them; the core context is applied last), as a partner's
	 * {@code POST /ngsi-ld/v1/entities} would: for the platform's own publishers, such as the demo ward.
	 */
	@Transactional
	public String publish(String tenant, JsonObject entity, JsonValue context) {
		return create(tenant, ld.expand(entity, jp.tsunagu.hub.jsonld.LinkedData.contextOf(List.of(context))));
	}

	/** How many entities of this type (an IRI) a tenant holds. */
	@Transactional(readOnly = true)
	public long count(String tenant, String type) {
		return rows.count(tenant, new EntityRows.Filter(List.of(type), List.of(), null));
	}

	/** A stored entity: its expanded JSON-LD node and its system times. */
	public record Stored(JsonObject node, Instant createdAt, Instant modifiedAt, @org.jspecify.annotations.Nullable JsonObject times,
			@org.jspecify.annotations.Nullable String text) {

		public Stored(JsonObject node, Instant createdAt, Instant modifiedAt) {
			this(node, createdAt, modifiedAt, null, null);
		}

		public Stored(JsonObject node, Instant createdAt, Instant modifiedAt, @org.jspecify.annotations.Nullable JsonObject times) {
			this(node, createdAt, modifiedAt, times, null);
		}

		/** What the entity is, as text that differs whenever its answer may (body, and with system attributes their times). */
		public String identity(boolean systemAttributes) {
			var body = text != null ? text : node.toString();
			return systemAttributes ? body + "\u0000" + createdAt + "\u0000" + modifiedAt + "\u0000" + times : body;
		}

		/**
		 * The node with {@code createdAt} and {@code modifiedAt}, the entity's and each attribute
		 * instance's own (the entity's where the instance has none of its own kept: it came with the entity).
		 */
		public JsonObject withSystemAttributes() {
			var entity = JSON.createObjectBuilder();
			node.forEach((name, value) -> {
				if (name.startsWith("@") || !(value instanceof JsonArray instances)) {
					entity.add(name, value);
					return;
				}
				var own = times != null && times.get(name) instanceof JsonObject object ? object : null;
				var timed = JSON.createArrayBuilder();
				for (var instance : instances) {
					if (!(instance instanceof JsonObject attribute)) {
						timed.add(instance);
						continue;
					}
					var at = own != null && own.get(datasetOf(attribute)) instanceof JsonArray pair && pair.size() == 2 ? pair
							: null;
					timed.add(JSON.createObjectBuilder(attribute)
						.add(NgsiLd.CREATED_AT, at != null ? dateTime(at.getString(0)) : dateTime(createdAt))
						.add(NgsiLd.MODIFIED_AT, at != null ? dateTime(at.getString(1)) : dateTime(createdAt)));
				}
				entity.add(name, timed);
			});
			entity.add(NgsiLd.CREATED_AT, dateTime(createdAt));
			entity.add(NgsiLd.MODIFIED_AT, dateTime(modifiedAt));
			return entity.build();
		}

		/** The node with the entity's {@code createdAt} and {@code modifiedAt} only (what a {@code q} reads unless it asks for an attribute's). */
		public JsonObject withEntityTimes() {
			return JSON.createObjectBuilder(node).add(NgsiLd.CREATED_AT, dateTime(createdAt))
				.add(NgsiLd.MODIFIED_AT, dateTime(modifiedAt)).build();
		}

		/**
		 * The attributes' own times after a write that leaves {@code node} where this was, as
		 * stored: an instance as it was keeps its times, a changed one is modified now, a new one
		 * created now.
		 */
		JsonObject timesAfter(JsonObject node, Instant now) {
			var all = JSON.createObjectBuilder();
			var at = now.toString();
			node.forEach((name, value) -> {
				if (name.startsWith("@") || !(value instanceof JsonArray instances)) {
					return;
				}
				var was = byDataset(this.node.get(name));
				var own = times != null && times.get(name) instanceof JsonObject object ? object : null;
				var attribute = JSON.createObjectBuilder();
				for (var instance : instances) {
					if (!(instance instanceof JsonObject object)) {
						continue;
					}
					var dataset = datasetOf(object);
					var previous = was.get(dataset);
					var kept = own != null && own.get(dataset) instanceof JsonArray pair && pair.size() == 2 ? pair : null;
					var created = previous == null ? at : kept != null ? kept.getString(0) : createdAt.toString();
					var modified = previous == null || !previous.equals(object) ? at
							: kept != null ? kept.getString(1) : createdAt.toString();
					attribute.add(dataset, JSON.createArrayBuilder().add(created).add(modified));
				}
				all.add(name, attribute);
			});
			return all.build();
		}

		private static JsonArray dateTime(String at) {
			return JSON.createArrayBuilder()
				.add(JSON.createObjectBuilder().add("@type", NgsiLd.DATE_TIME).add("@value", at))
				.build();
		}

		private static JsonArray dateTime(Instant at) {
			return JSON.createArrayBuilder()
				.add(JSON.createObjectBuilder().add("@type", NgsiLd.DATE_TIME).add("@value", at.toString()))
				.build();
		}
	}

	/** A page of a query, how many entities the query matches in all (-1: not counted), and whether more follow the page. */
	public record Page(List<Stored> entities, long total, boolean more) {
	}

	/**
	 * Stores a new entity (an expanded JSON-LD node).
	 *
	 * @throws HubRefused BadRequestData if it is not an NGSI-LD entity, AlreadyExists if its id is taken
	 */
	@Transactional
	public String create(String tenant, JsonObject node) {
		var entity = checked(node);
		refuseNull(entity);
		var id = ((JsonString) entity.get("@id")).getString();
		try {
			inserted(tenant, id, entity);
		}
		catch (DuplicateKeyException taken) {
			throw new HubRefused(Type.ALREADY_EXISTS, "an entity with id " + id + " exists");
		}
		return id;
	}

	/**
	 * Creates an entity, or, if its id is taken, replaces it (all its attributes; it keeps its
	 * createdAt) or with {@code replace} false updates it (the given attributes replace the same
	 * ones, the rest stay). Whether it was created.
	 *
	 * @throws HubRefused BadRequestData if it is not an NGSI-LD entity
	 */
	@Transactional
	public boolean upsert(String tenant, JsonObject node, boolean replace) {
		var entity = checked(node);
		refuseNull(entity);
		var id = ((JsonString) entity.get("@id")).getString();
		var existing = rows.lock(tenant, id);
		if (existing.isEmpty()) {
			inserted(tenant, id, entity);
			return true;
		}
		if (replace) {
			written(tenant, id, entity, existing.get());
		}
		else {
			var merged = new java.util.LinkedHashMap<String, JsonValue>(stored(existing.get()).node());
			entity.forEach((name, value) -> {
				if (name.equals("@type")) {
					var all = new LinkedHashSet<JsonValue>((JsonArray) merged.get("@type"));
					all.addAll((JsonArray) value);
					merged.put(name, JSON.createArrayBuilder(List.copyOf(all)).build());
				}
				else if (!name.equals("@id")) {
					merged.put(name, value);
				}
			});
			save(tenant, id, merged, existing.get());
		}
		return false;
	}

	@Transactional(readOnly = true)
	public Optional<Stored> find(String tenant, String id) {
		return rows.find(tenant, id).map(Entities::stored);
	}

	/** Deletes an entity; whether there was one. */
	@Transactional
	public boolean delete(String tenant, String id) {
		var before = rows.lock(tenant, id);
		if (before.isEmpty() || !rows.delete(tenant, id)) {
			return false;
		}
		history.deleted(tenant, id);
		notifier.changed(tenant, stored(before.get()), null);
		return true;
	}

	@Transactional(readOnly = true)
	public Page query(String tenant, EntityRows.Filter filter, int offset, int limit, boolean count) {
		return query(tenant, filter, null, offset, limit, count);
	}

	/**
	 * A page of the entities a filter asks for that also match a query ({@code q}, its names
	 * expanded), in id order (nearest first for {@code near;maxDistance}), and with {@code count}
	 * how many match in all.
	 */
	@Transactional(readOnly = true)
	public Page query(String tenant, EntityRows.Filter filter, jp.tsunagu.hub.query.@org.jspecify.annotations.Nullable Query q,
			int offset, int limit, boolean count) {
		if (filter.geo() != null && filter.geo().nearestFirst()) {
			return nearest(tenant, filter, q, offset, limit, count);
		}
		var geo = rows.evaluatesGeometry() ? null : filter.geo();
		if (q == null && geo == null) {
			// one row more than the page, to know whether another page follows
			var found = limit == 0 ? List.<Stored>of()
					: rows.query(tenant, filter, offset, limit + 1).stream().map(Entities::stored).toList();
			return new Page(found.size() > limit ? found.subList(0, limit) : found, count ? rows.count(tenant, filter) : -1,
					found.size() > limit);
		}
		// an attribute's own times are put in only for a q that reads them
		boolean attributeTimes = q != null && q.mentions(NgsiLd.CREATED_AT, NgsiLd.MODIFIED_AT);
		// what the database cannot answer is decided here, entity by entity, in id order
		var found = new ArrayList<Stored>();
		long[] matched = { 0 };
		rows.scan(tenant, filter, row -> {
			var entity = stored(row);
			if ((q == null || jp.tsunagu.hub.query.QueryMatcher.matches(q,
					attributeTimes ? entity.withSystemAttributes() : entity.withEntityTimes(),
					linked -> find(tenant, linked).map(Stored::withSystemAttributes)))
					&& (geo == null || located(entity.node(), geo))) {
				if (matched[0] >= offset && found.size() <= limit) {
					found.add(entity);
				}
				matched[0]++;
			}
			return count || found.size() <= limit;
		});
		boolean more = found.size() > limit;
		return new Page(more ? found.subList(0, limit) : found, count ? matched[0] : -1, more);
	}

	/**
	 * A page of a {@code near;maxDistance} query, nearest first, then by id (what a resident asking
	 * what is near expects, and what MongoDB-based brokers answer). Without {@code q} on PostgreSQL
	 * the database walks its geography index nearest first and stops after the page; otherwise every
	 * match is visited (in id order, as {@link #query} does) and only the {@code offset + limit + 1}
	 * nearest ids are kept, so memory stays bounded by the page asked for, not by the matches.
	 */
	private Page nearest(String tenant, EntityRows.Filter filter, jp.tsunagu.hub.query.@org.jspecify.annotations.Nullable Query q,
			int offset, int limit, boolean count) {
		var geo = java.util.Objects.requireNonNull(filter.geo());
		if (q == null && rows.evaluatesGeometry()) {
			var found = limit == 0 ? List.<Stored>of()
					: rows.nearest(tenant, filter, offset, limit + 1).stream().map(Entities::stored).toList();
			return new Page(found.size() > limit ? found.subList(0, limit) : found, count ? rows.count(tenant, filter) : -1,
					found.size() > limit);
		}
		boolean attributeTimes = q != null && q.mentions(NgsiLd.CREATED_AT, NgsiLd.MODIFIED_AT);
		int kept = (int) Math.min(Integer.MAX_VALUE - 1, (long) offset + limit + 1);
		// the farthest of those kept on top, to be dropped when a nearer one comes
		var nearest = new java.util.PriorityQueue<Near>(Math.min(kept, 1024), Near.ORDER.reversed());
		long[] matched = { 0 };
		rows.scan(tenant, filter, row -> {
			var entity = stored(row);
			if (q != null && !jp.tsunagu.hub.query.QueryMatcher.matches(q,
					attributeTimes ? entity.withSystemAttributes() : entity.withEntityTimes(),
					linked -> find(tenant, linked).map(Stored::withSystemAttributes))) {
				return true;
			}
			double metres = metres(entity.node(), geo);
			// (PostgreSQL has decided the distance already: its answer stands, on the edge too)
			if (!rows.evaluatesGeometry() && metres > geo.distance()) {
				return true;
			}
			matched[0]++;
			var near = new Near(metres, row.id());
			if (nearest.size() < kept) {
				nearest.add(near);
			}
			else if (Near.ORDER.compare(near, nearest.peek()) < 0) {
				nearest.poll();
				nearest.add(near);
			}
			return true;
		});
		var ordered = new ArrayList<>(nearest);
		ordered.sort(Near.ORDER);
		var page = new ArrayList<Stored>();
		for (int i = offset; i < ordered.size() && page.size() <= limit; i++) {
			rows.find(tenant, ordered.get(i).id()).map(Entities::stored).ifPresent(page::add);
		}
		boolean more = page.size() > limit;
		return new Page(more ? page.subList(0, limit) : page, count ? matched[0] : -1, more);
	}

	/** An entity's distance from a near query's geometry, for {@link #nearest}. */
	private record Near(double metres, String id) {

		static final java.util.Comparator<Near> ORDER = java.util.Comparator.comparingDouble(Near::metres)
			.thenComparing(Near::id);
	}

	/** How far (metres) the nearest instance of the geo-query's GeoProperty is from its geometry; infinite without one. */
	static double metres(JsonObject entity, jp.tsunagu.hub.query.GeoQuery geo) {
		var attribute = entity.get(geo.geoproperty());
		if (attribute == null) {
			return Double.POSITIVE_INFINITY;
		}
		return geometries(java.util.Map.of(geo.geoproperty(), attribute)).stream()
			.mapToDouble(located -> geo.metresTo(located.geometry()))
			.min()
			.orElse(Double.POSITIVE_INFINITY);
	}

	/** Whether an entity (expanded) has an instance of the geo-query's GeoProperty where the query looks. */
	public static boolean located(JsonObject entity, jp.tsunagu.hub.query.GeoQuery geo) {
		var attribute = entity.get(geo.geoproperty());
		return attribute != null && geometries(java.util.Map.of(geo.geoproperty(), attribute)).stream()
			.anyMatch(located -> geo.matches(located.geometry()));
	}

	// ---- attributes (5.6.2 to 5.6.5)

	/** What an attribute operation did: the attributes changed, and those not, with why. */
	public record UpdateResult(List<String> updated, List<NotUpdated> notUpdated) {
	}

	public record NotUpdated(String attribute, String reason) {
	}

	/**
	 * Appends the attributes of an expanded fragment (5.6.3): a new attribute, or a new instance (its
	 * datasetId) of one, is added; one the entity has is replaced, unless {@code noOverwrite}. Types
	 * given are added to the entity's.
	 */
	@Transactional
	public UpdateResult append(String tenant, String id, JsonObject fragment, boolean noOverwrite) {
		return change(tenant, id, fragment, (existing, given) -> existing == null || !noOverwrite,
				"the entity has this attribute and noOverwrite was asked for", true);
	}

	/** Updates the attributes of an expanded fragment that the entity has (5.6.2), instance by datasetId. */
	@Transactional
	public UpdateResult update(String tenant, String id, JsonObject fragment) {
		return change(tenant, id, fragment, (existing, given) -> existing != null, "the entity has no such attribute",
				false);
	}

	private interface Rule {

		boolean takes(@org.jspecify.annotations.Nullable JsonObject existing, JsonObject given);
	}

	private UpdateResult change(String tenant, String id, JsonObject fragment, Rule rule, String refusal,
			boolean addsNew) {
		// the NGSI-LD Null deletes (4.5.x); what is no attribute is refused before the entity is looked for
		var apart = nullsApart(fragment);
		var attributes = apart.attributes() || fragment.containsKey("@type") ? checkedFragment(id, apart.rest())
				: JsonValue.EMPTY_JSON_OBJECT;
		if (attributes.isEmpty() && apart.deleted().isEmpty()) {
			throw new HubRefused(Type.BAD_REQUEST_DATA, "the fragment holds no attribute");
		}
		var row = rows.lock(tenant, id).orElseThrow(() -> new HubRefused(Type.RESOURCE_NOT_FOUND, "no entity " + id));
		var entity = new java.util.LinkedHashMap<String, JsonValue>(stored(row).node());
		var updated = new ArrayList<String>();
		var notUpdated = new ArrayList<NotUpdated>();
		for (var name : apart.deleted().keySet()) {
			if (removed(entity, Map.of(name, apart.deleted().get(name)))) {
				updated.add(name);
			}
			else {
				notUpdated.add(new NotUpdated(name, "the entity has no such attribute to delete"));
			}
		}
		for (var member : attributes.entrySet()) {
			var name = member.getKey();
			if (name.equals("@type")) {
				addTypes(entity, (JsonArray) member.getValue());
				continue;
			}
			var instances = byDataset(entity.get(name));
			boolean changed = false;
			for (var given : (JsonArray) member.getValue()) {
				var instance = (JsonObject) given;
				var key = datasetOf(instance);
				var existing = instances.get(key);
				if ((existing == null && !addsNew) || !rule.takes(existing, instance)) {
					continue;
				}
				instances.put(key, instance);
				changed = true;
			}
			if (changed) {
				entity.put(name, JSON.createArrayBuilder(List.copyOf(instances.values())).build());
				updated.add(name);
			}
			else {
				notUpdated.add(new NotUpdated(name, refusal));
			}
		}
		if (!updated.isEmpty() || attributes.containsKey("@type")) {
			save(tenant, id, entity, row);
		}
		return new UpdateResult(updated, notUpdated);
	}

	/**
	 * Replaces an entity (5.6.18): its attributes become those given; its types too, if any are given;
	 * its createdAt stays.
	 *
	 * @throws HubRefused ResourceNotFound if there is no such entity, BadRequestData if the body is no entity
	 */
	@Transactional
	public void replace(String tenant, String id, JsonObject fragment) {
		var row = rows.lock(tenant, id).orElseThrow(() -> new HubRefused(Type.RESOURCE_NOT_FOUND, "no entity " + id));
		if (fragment.get("@id") instanceof JsonString given && !given.getString().equals(id)) {
			throw new HubRefused(Type.BAD_REQUEST_DATA, "the body names another entity");
		}
		var node = JSON.createObjectBuilder(fragment).add("@id", id);
		if (!fragment.containsKey("@type")) {
			node.add("@type", stored(row).node().get("@type"));
		}
		var entity = checked(node.build());
		written(tenant, id, entity, row);
	}

	/**
	 * Merges into an entity (5.6.17): each attribute given replaces the instance of its datasetId (or
	 * is added), the others stay; types given are added.
	 *
	 * @throws HubRefused ResourceNotFound if there is no such entity, BadRequestData if the body is no fragment
	 */
	@Transactional
	public void merge(String tenant, String id, JsonObject fragment) {
		// the NGSI-LD Null says: delete this attribute (this instance of it); the rest is checked as any fragment
		var apart = nullsApart(fragment);
		var checked = apart.attributes() || fragment.containsKey("@type") ? checkedFragment(id, apart.rest())
				: JsonValue.EMPTY_JSON_OBJECT;
		if (checked.isEmpty() && apart.deleted().isEmpty()) {
			throw new HubRefused(Type.BAD_REQUEST_DATA, "the fragment holds no attribute");
		}
		var row = rows.lock(tenant, id).orElseThrow(() -> new HubRefused(Type.RESOURCE_NOT_FOUND, "no entity " + id));
		var entity = new java.util.LinkedHashMap<String, JsonValue>(stored(row).node());
		removed(entity, apart.deleted());
		for (var member : checked.entrySet()) {
			var name = member.getKey();
			if (name.equals("@type")) {
				addTypes(entity, (JsonArray) member.getValue());
				continue;
			}
			var instances = byDataset(entity.get(name));
			for (var instance : (JsonArray) member.getValue()) {
				var object = (JsonObject) instance;
				var key = datasetOf(object);
				var existing = instances.get(key);
				instances.put(key, existing == null ? object : mergedInstance(existing, object));
			}
			entity.put(name, JSON.createArrayBuilder(List.copyOf(instances.values())).build());
		}
		save(tenant, id, entity, row);
	}

	/** Adds types to an entity's (expanded), each once, in order. */
	private static void addTypes(Map<String, JsonValue> entity, JsonArray given) {
		var types = new LinkedHashSet<JsonValue>((JsonArray) entity.get("@type"));
		types.addAll(given);
		entity.put("@type", JSON.createArrayBuilder(List.copyOf(types)).build());
	}

	/** A fragment's attributes set to the NGSI-LD Null (by name, their datasetIds), and the rest. */
	private record Apart(Map<String, Set<String>> deleted, JsonObject rest, boolean attributes) {
	}

	private static Apart nullsApart(JsonObject fragment) {
		var deleted = new java.util.LinkedHashMap<String, Set<String>>();
		var rest = JSON.createObjectBuilder();
		boolean attributes = false;
		for (var member : fragment.entrySet()) {
			var name = member.getKey();
			if (name.startsWith("@") || !(member.getValue() instanceof JsonArray instances)) {
				rest.add(name, member.getValue());
				continue;
			}
			var kept = JSON.createArrayBuilder();
			boolean any = false;
			for (var instance : instances) {
				if (instance instanceof JsonObject object && isNull(object)) {
					deleted.computeIfAbsent(name, n -> new LinkedHashSet<>()).add(datasetOf(object));
				}
				else {
					kept.add(instance);
					any = true;
				}
			}
			if (any) {
				rest.add(name, kept);
				attributes = true;
			}
		}
		return new Apart(deleted, rest.build(), attributes);
	}

	/** Removes the instances (by datasetId) of attributes of an entity; whether any was there. */
	private static boolean removed(Map<String, JsonValue> entity, Map<String, Set<String>> deleted) {
		boolean any = false;
		for (var gone : deleted.entrySet()) {
			var instances = byDataset(entity.get(gone.getKey()));
			for (var dataset : gone.getValue()) {
				any |= instances.remove(dataset) != null;
			}
			if (instances.isEmpty()) {
				entity.remove(gone.getKey());
			}
			else {
				entity.put(gone.getKey(), JSON.createArrayBuilder(List.copyOf(instances.values())).build());
			}
		}
		return any;
	}

	/** Whether an attribute instance of a fragment is the NGSI-LD Null: its content is urn:ngsi-ld:null. */
	private static boolean isNull(JsonObject instance) {
		if (isNullValue(instance)) {
			return true;
		}
		for (var member : CONTENTS) {
			if (instance.get(member) instanceof JsonArray values && values.size() == 1 && values.get(0) instanceof JsonObject value
					&& isNullValue(value)) {
				return true;
			}
		}
		return false;
	}

	private static boolean isNullValue(JsonObject value) {
		return (value.get("@value") instanceof JsonString text && text.getString().equals(NULL))
				|| (value.get("@id") instanceof JsonString iri && iri.getString().equals(NULL) && value.size() == 1);
	}

	/**
	 * An attribute instance merged with a fragment's (5.6.17, JSON Merge Patch): the fragment's
	 * members replace the instance's, the others stay; a value that is a JSON object on both sides is
	 * merged member by member, the NGSI-LD Null deleting one.
	 */
	private static JsonObject mergedInstance(JsonObject existing, JsonObject given) {
		var merged = new java.util.LinkedHashMap<String, JsonValue>(existing);
		given.forEach((name, value) -> {
			if (name.equals(NgsiLd.HAS_VALUE) && existing.get(name) instanceof JsonArray before) {
				merged.put(name, mergedValue(before, (JsonArray) value));
			}
			else {
				merged.put(name, value);
			}
		});
		return JSON.createObjectBuilder(merged).build();
	}

	private static JsonValue mergedValue(JsonArray before, JsonArray patch) {
		if (before.size() != 1 || patch.size() != 1 || !(before.get(0) instanceof JsonObject old)
				|| !(patch.get(0) instanceof JsonObject change) || !isNode(old) || !isNode(change)) {
			return patch;
		}
		var merged = new java.util.LinkedHashMap<String, JsonValue>(old);
		change.forEach((name, value) -> {
			if (value instanceof JsonArray values && values.size() == 1 && values.get(0) instanceof JsonObject literal
					&& isNullValue(literal)) {
				merged.remove(name);
			}
			else if (old.get(name) instanceof JsonArray was && value instanceof JsonArray now) {
				merged.put(name, mergedValue(was, now));
			}
			else {
				merged.put(name, value);
			}
		});
		return JSON.createArrayBuilder().add(JSON.createObjectBuilder(merged)).build();
	}

	/** Whether an expanded value is a JSON object (a node), not a literal, an IRI or a list. */
	private static boolean isNode(JsonObject value) {
		return !value.containsKey("@value") && !value.containsKey("@id") && !value.containsKey("@list");
	}

	/**
	 * Partial attribute update (5.6.4): the members given (an expanded attribute fragment: value,
	 * observedAt, unitCode, sub-attributes, ...) replace those of the attribute's instance of that
	 * datasetId (the default one if none is given).
	 *
	 * @throws HubRefused ResourceNotFound if the entity, the attribute or the instance is not there
	 */
	@Transactional
	public void partialUpdate(String tenant, String id, String attribute, JsonObject members) {
		var row = rows.lock(tenant, id).orElseThrow(() -> new HubRefused(Type.RESOURCE_NOT_FOUND, "no entity " + id));
		var entity = new java.util.LinkedHashMap<String, JsonValue>(stored(row).node());
		var instances = byDataset(entity.get(attribute));
		var key = datasetOf(members);
		var existing = instances.get(key);
		if (existing == null) {
			throw new HubRefused(Type.RESOURCE_NOT_FOUND, "the entity has no such attribute (or instance)");
		}
		if (isNull(members)) {
			// the NGSI-LD Null deletes the instance
			removed(entity, Map.of(attribute, Set.of(key)));
			save(tenant, id, entity, row);
			return;
		}
		var merged = JSON.createObjectBuilder(existing);
		members.forEach((name, value) -> {
			if (!name.equals("@id") && !SYSTEM.contains(name)) {
				merged.add(name, value);
			}
		});
		var instance = merged.build();
		checkAttribute(attribute, JSON.createArrayBuilder().add(instance).build());
		instances.put(key, instance);
		entity.put(attribute, JSON.createArrayBuilder(List.copyOf(instances.values())).build());
		save(tenant, id, entity, row);
	}

	/**
	 * Replaces one instance of an attribute (5.6.19) by the fragment's (expanded, holding that
	 * attribute alone): the instance of its datasetId, the default one if it has none. The
	 * instance's createdAt stays, its modifiedAt is now.
	 *
	 * @throws HubRefused BadRequestData if the fragment is not one attribute instance, ResourceNotFound
	 *         if the entity or that instance is not there
	 */
	@Transactional
	public void replaceAttribute(String tenant, String id, String attribute, JsonObject fragment) {
		var checked = checkedFragment(id, fragment);
		if (!(checked.get(attribute) instanceof JsonArray given) || given.size() != 1 || checked.size() != 1) {
			throw new HubRefused(Type.BAD_REQUEST_DATA, "a replaced attribute is one instance of the attribute named");
		}
		var instance = given.getJsonObject(0);
		refuseNull(JSON.createObjectBuilder().add(attribute, given).build());
		var row = rows.lock(tenant, id).orElseThrow(() -> new HubRefused(Type.RESOURCE_NOT_FOUND, "no entity " + id));
		var entity = new java.util.LinkedHashMap<String, JsonValue>(stored(row).node());
		var instances = byDataset(entity.get(attribute));
		var key = datasetOf(instance);
		if (!instances.containsKey(key)) {
			throw new HubRefused(Type.RESOURCE_NOT_FOUND, "the entity has no such attribute (or instance)");
		}
		instances.put(key, instance);
		entity.put(attribute, JSON.createArrayBuilder(List.copyOf(instances.values())).build());
		save(tenant, id, entity, row);
	}

	/**
	 * Deletes an attribute (5.6.5): its default instance, the one of a datasetId, or all instances.
	 *
	 * @throws HubRefused ResourceNotFound if the entity, the attribute or the instance is not there
	 */
	@Transactional
	public void deleteAttribute(String tenant, String id, String attribute, @org.jspecify.annotations.Nullable String datasetId,
			boolean all) {
		var row = rows.lock(tenant, id).orElseThrow(() -> new HubRefused(Type.RESOURCE_NOT_FOUND, "no entity " + id));
		var entity = new java.util.LinkedHashMap<String, JsonValue>(stored(row).node());
		var instances = byDataset(entity.get(attribute));
		if (all) {
			if (instances.isEmpty()) {
				throw new HubRefused(Type.RESOURCE_NOT_FOUND, "the entity has no such attribute");
			}
			instances.clear();
		}
		else if (instances.remove(datasetId == null ? "" : datasetId) == null) {
			throw new HubRefused(Type.RESOURCE_NOT_FOUND, "the entity has no such attribute (or instance)");
		}
		if (instances.isEmpty()) {
			entity.remove(attribute);
		}
		else {
			entity.put(attribute, JSON.createArrayBuilder(List.copyOf(instances.values())).build());
		}
		save(tenant, id, entity, row);
	}

	private void save(String tenant, String id, java.util.Map<String, JsonValue> entity, EntityRows.Row before) {
		var node = JSON.createObjectBuilder(entity).build();
		written(tenant, id, node, before);
	}

	/** Writes an entity's new state over {@code before}, and tells the subscriptions. */
	private void written(String tenant, String id, JsonObject node, EntityRows.Row before) {
		var now = clock.instant();
		var was = stored(before);
		var times = was.timesAfter(node, now);
		// types and geometries are rewritten only if the write changed them (a sensor's PATCH changes neither)
		var types = java.util.Objects.equals(was.node().get("@type"), node.get("@type")) ? null : types(node);
		var geometries = geoProperties(was.node()).equals(geoProperties(node)) ? null : geometries(node);
		rows.update(tenant, id, types, node.toString(), times.toString(), geometries, now);
		history.changed(tenant, was.node(), node);
		notifier.changed(tenant, was, new Stored(node, before.createdAt(), now, times));
	}

	/** An entity's GeoProperties (expanded), by name: what its geometries are made of. */
	private static java.util.Map<String, JsonValue> geoProperties(JsonObject node) {
		var geo = new java.util.HashMap<String, JsonValue>();
		node.forEach((name, value) -> {
			if (!name.startsWith("@") && value instanceof JsonArray instances && instances.stream().anyMatch(instance ->
					instance instanceof JsonObject attribute && attribute.get("@type") instanceof JsonArray types
							&& types.contains(GEO_PROPERTY_TYPE))) {
				geo.put(name, value);
			}
		});
		return geo;
	}

	private static final JsonValue GEO_PROPERTY_TYPE = JSON.createValue(NgsiLd.GEO_PROPERTY);

	/** Writes a new entity, and tells the subscriptions. */
	private void inserted(String tenant, String id, JsonObject entity) {
		var now = clock.instant();
		tenants.creating(tenant);
		rows.insert(tenant, id, types(entity), entity.toString(), geometries(entity), now);
		history.changed(tenant, null, entity);
		notifier.changed(tenant, null, new Stored(entity, now, now));
	}

	/** An attribute's instances by datasetId ({@code ""} for the default instance), in order. */
	private static java.util.LinkedHashMap<String, JsonObject> byDataset(@org.jspecify.annotations.Nullable JsonValue attribute) {
		var instances = new java.util.LinkedHashMap<String, JsonObject>();
		if (attribute instanceof JsonArray array) {
			for (var instance : array) {
				instances.put(datasetOf((JsonObject) instance), (JsonObject) instance);
			}
		}
		return instances;
	}

	private static String datasetOf(JsonObject instance) {
		var dataset = instance.get(NgsiLd.NS + "datasetId");
		var id = dataset instanceof JsonArray d && !d.isEmpty() && d.get(0) instanceof JsonObject o
				&& o.get("@id") instanceof JsonString s ? s.getString() : "";
		// "@none" names the default instance (4.5.5)
		return id.equals("@none") ? "" : id;
	}

	/** The attributes of an entity fragment, checked as an entity's are; an id given must be the entity's. */
	static JsonObject checkedFragment(String id, JsonObject fragment) {
		if (fragment.get("@id") instanceof JsonString given && !given.getString().equals(id)) {
			throw new HubRefused(Type.BAD_REQUEST_DATA, "the fragment names another entity");
		}
		var withIdentity = JSON.createObjectBuilder(fragment).add("@id", id);
		if (!fragment.containsKey("@type")) {
			withIdentity.add("@type", JSON.createArrayBuilder().add(NgsiLd.NS + "Entity"));
		}
		var checked = checked(withIdentity.build());
		var attributes = JSON.createObjectBuilder(checked).remove("@id");
		if (!fragment.containsKey("@type")) {
			attributes.remove("@type");
		}
		var result = attributes.build();
		if (result.isEmpty()) {
			throw new HubRefused(Type.BAD_REQUEST_DATA, "the fragment holds no attribute");
		}
		return result;
	}

	private static Stored stored(EntityRows.Row row) {
		return new Stored(jp.tsunagu.hub.jsonld.Jsons.object(row.body()), row.createdAt(), row.modifiedAt(),
				row.times() == null ? null : jp.tsunagu.hub.jsonld.Jsons.object(row.times()), row.body());
	}

	/** The types of an expanded entity. */
	/**
	 * The geometries of an entity's GeoProperties (each instance of each), for geo-queries.
	 *
	 * @throws HubRefused BadRequestData if a GeoProperty's value is not a GeoJSON geometry
	 */
	static List<EntityRows.Located> geometries(java.util.Map<String, JsonValue> entity) {
		var all = new ArrayList<EntityRows.Located>();
		entity.forEach((name, value) -> {
			if (name.startsWith("@") || !(value instanceof JsonArray instances)) {
				return;
			}
			for (var instance : instances) {
				if (instance instanceof JsonObject attribute && attribute.get("@type") instanceof JsonArray types
						&& types.contains(JSON.createValue(NgsiLd.GEO_PROPERTY))
						&& attribute.get(NgsiLd.HAS_VALUE) instanceof JsonArray values && !values.isEmpty()) {
					var geometry = jp.tsunagu.hub.query.GeoJson.ofExpanded(values.get(0));
					if (geometry.getGeometryType().equals("GeometryCollection")) {
						throw new HubRefused(Type.BAD_REQUEST_DATA, "a GeoProperty is a Point, LineString or Polygon, or a Multi- of them,"
								+ " not a GeometryCollection");
					}
					all.add(new EntityRows.Located(name, geometry));
				}
			}
		});
		return all;
	}

	static List<String> types(JsonObject entity) {
		var types = new ArrayList<String>();
		for (var type : entity.getJsonArray("@type")) {
			types.add(((JsonString) type).getString());
		}
		return types;
	}

	/** Whether a string is a URI with a scheme, as an entity id must be. */
	public static boolean isUri(String text) {
		if (text.isBlank() || text.length() > 1000 || text.chars().anyMatch(c -> c <= ' ' || c == '<' || c == '>'
				|| c == '"' || c == '{' || c == '}' || c == '|' || c == '\\' || c == '^' || c == '`')
				|| text.codePoints().anyMatch(Entities::invisible)) {
			return false;
		}
		try {
			var uri = new URI(text);
			return uri.getScheme() != null && !uri.getScheme().isEmpty();
		}
		catch (java.net.URISyntaxException ex) {
			return false;
		}
	}

	/**
	 * Whether a code point shows nothing or may pass for another (4.6.2): formatting and
	 * bidirectional controls (U+200B, U+202E, U+FEFF, ...), variation selectors, noncharacters,
	 * private use, the Hangul fillers and the blank Braille pattern; an id holding one is not the
	 * id a reader sees.
	 */
	private static boolean invisible(int cp) {
		var type = Character.getType(cp);
		return type == Character.FORMAT || type == Character.PRIVATE_USE || type == Character.UNASSIGNED
				|| type == Character.SURROGATE || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
				|| type == Character.SPACE_SEPARATOR || (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF)
				|| (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE || cp == 0x115F || cp == 0x1160 || cp == 0x3164
				|| cp == 0xFFA0 || cp == 0x2800 || cp == 0x180E;
	}

	/** Members that belong to an attribute, never an entity: an attribute of one of these names is a mistake. */
	private static final Set<String> NOT_ATTRIBUTE_NAMES = Set.of(NgsiLd.NS + "datasetId", NgsiLd.NS + "instanceId",
			NgsiLd.NS + "observedAt", NgsiLd.NS + "unitCode", NgsiLd.NS + "deletedAt", NgsiLd.HAS_VALUE, NgsiLd.HAS_OBJECT,
			NgsiLd.HAS_LANGUAGE_MAP, NgsiLd.HAS_JSON, NgsiLd.HAS_VOCAB, NgsiLd.HAS_VALUE_LIST, NgsiLd.HAS_OBJECT_LIST);

	/** What an attribute of each type holds as its content; an attribute holds its own type's only. */
	private static final Set<String> CONTENTS = Set.of(NgsiLd.HAS_VALUE, NgsiLd.HAS_OBJECT, NgsiLd.HAS_LANGUAGE_MAP,
			NgsiLd.HAS_JSON, NgsiLd.HAS_VOCAB, NgsiLd.HAS_VALUE_LIST, NgsiLd.HAS_OBJECT_LIST);

	/** Members the hub writes in notifications, never a client (4.5.x: previousValue, ...). */
	private static final Set<String> PREVIOUS = Set.of(NgsiLd.NS + "hasPreviousValue", NgsiLd.NS + "hasPreviousObject",
			NgsiLd.NS + "hasPreviousLanguageMap", NgsiLd.NS + "hasPreviousJson", NgsiLd.NS + "hasPreviousVocab",
			NgsiLd.NS + "hasPreviousValueList", NgsiLd.NS + "hasPreviousObjectList");

	public static final String NULL = "urn:ngsi-ld:null";

	private static final String SCOPE = NgsiLd.NS + "scope";

	private static final String DEFAULT_VOCABULARY = NgsiLd.NS + "default-context/";

	/** The entity as it is kept: checked, without system attributes. */
	static JsonObject checked(JsonObject node) {
		if (!(node.get("@id") instanceof JsonString id) || !isUri(id.getString())) {
			throw new HubRefused(Type.BAD_REQUEST_DATA, "an entity needs an id that is a URI");
		}
		if (!(node.get("@type") instanceof JsonArray types) || types.isEmpty()
				|| !types.stream().allMatch(t -> t instanceof JsonString s && isUri(s.getString()))) {
			throw new HubRefused(Type.BAD_REQUEST_DATA, "an entity needs a type");
		}
		for (var type : types) {
			var iri = ((JsonString) type).getString();
			if (iri.startsWith(DEFAULT_VOCABULARY) && !iri.substring(DEFAULT_VOCABULARY.length()).matches("[\\p{L}_].*")) {
				throw new HubRefused(Type.BAD_REQUEST_DATA, "a type's name starts with a letter");
			}
		}
		var kept = JSON.createObjectBuilder();
		var seen = new LinkedHashSet<String>();
		for (var member : node.entrySet()) {
			var name = member.getKey();
			if (name.equals("@id") || name.equals("@type")) {
				kept.add(name, member.getValue());
				continue;
			}
			if (name.startsWith("@")) {
				throw new HubRefused(Type.BAD_REQUEST_DATA, "an entity cannot hold " + name);
			}
			if (SYSTEM.contains(name)) {
				continue;
			}
			if (name.equals(SCOPE)) {
				kept.add(name, checkedScope(member.getValue()));
				continue;
			}
			if (!isUri(name) || NOT_ATTRIBUTE_NAMES.contains(name)) {
				throw new HubRefused(Type.BAD_REQUEST_DATA, "attribute " + name + " is not a valid name");
			}
			checkAttribute(name, member.getValue());
			seen.add(name);
			kept.add(name, withoutSystem(member.getValue()));
		}
		return kept.build();
	}

	/** An entity's scopes (4.18): each a path of names, as /Sapporo/Atsubetsu. */
	private static JsonValue checkedScope(JsonValue value) {
		if (!(value instanceof JsonArray scopes) || scopes.isEmpty()) {
			throw new HubRefused(Type.BAD_REQUEST_DATA, "scope is a scope or a list of them");
		}
		for (var scope : scopes) {
			if (!(scope instanceof JsonObject literal) || !(literal.get("@value") instanceof JsonString text)
					|| !text.getString().matches("(/[^/#+\\s]+)+") || text.getString().length() > 1000) {
				throw new HubRefused(Type.BAD_REQUEST_DATA, "a scope is a path of names, as /Sapporo/Atsubetsu");
			}
		}
		return value;
	}

	/**
	 * Refuses the NGSI-LD Null ({@code urn:ngsi-ld:null}) anywhere in an entity written whole: it
	 * says "delete this" in a merge or an update (4.5.x), and means nothing in what is created.
	 */
	static void refuseNull(JsonValue value) {
		if (value instanceof JsonObject object) {
			for (var member : object.entrySet()) {
				if ((member.getKey().equals("@value") || member.getKey().equals("@id")) && member.getValue() instanceof JsonString text
						&& text.getString().equals(NULL)) {
					throw new HubRefused(Type.BAD_REQUEST_DATA, "the NGSI-LD Null is for updates, not for what is created");
				}
				refuseNull(member.getValue());
			}
		}
		else if (value instanceof JsonArray array) {
			array.forEach(Entities::refuseNull);
		}
	}

	/** An attribute: one instance, or several with different datasetIds. */
	private static void checkAttribute(String name, JsonValue value) {
		if (!(value instanceof JsonArray instances) || instances.isEmpty()) {
			throw new HubRefused(Type.BAD_REQUEST_DATA, "attribute " + name + " has no value");
		}
		var datasets = new java.util.HashSet<String>();
		for (var instance : instances) {
			if (!(instance instanceof JsonObject attribute)) {
				throw new HubRefused(Type.BAD_REQUEST_DATA, "attribute " + name + " is not an NGSI-LD attribute");
			}
			var type = attributeType(attribute);
			if (type == null) {
				throw new HubRefused(Type.BAD_REQUEST_DATA, "attribute " + name + " needs a type (Property, Relationship, ...)");
			}
			var member = NgsiLd.memberOf(type);
			for (var other : attribute.keySet()) {
				if (CONTENTS.contains(other) && !other.equals(member) || PREVIOUS.contains(other)
						|| type.equals(NgsiLd.RELATIONSHIP) && other.equals(NgsiLd.NS + "unitCode")) {
					throw new HubRefused(Type.BAD_REQUEST_DATA, "attribute " + name + " of type "
							+ type.substring(NgsiLd.NS.length()) + " cannot hold " + other.substring(other.lastIndexOf('/') + 1));
				}
			}
			for (var sub : attribute.entrySet()) {
				// a member the context names (not a core term, nor one of the core's default vocabulary, such as
				// valueType or objectType) is a sub-attribute, an attribute itself (4.5.2): not a bare value
				if (!sub.getKey().startsWith("@") && !sub.getKey().startsWith(NgsiLd.NS)
						&& !(sub.getValue() instanceof JsonArray subs && !subs.isEmpty() && subs.stream()
							.allMatch(i -> i instanceof JsonObject o && attributeType(o) != null))) {
					throw new HubRefused(Type.BAD_REQUEST_DATA, "the sub-attribute " + sub.getKey() + " of " + name
							+ " needs a type (Property, Relationship, ...)");
				}
			}
			if (type.equals(NgsiLd.JSON_PROPERTY)) {
				if (attribute.containsKey(NgsiLd.NS + "unitCode")) {
					throw new HubRefused(Type.BAD_REQUEST_DATA, "a JsonProperty has no unitCode");
				}
				if (!(attribute.get(NgsiLd.HAS_JSON) instanceof JsonArray json) || json.size() != 1
						|| !(json.get(0) instanceof JsonObject literal)
						|| !(literal.get("@value") instanceof JsonObject || literal.get("@value") instanceof JsonArray)) {
					throw new HubRefused(Type.BAD_REQUEST_DATA, "a JsonProperty's json is a JSON object or array");
				}
			}
			if (name.equals(NgsiLd.NS + "location") && !type.equals(NgsiLd.GEO_PROPERTY)) {
				throw new HubRefused(Type.BAD_REQUEST_DATA, "location is a GeoProperty");
			}
			if (!attribute.containsKey(member)) {
				throw new HubRefused(Type.BAD_REQUEST_DATA, "attribute " + name + " of type "
						+ type.substring(NgsiLd.NS.length()) + " needs its " + member.substring(NgsiLd.NS.length()));
			}
			if (type.equals(NgsiLd.RELATIONSHIP) && !objectsAreUris(attribute.get(member))) {
				throw new HubRefused(Type.BAD_REQUEST_DATA, "relationship " + name + " must name an entity by its URI");
			}
			if (!datasets.add(datasetOf(attribute))) {
				throw new HubRefused(Type.BAD_REQUEST_DATA, "attribute " + name + " has two instances with one datasetId");
			}
			checkObservedAt(name, attribute);
		}
	}

	/** An attribute's observedAt, if it has one, is a date-time (the history orders by it). */
	public static void checkObservedAt(String name, JsonObject attribute) {
		var observedAt = attribute.get(NgsiLd.NS + "observedAt");
		if (observedAt == null) {
			return;
		}
		if (!(observedAt instanceof JsonArray values) || values.size() != 1 || !(values.get(0) instanceof JsonObject at)
				|| !(at.get("@value") instanceof JsonString text) || !text.getString().endsWith("Z")
				|| jp.tsunagu.hub.query.QueryMatcher.instant(text.getString()) == null) {
			throw new HubRefused(Type.BAD_REQUEST_DATA, "the observedAt of " + name + " is not a date-time in UTC (ending in Z)");
		}
	}

	private static boolean objectsAreUris(JsonValue objects) {
		if (!(objects instanceof JsonArray array) || array.isEmpty()) {
			return false;
		}
		for (var object : array) {
			if (!(object instanceof JsonObject o) || !(o.get("@id") instanceof JsonString id) || !isUri(id.getString())) {
				return false;
			}
		}
		return true;
	}

	private static @org.jspecify.annotations.Nullable String attributeType(JsonObject attribute) {
		if (!(attribute.get("@type") instanceof JsonArray types)) {
			return null;
		}
		for (var type : types) {
			if (type instanceof JsonString s && NgsiLd.ATTRIBUTE_TYPES.contains(s.getString())) {
				return s.getString();
			}
		}
		return null;
	}

	private static JsonValue withoutSystem(JsonValue instances) {
		var kept = JSON.createArrayBuilder();
		for (var instance : (JsonArray) instances) {
			var attribute = JSON.createObjectBuilder((JsonObject) instance);
			SYSTEM.forEach(attribute::remove);
			if (datasetOf((JsonObject) instance).isEmpty()) {
				attribute.remove(NgsiLd.NS + "datasetId");
			}
			kept.add(attribute);
		}
		return kept.build();
	}
}
