package jp.tsunagu.hub.subscriptions;

import static jp.tsunagu.hub.jsonld.Jsons.JSON;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.jspecify.annotations.Nullable;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jp.tsunagu.hub.Entities;
import jp.tsunagu.hub.HubRefused;
import jp.tsunagu.hub.HubRefused.Type;
import jp.tsunagu.hub.Join;
import jp.tsunagu.hub.jsonld.LinkedData;
import jp.tsunagu.hub.query.GeoQuery;
import jp.tsunagu.hub.query.Projection;
import jp.tsunagu.hub.query.Query;
import jp.tsunagu.hub.query.QueryMatcher;
import jp.tsunagu.hub.query.QueryParser;
import jp.tsunagu.hub.query.TypeSelection;

/**
 * A subscription (NGSI-LD clause 5.2.12), checked and read: which entities it watches (by id, id
 * pattern and type), which attributes and which changes ({@code notificationTrigger}) fire it, its
 * {@code q} and {@code geoQ}, and how a notification is made and sent. {@link #body} is what the
 * client wrote, without read-only members and members the standard does not have; names are
 * expanded with the subscription's own context, so that an entity written in any context is
 * matched by the IRIs it means.
 */
public record Subscription(String id, JsonObject body, JsonArray context, List<Selector> selectors, Set<String> watched,
		Set<String> triggers, @Nullable Query q, @Nullable GeoQuery geo, Set<String> attributes, String format,
		boolean sysAttrs, URI endpoint, String accept, Map<String, String> receiverInfo,
		Map<String, String> notifierInfo, double throttling, double timeInterval, @Nullable Instant expiresAt,
		boolean active, boolean showChanges, @Nullable Projection projection, Join.@Nullable Asked join,
		Set<String> datasetIds) {

	/** The changes a subscription may be fired by (clause 5.2.12). */
	public static final Set<String> TRIGGERS = Set.of("entityCreated", "entityUpdated", "entityDeleted",
			"attributeCreated", "attributeUpdated", "attributeDeleted");

	/** What fires a subscription that names no trigger. */
	public static final List<String> DEFAULT_TRIGGERS = List.of("attributeCreated", "attributeUpdated");

	private static final Set<String> MEMBERS = Set.of("id", "type", "subscriptionName", "description", "entities",
			"watchedAttributes", "notificationTrigger", "timeInterval", "q", "geoQ", "csf", "isActive", "notification",
			"expiresAt", "throttling", "temporalQ", "scopeQ", "lang", "datasetId", "jsonldContext");

	private static final Set<String> NOTIFICATION_MEMBERS = Set.of("attributes", "format", "endpoint", "sysAttrs",
			"showChanges", "pick", "omit", "join", "joinLevel");

	private static final Set<String> ENDPOINT_MEMBERS = Set.of("uri", "accept", "receiverInfo", "notifierInfo");

	/** Which entities a subscription watches: any of its selectors (id, idPattern, types), each all of whose parts hold. */
	public record Selector(@Nullable String id, @Nullable Pattern idPattern, TypeSelection type) {

		boolean matches(String entityId, Set<String> entityTypes) {
			return (id == null || id.equals(entityId)) && (idPattern == null || idPattern.matcher(entityId).find())
					&& type.matches(entityTypes);
		}
	}

	/** Whether it watches this entity (its id and its types' IRIs). */
	public boolean watches(String entityId, Set<String> entityTypes) {
		return selectors.isEmpty() || selectors.stream().anyMatch(s -> s.matches(entityId, entityTypes));
	}

	/** Whether its q holds on the entity (expanded, with system attributes), looking into linked entities by {@code linked}. */
	public boolean holds(JsonObject entity, QueryMatcher.Linked linked) {
		return q == null || QueryMatcher.matches(q, entity, linked);
	}

	/**
	 * Reads a subscription a client sent (compact JSON, its {@code @context} already taken out and
	 * given as {@code context}, the core context last).
	 *
	 * @throws HubRefused BadRequestData for anything the standard does not allow, LdContextNotAvailable
	 */
	static Subscription read(String id, JsonObject sent, JsonArray context, LinkedData ld, Instant now) {
		if (!(sent.get("type") instanceof JsonString type) || !type.getString().equals("Subscription")) {
			throw refused("a subscription's type is \"Subscription\"");
		}
		var body = new LinkedHashMap<String, JsonValue>();
		sent.forEach((name, value) -> {
			if (MEMBERS.contains(name) && value.getValueType() != JsonValue.ValueType.NULL) {
				body.put(name, value);
			}
		});
		body.put("id", JSON.createValue(id));
		var selectors = new ArrayList<Selector>();
		if (body.get("entities") != null) {
			var entities = nonEmptyArray(body.get("entities"), "entities");
			for (var selector : entities) {
				if (!(selector instanceof JsonObject object) || !(object.get("type") instanceof JsonString t)
						|| t.getString().isBlank()) {
					throw refused("each of entities has a type");
				}
				var entityId = object.get("id") == null ? null : uri(object.get("id"), "entities' id");
				Pattern pattern = null;
				if (object.get("idPattern") instanceof JsonString p) {
					try {
						pattern = Pattern.compile(p.getString());
					}
					catch (PatternSyntaxException ex) {
						throw refused("an idPattern is not a regular expression");
					}
				}
				else if (object.get("idPattern") != null) {
					throw refused("an idPattern is a string");
				}
				selectors.add(new Selector(entityId, pattern, TypeSelection.parse(t.getString(),
						name -> ld.expandType(name, context))));
			}
		}
		var watched = new LinkedHashSet<String>();
		if (body.get("watchedAttributes") != null) {
			for (var name : strings(nonEmptyArray(body.get("watchedAttributes"), "watchedAttributes"), "watchedAttributes")) {
				watched.add(ld.expandTerm(name, context));
			}
		}
		if (selectors.isEmpty() && watched.isEmpty()) {
			throw refused("a subscription names entities or watchedAttributes");
		}
		var triggers = new LinkedHashSet<String>(DEFAULT_TRIGGERS);
		if (body.get("notificationTrigger") != null) {
			triggers.clear();
			for (var trigger : strings(nonEmptyArray(body.get("notificationTrigger"), "notificationTrigger"),
					"notificationTrigger")) {
				if (!TRIGGERS.contains(trigger)) {
					throw refused(trigger + " is not a notificationTrigger");
				}
				triggers.add(trigger);
			}
		}
		Query q = null;
		if (body.get("q") != null) {
			q = QueryParser.parse(percentDecoded(string(body.get("q"), "q")))
				.expanded(term -> ld.expandTerm(term, context));
		}
		if (body.get("csf") != null) {
			QueryParser.parse(string(body.get("csf"), "csf"));
		}
		GeoQuery geo = null;
		if (body.get("geoQ") != null) {
			if (!(body.get("geoQ") instanceof JsonObject geoQ)) {
				throw refused("geoQ is an object");
			}
			var coordinates = geoQ.get("coordinates");
			var geoproperty = geoQ.get("geoproperty") instanceof JsonString g ? g.getString() : "location";
			geo = GeoQuery.of(optionalString(geoQ.get("georel"), "georel"), optionalString(geoQ.get("geometry"), "geometry"),
					coordinates == null ? null
							: coordinates instanceof JsonString s ? s.getString() : coordinates.toString(),
					ld.expandTerm(geoproperty, context));
			if (geo == null) {
				throw refused("a geoQ needs georel, geometry and coordinates");
			}
		}
		double throttling = number(body.get("throttling"), "throttling", true);
		double timeInterval = number(body.get("timeInterval"), "timeInterval", false);
		if (throttling > 0 && timeInterval > 0) {
			throw refused("a subscription has throttling or timeInterval, not both");
		}
		Instant expiresAt = null;
		if (body.get("expiresAt") != null) {
			expiresAt = QueryMatcher.instant(string(body.get("expiresAt"), "expiresAt"));
			if (expiresAt == null) {
				throw refused("expiresAt is a date-time");
			}
			if (!expiresAt.isAfter(now)) {
				throw refused("expiresAt is in the past");
			}
		}
		boolean active = true;
		if (body.get("isActive") != null) {
			if (body.get("isActive") != JsonValue.TRUE && body.get("isActive") != JsonValue.FALSE) {
				throw refused("isActive is true or false");
			}
			active = body.get("isActive") == JsonValue.TRUE;
		}
		var datasetIds = new LinkedHashSet<String>();
		if (body.get("datasetId") != null) {
			for (var datasetId : nonEmptyArray(body.get("datasetId"), "datasetId")) {
				datasetIds.add(datasetId instanceof JsonString none && none.getString().equals("@none") ? "@none"
						: uri(datasetId, "datasetId"));
			}
		}
		if (body.get("jsonldContext") != null) {
			var url = string(body.get("jsonldContext"), "jsonldContext");
			if (!Entities.isUri(url) || !(url.startsWith("http://") || url.startsWith("https://"))) {
				throw refused("jsonldContext is the URL of a JSON-LD context");
			}
			// read now, so that a context that cannot be had is said at once (504), not at the first notification
			ld.expandTerm("probe", LinkedData.contextOf(List.of(JSON.createValue(url))));
		}
		for (var member : List.of("subscriptionName", "description", "lang")) {
			if (body.get(member) != null) {
				string(body.get(member), member);
			}
		}
		if (!(body.get("notification") instanceof JsonObject notification)) {
			throw refused("a subscription has a notification (with its endpoint)");
		}
		var cleaned = new LinkedHashMap<String, JsonValue>();
		notification.forEach((name, value) -> {
			if (NOTIFICATION_MEMBERS.contains(name) && value.getValueType() != JsonValue.ValueType.NULL) {
				cleaned.put(name, value);
			}
		});
		var attributes = new LinkedHashSet<String>();
		if (cleaned.get("attributes") != null) {
			for (var name : strings(nonEmptyArray(cleaned.get("attributes"), "notification.attributes"),
					"notification.attributes")) {
				attributes.add(ld.expandTerm(name, context));
			}
		}
		var pick = cleaned.get("pick") == null ? null
				: strings(nonEmptyArray(cleaned.get("pick"), "notification.pick"), "notification.pick");
		var omit = cleaned.get("omit") == null ? null
				: strings(nonEmptyArray(cleaned.get("omit"), "notification.omit"), "notification.omit");
		if ((pick != null || omit != null) && !attributes.isEmpty()) {
			throw refused("notification.pick and omit do not go with attributes");
		}
		if (pick != null && omit != null) {
			throw refused(pick.stream().anyMatch(omit::contains) ? "a member is both picked and omitted"
					: "notification.pick and omit do not go together");
		}
		var format = cleaned.get("format") == null ? "normalized" : string(cleaned.get("format"), "notification.format");
		if (!Set.of("normalized", "keyValues", "simplified", "concise").contains(format)) {
			throw refused(format + " is not a notification format");
		}
		boolean sysAttrs = bool(cleaned.get("sysAttrs"), "notification.sysAttrs");
		boolean showChanges = bool(cleaned.get("showChanges"), "notification.showChanges");
		if (showChanges && (format.equals("keyValues") || format.equals("simplified"))) {
			throw refused("showChanges does not go with the " + format + " format");
		}
		var projection = Projection.of(pick == null ? null : String.join(",", pick), omit == null ? null : String.join(",", omit));
		var join = Join.of(optionalString(cleaned.get("join"), "notification.join"),
				cleaned.get("joinLevel") == null ? null : cleaned.get("joinLevel").toString());
		if (projection != null && projection.nested() && join == null) {
			throw refused("the members of linked entities are picked or omitted in a join");
		}
		if (projection != null && join != null && projection.hops() > join.level()) {
			throw refused("pick or omit reaches " + projection.hops() + " linked entities deep, more than joinLevel " + join.level());
		}
		if (!(cleaned.get("endpoint") instanceof JsonObject endpoint)) {
			throw refused("notification.endpoint is an object with a uri");
		}
		var endpointCleaned = JSON.createObjectBuilder();
		endpoint.forEach((name, value) -> {
			if (ENDPOINT_MEMBERS.contains(name) && value.getValueType() != JsonValue.ValueType.NULL) {
				endpointCleaned.add(name, value);
			}
		});
		var uri = endpointUri(endpoint.get("uri"));
		var accept = endpoint.get("accept") == null ? "application/json" : string(endpoint.get("accept"), "endpoint.accept");
		if (!Set.of("application/json", "application/ld+json", "application/geo+json").contains(accept)) {
			throw refused(accept + " is not a notification media type");
		}
		var receiverInfo = pairs(endpoint.get("receiverInfo"), "receiverInfo");
		var notifierInfo = pairs(endpoint.get("notifierInfo"), "notifierInfo");
		cleaned.put("endpoint", endpointCleaned.build());
		body.put("notification", JSON.createObjectBuilder(cleaned).build());
		return new Subscription(id, JSON.createObjectBuilder(body).build(), context, List.copyOf(selectors),
				Set.copyOf(watched), Set.copyOf(triggers), q, geo, Set.copyOf(attributes), format, sysAttrs, uri, accept,
				receiverInfo, notifierInfo, throttling, timeInterval, expiresAt, active, showChanges, projection, join,
				Set.copyOf(datasetIds));
	}

	private static URI endpointUri(@Nullable JsonValue value) {
		if (!(value instanceof JsonString text)) {
			throw refused("notification.endpoint has a uri");
		}
		try {
			var uri = new URI(text.getString());
			var scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
			if (!Set.of("http", "https", "mqtt", "mqtts").contains(scheme) || uri.getHost() == null) {
				throw refused("notification.endpoint.uri is an http(s) or mqtt(s) URL with a host");
			}
			return uri;
		}
		catch (java.net.URISyntaxException ex) {
			throw refused("notification.endpoint.uri is not a URI");
		}
	}

	private static Map<String, String> pairs(@Nullable JsonValue value, String name) {
		if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
			return Map.of();
		}
		var pairs = new LinkedHashMap<String, String>();
		for (var pair : nonEmptyArray(value, name)) {
			if (!(pair instanceof JsonObject object) || !(object.get("key") instanceof JsonString key)
					|| !(object.get("value") instanceof JsonString text) || key.getString().isBlank()
					|| !key.getString().matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+") || text.getString().indexOf('\n') >= 0
					|| text.getString().indexOf('\r') >= 0) {
				throw refused("each of " + name + " is a key and a value, both strings (the key an HTTP header name)");
			}
			pairs.put(key.getString(), text.getString());
		}
		return Map.copyOf(pairs);
	}

	static String percentDecoded(String text) {
		if (text.indexOf('%') < 0) {
			return text;
		}
		var bytes = new java.io.ByteArrayOutputStream();
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '%' && i + 2 < text.length() && hex(text.charAt(i + 1)) >= 0 && hex(text.charAt(i + 2)) >= 0) {
				bytes.write(hex(text.charAt(i + 1)) * 16 + hex(text.charAt(i + 2)));
				i += 2;
			}
			else {
				var encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
				bytes.write(encoded, 0, encoded.length);
			}
		}
		return bytes.toString(StandardCharsets.UTF_8);
	}

	private static int hex(char c) {
		return Character.digit(c, 16);
	}

	private static JsonArray nonEmptyArray(@Nullable JsonValue value, String name) {
		if (!(value instanceof JsonArray array) || array.isEmpty()) {
			throw refused(name + " is a list of at least one");
		}
		return array;
	}

	private static List<String> strings(JsonArray array, String name) {
		var all = new ArrayList<String>();
		for (var value : array) {
			if (!(value instanceof JsonString text) || text.getString().isBlank()) {
				throw refused(name + " are names");
			}
			all.add(text.getString());
		}
		return all;
	}

	private static String string(@Nullable JsonValue value, String name) {
		if (!(value instanceof JsonString text)) {
			throw refused(name + " is a string");
		}
		return text.getString();
	}

	private static @Nullable String optionalString(@Nullable JsonValue value, String name) {
		return value == null ? null : string(value, name);
	}

	private static String uri(@Nullable JsonValue value, String name) {
		if (!(value instanceof JsonString text) || !Entities.isUri(text.getString())) {
			throw refused(name + " is a URI");
		}
		return text.getString();
	}

	private static double number(@Nullable JsonValue value, String name, boolean zero) {
		if (value == null) {
			return 0;
		}
		if (!(value instanceof JsonNumber number) || number.doubleValue() < 0 || (!zero && number.doubleValue() == 0)
				|| !Double.isFinite(number.doubleValue())) {
			throw refused(name + " is a positive number of seconds");
		}
		return number.doubleValue();
	}

	private static boolean bool(@Nullable JsonValue value, String name) {
		if (value == null) {
			return false;
		}
		if (value != JsonValue.TRUE && value != JsonValue.FALSE) {
			throw refused(name + " is true or false");
		}
		return value == JsonValue.TRUE;
	}

	static HubRefused refused(String why) {
		return new HubRefused(Type.BAD_REQUEST_DATA, why);
	}
}
