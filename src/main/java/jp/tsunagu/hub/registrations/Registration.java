package jp.tsunagu.hub.registrations;

import static jp.tsunagu.hub.jsonld.Jsons.JSON;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.jspecify.annotations.Nullable;
import org.locationtech.jts.geom.Geometry;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jp.tsunagu.hub.Entities;
import jp.tsunagu.hub.HubRefused;
import jp.tsunagu.hub.HubRefused.Type;
import jp.tsunagu.hub.jsonld.LinkedData;
import jp.tsunagu.hub.query.GeoJson;
import jp.tsunagu.hub.query.QueryMatcher;

/**
 * A context source registration (NGSI-LD clause 5.2.9), checked as the standard says: what its
 * client wrote (compact JSON without {@code @context}, kept as written), and what that says with
 * every name expanded in its context, for queries and for the checks of exclusive and redirect
 * registrations (clause 4.3.6.3).
 */
public record Registration(String id, JsonObject body, JsonArray context, Mode mode, Set<String> operations,
		List<Information> information, @Nullable Instant expiresAt, @Nullable Geometry location,
		@Nullable Interval observation, @Nullable Interval management, List<String> scopes) {

	/** How the registered source relates to the hub's own entities (clause 4.3.6.2). */
	public enum Mode {
		INCLUSIVE, EXCLUSIVE, REDIRECT, AUXILIARY
	}

	/** Entities a registration holds: none named is any entity. */
	public record EntityInfo(@Nullable String id, @Nullable Pattern idPattern, String type) {
	}

	/** One element of {@code information}: entities (none is any) and attribute names as IRIs (none is any). */
	public record Information(List<EntityInfo> entities, Set<String> properties, Set<String> relationships) {

		Set<String> attributes() {
			var all = new LinkedHashSet<>(properties);
			all.addAll(relationships);
			return all;
		}
	}

	/** A time interval: from, and until (open if none). */
	public record Interval(Instant startAt, @Nullable Instant endAt) {
	}

	/** The members a registration has (clause 5.2.9); any other is the registration's own property. */
	static final Set<String> MEMBERS = Set.of("id", "type", "registrationName", "description", "information", "tenant",
			"observationInterval", "managementInterval", "location", "observationSpace", "operationSpace", "expiresAt",
			"endpoint", "contextSourceInfo", "scope", "mode", "operations", "refreshRate", "management");

	/** Members the hub writes, never its client. */
	static final Set<String> READ_ONLY = Set.of("createdAt", "modifiedAt", "status", "timesSent", "timesFailed",
			"lastSuccess", "lastFailure");

	/** The operations a registration may name (clause 4.20), the groups with them. */
	static final Set<String> OPERATIONS = Set.of("federationOps", "updateOps", "retrieveOps", "redirectionOps",
			"createEntity", "updateEntity", "appendAttrs", "updateAttrs", "deleteAttrs", "deleteEntity", "createBatch",
			"upsertBatch", "updateBatch", "deleteBatch", "upsertTemporal", "appendAttrsTemporal", "deleteAttrsTemporal",
			"updateAttrsTemporal", "deleteAttrInstanceTemporal", "deleteTemporal", "mergeEntity", "replaceEntity",
			"replaceAttrs", "mergeBatch", "retrieveEntity", "queryEntity", "queryBatch", "retrieveTemporal",
			"queryTemporal", "retrieveEntityTypes", "retrieveEntityTypeDetails", "retrieveEntityTypeInfo",
			"retrieveAttrTypes", "retrieveAttrTypeDetails", "retrieveAttrTypeInfo", "createSubscription",
			"updateSubscription", "retrieveSubscription", "querySubscription", "deleteSubscription", "purgeEntity");

	/** The operations that only read: all an auxiliary registration may name (clause 4.3.6.2). */
	static final Set<String> READ_OPERATIONS = Set.of("retrieveOps", "retrieveEntity", "queryEntity", "queryBatch",
			"retrieveTemporal", "queryTemporal", "retrieveEntityTypes", "retrieveEntityTypeDetails", "retrieveEntityTypeInfo",
			"retrieveAttrTypes", "retrieveAttrTypeDetails", "retrieveAttrTypeInfo", "retrieveSubscription",
			"querySubscription");

	/**
	 * Reads and checks a registration a client sent in this context, with this id (given or made).
	 *
	 * @throws HubRefused BadRequestData for anything that is not a registration as the standard has it
	 */
	static Registration read(String id, JsonObject sent, JsonArray context, LinkedData ld, Instant now) {
		if (!(sent.get("type") instanceof JsonString type) || !type.getString().equals("ContextSourceRegistration")) {
			throw refused("a registration's type is \"ContextSourceRegistration\"");
		}
		var body = new LinkedHashMap<String, JsonValue>();
		sent.forEach((name, value) -> {
			if (!name.equals("@context") && !READ_ONLY.contains(name) && value.getValueType() != JsonValue.ValueType.NULL) {
				body.put(name, value);
			}
		});
		body.put("id", JSON.createValue(id));
		var information = new ArrayList<Information>();
		for (var element : nonEmptyArray(sent.get("information"), "information")) {
			information.add(information(element, context, ld));
		}
		endpoint(sent.get("endpoint"));
		Instant expiresAt = null;
		if (sent.get("expiresAt") != null) {
			expiresAt = dateTime(sent.get("expiresAt"), "expiresAt");
			if (!expiresAt.isAfter(now)) {
				throw refused("expiresAt is in the future");
			}
		}
		var observation = interval(sent.get("observationInterval"), "observationInterval");
		var management = interval(sent.get("managementInterval"), "managementInterval");
		Geometry location = null;
		for (var space : List.of("location", "observationSpace", "operationSpace")) {
			if (sent.get(space) != null) {
				var geometry = geometry(sent.get(space), space);
				if (space.equals("location")) {
					location = geometry;
				}
			}
		}
		var mode = Mode.INCLUSIVE;
		if (sent.get("mode") != null) {
			var name = string(sent.get("mode"), "mode");
			try {
				mode = Mode.valueOf(name.toUpperCase(java.util.Locale.ROOT));
			}
			catch (IllegalArgumentException ex) {
				throw refused("mode is inclusive, exclusive, redirect or auxiliary");
			}
			if (!name.equals(name.toLowerCase(java.util.Locale.ROOT))) {
				throw refused("mode is inclusive, exclusive, redirect or auxiliary");
			}
		}
		var operations = new LinkedHashSet<String>();
		if (sent.get("operations") != null) {
			for (var operation : nonEmptyArray(sent.get("operations"), "operations")) {
				var name = string(operation, "each of operations");
				if (!OPERATIONS.contains(name)) {
					throw refused(name + " is not an operation of NGSI-LD");
				}
				operations.add(name);
			}
		}
		var scopes = new ArrayList<String>();
		if (sent.get("scope") != null) {
			var all = sent.get("scope") instanceof JsonArray list ? list : JSON.createArrayBuilder().add(sent.get("scope")).build();
			for (var scope : all) {
				var text = string(scope, "scope");
				if (!text.matches("(/[^/#+\\s]+)+")) {
					throw refused("a scope is a path of names, as /Sapporo/Atsubetsu");
				}
				scopes.add(text);
			}
		}
		pairs(sent.get("contextSourceInfo"));
		managementInfo(sent.get("management"));
		for (var text : List.of("registrationName", "description", "tenant")) {
			if (sent.get(text) != null) {
				string(sent.get(text), text);
			}
		}
		if (sent.get("refreshRate") != null) {
			duration(sent.get("refreshRate"), "refreshRate");
		}
		if (mode == Mode.EXCLUSIVE) {
			for (var element : information) {
				if (element.entities().isEmpty() || element.entities().stream().anyMatch(e -> e.id() == null)
						|| element.attributes().isEmpty()) {
					throw refused("an exclusive registration names each entity by its id, and its attributes");
				}
			}
		}
		if (mode == Mode.AUXILIARY && !READ_OPERATIONS.containsAll(operations)) {
			throw refused("an auxiliary registration only reads: its operations are retrieve and query operations");
		}
		return new Registration(id, JSON.createObjectBuilder(body).build(), context, mode, Set.copyOf(operations),
				List.copyOf(information), expiresAt, location, observation, management, List.copyOf(scopes));
	}

	private static Information information(JsonValue element, JsonArray context, LinkedData ld) {
		if (!(element instanceof JsonObject object)) {
			throw refused("each of information is an object");
		}
		for (var name : object.keySet()) {
			if (!Set.of("entities", "propertyNames", "relationshipNames").contains(name)) {
				throw refused("information holds entities, propertyNames and relationshipNames, not " + name);
			}
		}
		if (object.isEmpty()) {
			throw refused("each of information names entities, propertyNames or relationshipNames");
		}
		var entities = new ArrayList<EntityInfo>();
		if (object.get("entities") != null) {
			for (var entity : nonEmptyArray(object.get("entities"), "information.entities")) {
				if (!(entity instanceof JsonObject info) || !(info.get("type") instanceof JsonString type)
						|| type.getString().isBlank()) {
					throw refused("each of information.entities has a type");
				}
				for (var name : info.keySet()) {
					if (!Set.of("id", "idPattern", "type").contains(name)) {
						throw refused("an entity of information has an id, an idPattern and a type, not " + name);
					}
				}
				String entityId = null;
				if (info.get("id") != null) {
					if (!(info.get("id") instanceof JsonString given) || !Entities.isUri(given.getString())) {
						throw refused("an entity's id is a URI");
					}
					entityId = given.getString();
				}
				Pattern pattern = null;
				if (info.get("idPattern") != null) {
					try {
						pattern = Pattern.compile(string(info.get("idPattern"), "idPattern"));
					}
					catch (PatternSyntaxException ex) {
						throw refused("an idPattern is a regular expression");
					}
				}
				entities.add(new EntityInfo(entityId, pattern, ld.expandType(type.getString(), context)));
			}
		}
		return new Information(List.copyOf(entities), names(object.get("propertyNames"), "propertyNames", context, ld),
				names(object.get("relationshipNames"), "relationshipNames", context, ld));
	}

	private static Set<String> names(@Nullable JsonValue value, String name, JsonArray context, LinkedData ld) {
		if (value == null) {
			return Set.of();
		}
		var all = new LinkedHashSet<String>();
		for (var each : nonEmptyArray(value, name)) {
			var text = string(each, "each of " + name);
			if (text.isBlank()) {
				throw refused(name + " are names");
			}
			all.add(ld.expandTerm(text, context));
		}
		return Set.copyOf(all);
	}

	static URI endpoint(@Nullable JsonValue value) {
		if (!(value instanceof JsonString text)) {
			throw refused("a registration has an endpoint, the URL of its context source");
		}
		try {
			var uri = new URI(text.getString());
			var scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
			if (!Set.of("http", "https").contains(scheme) || uri.getHost() == null) {
				throw refused("endpoint is an http(s) URL with a host");
			}
			return uri;
		}
		catch (java.net.URISyntaxException ex) {
			throw refused("endpoint is not a URI");
		}
	}

	private static @Nullable Interval interval(@Nullable JsonValue value, String name) {
		if (value == null) {
			return null;
		}
		if (!(value instanceof JsonObject object) || object.get("startAt") == null) {
			throw refused(name + " is an object with a startAt (and an endAt)");
		}
		var start = dateTime(object.get("startAt"), name + ".startAt");
		var end = object.get("endAt") == null ? null : dateTime(object.get("endAt"), name + ".endAt");
		if (end != null && !end.isAfter(start)) {
			throw refused(name + ".endAt is after its startAt");
		}
		return new Interval(start, end);
	}

	private static Geometry geometry(JsonValue value, String name) {
		if (!(value instanceof JsonObject object) || !(object.get("type") instanceof JsonString type)
				|| object.get("coordinates") == null) {
			throw refused(name + " is a GeoJSON geometry");
		}
		return GeoJson.of(type.getString(), object.get("coordinates"));
	}

	private static void pairs(@Nullable JsonValue value) {
		if (value == null) {
			return;
		}
		if (!(value instanceof JsonArray array)) {
			throw refused("contextSourceInfo is a list of keys and values");
		}
		for (var pair : array) {
			if (!(pair instanceof JsonObject object) || !(object.get("key") instanceof JsonString key)
					|| !(object.get("value") instanceof JsonString) || key.getString().isBlank()) {
				throw refused("each of contextSourceInfo is a key and a value, both strings");
			}
		}
	}

	private static void managementInfo(@Nullable JsonValue value) {
		if (value == null) {
			return;
		}
		if (!(value instanceof JsonObject object)) {
			throw refused("management is an object");
		}
		for (var member : object.entrySet()) {
			switch (member.getKey()) {
				case "localOnly" -> {
					if (member.getValue() != JsonValue.TRUE && member.getValue() != JsonValue.FALSE) {
						throw refused("management.localOnly is true or false");
					}
				}
				case "cacheDuration" -> duration(member.getValue(), "management.cacheDuration");
				case "timeout", "cooldown" -> {
					if (!(member.getValue() instanceof JsonNumber number) || !(number.doubleValue() > 0)
							|| !Double.isFinite(number.doubleValue())) {
						throw refused("management." + member.getKey() + " is a number of milliseconds above 0");
					}
				}
				default -> throw refused("management holds localOnly, cacheDuration, timeout and cooldown, not "
						+ member.getKey());
			}
		}
	}

	private static void duration(JsonValue value, String name) {
		try {
			var duration = Duration.parse(string(value, name));
			if (duration.isNegative() || duration.isZero()) {
				throw refused(name + " is a duration above zero");
			}
		}
		catch (java.time.format.DateTimeParseException ex) {
			throw refused(name + " is an ISO 8601 duration, as PT5M");
		}
	}

	private static Instant dateTime(JsonValue value, String name) {
		var text = string(value, name);
		var instant = QueryMatcher.instant(text);
		if (instant == null || !text.equals(text.strip())) {
			throw refused(name + " is a date and time, as 2026-12-01T09:00:00Z");
		}
		return instant;
	}

	private static JsonArray nonEmptyArray(@Nullable JsonValue value, String name) {
		if (!(value instanceof JsonArray array) || array.isEmpty()) {
			throw refused(name + " is a list of at least one");
		}
		return array;
	}

	private static String string(@Nullable JsonValue value, String name) {
		if (!(value instanceof JsonString text)) {
			throw refused(name + " is a string");
		}
		return text.getString();
	}

	static HubRefused refused(String why) {
		return new HubRefused(Type.BAD_REQUEST_DATA, why);
	}
}
