package jp.tsunagu.hub.temporal;

import static jp.tsunagu.hub.jsonld.Jsons.JSON;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jp.tsunagu.hub.Entities;
import jp.tsunagu.hub.HubRefused;
import jp.tsunagu.hub.HubRefused.Type;
import jp.tsunagu.hub.NgsiLd;
import jp.tsunagu.hub.internal.HistoryRows;

/**
 * The temporal API's entities (NGSI-LD clauses 5.6.11 to 5.6.16, 5.7.3, 5.7.4): an entity's
 * history read back in a time window (its instances, the last N of them, or aggregated over
 * periods), and provided directly (instances added, changed, deleted).
 */
@Service
public class Temporal {

	/** Most instances of one attribute one answer holds. */
	public static final int MAX_INSTANCES = 1000;

	/** Most instances one aggregation reads. */
	public static final int MAX_AGGREGATED = 100_000;

	/** Aggregation methods (clause 4.5.19). */
	public static final Set<String> METHODS = Set.of("totalCount", "distinctCount", "sum", "avg", "min", "max", "stddev",
			"sumsq");

	private final HistoryRows rows;

	private final Clock clock;

	private final jp.tsunagu.hub.Tenants tenants;

	Temporal(jp.tsunagu.hub.Tenants tenants, HistoryRows rows, Clock clock) {
		this.tenants = tenants;
		this.rows = rows;
		this.clock = clock;
	}

	/** What to read of a history. */
	public record Read(@Nullable Set<String> attributes, HistoryRows.Window window, @Nullable Integer lastN, boolean sysAttrs,
			@Nullable Aggregation aggregation) {
	}

	/** Aggregated values: these methods over periods of this length (the whole window when null). */
	public record Aggregation(Set<String> methods, @Nullable Duration period) {
	}

	/**
	 * An entity's history: an expanded node, each attribute an array of instances, whether it was
	 * cut short; with aggregation, each attribute's aggregates instead, by the attribute's IRI, as
	 * they are written ({@code {"type": "Property", "avg": [[value, start, end], ...], ...}}).
	 */
	public record Representation(JsonObject header, Map<String, List<jp.tsunagu.hub.jsonld.LinkedData.Instance>> attributes,
			boolean partial, Map<String, JsonObject> aggregates) {

		/** Whether the history has this attribute (expanded), as instances or as aggregates. */
		public boolean has(String attribute) {
			return attributes.containsKey(attribute) || aggregates.containsKey(attribute);
		}
	}

	@Transactional(readOnly = true)
	public Optional<Representation> find(String tenant, String id, Read read) {
		return rows.find(tenant, id).map(entity -> representation(tenant, entity, read));
	}

	/** A page of the temporal entities of these types (expanded), ids, pattern; and how many there are. */
	public record Page(List<Representation> entities, long total) {
	}

	@Transactional(readOnly = true)
	public Page query(String tenant, Collection<String> types, Collection<String> ids, @Nullable String idPattern, Read read,
			int offset, int limit, boolean count) {
		var found = new ArrayList<Representation>();
		for (var entity : rows.page(tenant, types, ids, idPattern, offset, limit)) {
			found.add(representation(tenant, entity, read));
		}
		return new Page(found, count ? rows.countEntities(tenant, types, ids, idPattern) : -1);
	}

	private Representation representation(String tenant, HistoryRows.Entity entity, Read read) {
		var header = JSON.createObjectBuilder().add("@id", entity.id());
		var types = JSON.createArrayBuilder();
		rows.types(tenant, entity.id()).forEach(types::add);
		header.add("@type", types);
		boolean partial = false;
		var aggregates = new LinkedHashMap<String, JsonObject>();
		var attributes = new LinkedHashMap<String, List<jp.tsunagu.hub.jsonld.LinkedData.Instance>>();
		for (var attribute : rows.attributes(tenant, entity.id())) {
			if (read.attributes() != null && !read.attributes().contains(attribute)) {
				continue;
			}
			if (read.aggregation() != null) {
				var instances = rows.instances(tenant, entity.id(), attribute, read.window(), MAX_AGGREGATED, false);
				aggregates.put(attribute, aggregated(instances, read));
				continue;
			}
			int limit = read.lastN() == null ? MAX_INSTANCES : Math.min(read.lastN(), MAX_INSTANCES);
			var instances = rows.instances(tenant, entity.id(), attribute, read.window(), limit, read.lastN() != null);
			if (read.lastN() == null && instances.size() == MAX_INSTANCES
					&& rows.count(tenant, entity.id(), attribute, read.window()) > MAX_INSTANCES) {
				partial = true;
			}
			var list = new ArrayList<jp.tsunagu.hub.jsonld.LinkedData.Instance>(instances.size());
			for (var instance : instances) {
				list.add(instance(instance, read.sysAttrs()));
			}
			attributes.put(attribute, list);
		}
		if (read.sysAttrs()) {
			header.add(NgsiLd.CREATED_AT, dateTime(entity.createdAt()));
			header.add(NgsiLd.MODIFIED_AT, dateTime(entity.modifiedAt()));
		}
		return new Representation(header.build(), attributes, partial, aggregates);
	}

	/**
	 * A recorded instance as the answer holds it (its body, its instance id, with sysAttrs its
	 * times), parsed only when asked: what it is made of, as text, tells a compaction kept of it.
	 */
	private static jp.tsunagu.hub.jsonld.LinkedData.Instance instance(HistoryRows.Recorded instance, boolean sysAttrs) {
		var key = instance.instanceId() + '\u0000' + (sysAttrs ? instance.recordedAt() + "\u0000" + instance.modifiedAt() : "")
				+ '\u0000' + instance.body();
		return new jp.tsunagu.hub.jsonld.LinkedData.Instance(key, () -> {
			var body = JSON.createObjectBuilder(object(instance.body()))
				.add(History.INSTANCE_ID, JSON.createArrayBuilder().add(JSON.createObjectBuilder().add("@id", instance.instanceId())));
			if (sysAttrs) {
				body.add(NgsiLd.CREATED_AT, dateTime(instance.recordedAt()));
				body.add(NgsiLd.MODIFIED_AT, dateTime(instance.modifiedAt()));
			}
			return body.build();
		});
	}

	/**
	 * An attribute's aggregates, as one expanded instance whose members are the methods'
	 * IRIs, each a list of {@code [value, start, end]} per period (clause 4.5.19).
	 */
	private static JsonObject aggregated(List<HistoryRows.Recorded> instances, Read read) {
		var aggregation = read.aggregation();
		var times = new ArrayList<Instant>();
		var values = new ArrayList<@Nullable JsonValue>();
		String type = NgsiLd.PROPERTY;
		for (var instance : instances) {
			var body = object(instance.body());
			if (body.get("@type") instanceof JsonArray t && !t.isEmpty()) {
				type = t.getString(0);
			}
			times.add(at(instance, read.window().property()));
			values.add(valueOf(body));
		}
		var attribute = JSON.createObjectBuilder().add("type", type.startsWith(NgsiLd.NS) ? type.substring(NgsiLd.NS.length()) : type);
		if (times.isEmpty()) {
			return attribute.build();
		}
		var window = read.window();
		var start = window.at() != null && !"before".equals(window.relation()) ? window.at() : times.get(0);
		var end = "between".equals(window.relation()) ? window.endAt()
				: "before".equals(window.relation()) ? window.at() : times.get(times.size() - 1).plusMillis(1);
		var period = aggregation.period() == null || aggregation.period().isZero() ? Duration.between(start, end)
				: aggregation.period();
		var byMethod = new LinkedHashMap<String, jakarta.json.JsonArrayBuilder>();
		for (var method : aggregation.methods()) {
			byMethod.put(method, JSON.createArrayBuilder());
		}
		int from = 0;
		for (var periodStart = start; periodStart.isBefore(end) && !period.isZero(); periodStart = periodStart.plus(period)) {
			var periodEnd = periodStart.plus(period).isAfter(end) ? end : periodStart.plus(period);
			var inPeriod = new ArrayList<JsonValue>();
			while (from < times.size() && times.get(from).isBefore(periodEnd)) {
				if (!times.get(from).isBefore(periodStart) && values.get(from) != null) {
					inPeriod.add(values.get(from));
				}
				from++;
			}
			if (inPeriod.isEmpty()) {
				continue;
			}
			for (var method : aggregation.methods()) {
				var value = aggregate(method, inPeriod);
				if (value != null) {
					byMethod.get(method).add(JSON.createArrayBuilder().add(value).add(periodStart.toString())
						.add(periodEnd.toString()));
				}
			}
		}
		byMethod.forEach(attribute::add);
		return attribute.build();
	}

	private static @Nullable JsonValue aggregate(String method, List<JsonValue> values) {
		var numbers = new ArrayList<BigDecimal>();
		for (var value : values) {
			if (value instanceof JsonNumber number) {
				numbers.add(number.bigDecimalValue());
			}
			else if (value == JsonValue.TRUE || value == JsonValue.FALSE) {
				numbers.add(value == JsonValue.TRUE ? BigDecimal.ONE : BigDecimal.ZERO);
			}
		}
		return switch (method) {
			case "totalCount" -> JSON.createValue(values.size());
			case "distinctCount" -> JSON.createValue(new LinkedHashSet<>(values).size());
			case "sum" -> numbers.isEmpty() ? null : JSON.createValue(numbers.stream().reduce(BigDecimal.ZERO, BigDecimal::add));
			case "avg" -> numbers.isEmpty() ? null
					: JSON.createValue(numbers.stream().reduce(BigDecimal.ZERO, BigDecimal::add)
						.divide(BigDecimal.valueOf(numbers.size()), MathContext.DECIMAL64));
			case "min" -> numbers.isEmpty() ? minMax(values, true) : JSON.createValue(numbers.stream().min(BigDecimal::compareTo).get());
			case "max" -> numbers.isEmpty() ? minMax(values, false) : JSON.createValue(numbers.stream().max(BigDecimal::compareTo).get());
			case "sumsq" -> numbers.isEmpty() ? null
					: JSON.createValue(numbers.stream().map(n -> n.multiply(n)).reduce(BigDecimal.ZERO, BigDecimal::add));
			case "stddev" -> {
				if (numbers.isEmpty()) {
					yield null;
				}
				double mean = numbers.stream().mapToDouble(BigDecimal::doubleValue).average().orElse(0);
				double variance = numbers.stream().mapToDouble(n -> Math.pow(n.doubleValue() - mean, 2)).sum() / numbers.size();
				yield JSON.createValue(Math.sqrt(variance));
			}
			default -> null;
		};
	}

	private static @Nullable JsonValue minMax(List<JsonValue> values, boolean min) {
		String best = null;
		for (var value : values) {
			if (value instanceof JsonString text && (best == null || (min ? text.getString().compareTo(best) < 0
					: text.getString().compareTo(best) > 0))) {
				best = text.getString();
			}
		}
		return best == null ? null : JSON.createValue(best);
	}

	/** The plain value an expanded instance holds (a Property's value, a Relationship's object, ...). */
	private static @Nullable JsonValue valueOf(JsonObject instance) {
		for (var member : List.of(NgsiLd.HAS_VALUE, NgsiLd.HAS_OBJECT, NgsiLd.HAS_VOCAB, NgsiLd.HAS_JSON)) {
			if (instance.get(member) instanceof JsonArray content && !content.isEmpty()
					&& content.get(0) instanceof JsonObject first) {
				return first.containsKey("@value") ? first.get("@value") : first.get("@id");
			}
		}
		return null;
	}

	private static Instant at(HistoryRows.Recorded instance, HistoryRows.TimeProperty property) {
		return switch (property) {
			case OBSERVED_AT -> instance.observedAt() != null ? instance.observedAt() : instance.recordedAt();
			case CREATED_AT -> instance.recordedAt();
			case MODIFIED_AT -> instance.modifiedAt();
		};
	}

	// ---- provision

	/**
	 * Adds a temporal entity's instances (5.6.11): the entity made temporal if it was not; whether
	 * it was new.
	 *
	 * @throws HubRefused BadRequestData if it is not a temporal entity
	 */
	@Transactional
	public boolean add(String tenant, JsonObject node, boolean mustExist) {
		var id = node.get("@id") instanceof JsonString s ? s.getString() : null;
		if (id == null || !Entities.isUri(id)) {
			throw new HubRefused(Type.BAD_REQUEST_DATA, "a temporal entity has an id that is a URI");
		}
		var existed = rows.find(tenant, id).isPresent();
		if (mustExist && !existed) {
			throw new HubRefused(Type.RESOURCE_NOT_FOUND, "no temporal entity " + id);
		}
		var types = History.types(node);
		if (types.isEmpty() && !existed) {
			throw new HubRefused(Type.BAD_REQUEST_DATA, "a temporal entity has a type");
		}
		var instances = new ArrayList<HistoryRows.Instance>();
		for (Map.Entry<String, JsonValue> member : node.entrySet()) {
			var name = member.getKey();
			if (name.startsWith("@") || name.equals(NgsiLd.CREATED_AT) || name.equals(NgsiLd.MODIFIED_AT)) {
				continue;
			}
			if (!(member.getValue() instanceof JsonArray all) || all.isEmpty()) {
				throw new HubRefused(Type.BAD_REQUEST_DATA, "an attribute of a temporal entity is a list of instances");
			}
			for (var instance : all) {
				instances.add(History.instance(name, checkedInstance(instance)));
			}
		}
		for (var instance : instances) {
			if (existed && instance.observedAt() != null) {
				rows.deleteObserved(tenant, id, instance.attribute(), instance.datasetId(), instance.observedAt());
			}
		}
		if (!existed) {
			tenants.creating(tenant);
		}
		rows.record(tenant, id, types, instances, clock.instant());
		return !existed;
	}

	private static JsonObject checkedInstance(JsonValue value) {
		if (!(value instanceof JsonObject instance) || !(instance.get("@type") instanceof JsonArray types) || types.isEmpty()
				|| !(types.get(0) instanceof JsonString type) || !NgsiLd.ATTRIBUTE_TYPES.contains(type.getString())) {
			throw new HubRefused(Type.BAD_REQUEST_DATA,
					"each instance is a Property, Relationship, GeoProperty or another attribute of the standard");
		}
		jp.tsunagu.hub.Entities.checkObservedAt("the instance", instance);
		var member = NgsiLd.memberOf(type.getString());
		if (!(instance.get(member) instanceof JsonArray content) || content.isEmpty()) {
			throw new HubRefused(Type.BAD_REQUEST_DATA, "an instance of a " + type.getString().substring(NgsiLd.NS.length())
					+ " has its " + member.substring(NgsiLd.NS.length()));
		}
		var body = JSON.createObjectBuilder(instance);
		body.remove(NgsiLd.CREATED_AT);
		body.remove(NgsiLd.MODIFIED_AT);
		return body.build();
	}

	@Transactional
	public boolean delete(String tenant, String id) {
		return rows.delete(tenant, id);
	}

	/** Deletes an attribute's history (5.6.13): the instances of one datasetId (the default one unless given) or all. */
	@Transactional
	public void deleteAttribute(String tenant, String id, String attribute, @Nullable String datasetId, boolean all) {
		if (rows.find(tenant, id).isEmpty()) {
			throw new HubRefused(Type.RESOURCE_NOT_FOUND, "no temporal entity " + id);
		}
		if (rows.deleteAttribute(tenant, id, attribute, all ? null : datasetId == null ? "" : datasetId) == 0) {
			throw new HubRefused(Type.RESOURCE_NOT_FOUND, "the temporal entity has no such attribute");
		}
	}

	/** Changes one instance (5.6.14): the members given replace its own. */
	@Transactional
	public void updateInstance(String tenant, String id, String attribute, String instanceId, JsonObject fragment) {
		var instance = rows.instance(tenant, id, attribute, instanceId)
			.orElseThrow(() -> new HubRefused(Type.RESOURCE_NOT_FOUND, "no instance " + instanceId + " of that attribute"));
		var merged = JSON.createObjectBuilder(object(instance.body()));
		fragment.forEach((name, value) -> {
			if (!name.equals("@id") && !name.equals(History.INSTANCE_ID) && !name.equals(NgsiLd.CREATED_AT)
					&& !name.equals(NgsiLd.MODIFIED_AT)) {
				merged.add(name, value);
			}
		});
		var body = checkedInstance(merged.build());
		var recorded = History.instance(attribute, body);
		rows.updateInstance(tenant, id, attribute, instanceId, recorded.observedAt(), recorded.body(), clock.instant());
	}

	@Transactional
	public void deleteInstance(String tenant, String id, String attribute, String instanceId) {
		if (rows.deleteInstance(tenant, id, attribute, instanceId) == 0) {
			throw new HubRefused(Type.RESOURCE_NOT_FOUND, "no instance " + instanceId + " of that attribute");
		}
	}

	private static JsonArray dateTime(Instant at) {
		return JSON.createArrayBuilder()
			.add(JSON.createObjectBuilder().add("@type", NgsiLd.DATE_TIME).add("@value", at.toString()))
			.build();
	}

	static JsonObject object(String text) {
		return jp.tsunagu.hub.jsonld.Jsons.object(text);
	}
}
