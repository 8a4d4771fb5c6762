package jp.tsunagu.hub.query;

import static jp.tsunagu.hub.jsonld.Jsons.JSON;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jp.tsunagu.hub.HubRefused;
import jp.tsunagu.hub.HubRefused.Type;
import jp.tsunagu.hub.NgsiLd;
import jp.tsunagu.hub.query.Query.Kind;
import jp.tsunagu.hub.query.Query.Operator;
import jp.tsunagu.hub.query.Query.Value;

/**
 * Whether an entity (its expanded JSON-LD node) matches an expanded {@link Query}, as clause 4.9
 * says: a term's target is the value of the attribute (a Property's value, a Relationship's object,
 * a LanguageProperty's strings, ...), of a sub-attribute or member under it ({@code a.observedAt}),
 * or of a key inside the value ({@code a[k]}); an attribute with several instances (datasetIds) or
 * a value that is an array matches when any element does; {@code !=} and {@code !~=} match when the
 * target exists and no element is equal or matches. Values compare by kind: numbers as numbers,
 * date-times as instants, strings as strings; values of different kinds never match.
 */
public final class QueryMatcher {

	/** How long one regular expression may run on one value before the query is refused as too complex. */
	private static final long PATTERN_NANOS = 50_000_000L;

	private QueryMatcher() {
	}

	/** The entities a query may look into by their ids (expanded, with system attributes), for linked entity subqueries. */
	@FunctionalInterface
	public interface Linked {

		/** None: a subquery into a linked entity finds nothing. */
		Linked NONE = id -> java.util.Optional.empty();

		java.util.Optional<JsonObject> entity(String id);
	}

	/** Whether the query holds on the entity (expanded), no linked entity looked into. */
	public static boolean matches(Query query, JsonObject entity) {
		return matches(query, entity, Linked.NONE);
	}

	/** Whether the query holds on the entity (expanded), a Relationship's braces looking into the entities {@code linked} gives. */
	public static boolean matches(Query query, JsonObject entity, Linked linked) {
		return switch (query) {
			case Query.And and -> and.all().stream().allMatch(q -> matches(q, entity, linked));
			case Query.Or or -> or.any().stream().anyMatch(q -> matches(q, entity, linked));
			case Query.Exists exists -> targets(entity, exists.path(), linked).isEmpty() == exists.negated();
			case Query.Compare compare -> compare(compare, targets(entity, compare.path(), linked));
		};
	}

	// ---- targets

	static List<JsonValue> targets(JsonObject entity, Query.Path path) {
		return targets(entity, path, Linked.NONE);
	}

	/** The values a path points at in an entity: JSON-LD value objects, node references, node objects. */
	static List<JsonValue> targets(JsonObject entity, Query.Path path, Linked linked) {
		if (path.linked() != null) {
			// the Relationship's objects, and the path in each entity it links to
			var values = new ArrayList<JsonValue>();
			for (var reference : targets(entity, new Query.Path(path.attributes(), List.of()), Linked.NONE)) {
				if (reference instanceof JsonObject node && node.get("@id") instanceof jakarta.json.JsonString id) {
					linked.entity(id.getString()).ifPresent(target -> values.addAll(targets(target, path.linked(), linked)));
				}
			}
			return values;
		}
		var attributes = path.attributes();
		List<JsonValue> current = instances(entity.get(attributes.get(0)));
		for (int i = 1; i < attributes.size(); i++) {
			var next = new ArrayList<JsonValue>();
			for (var instance : current) {
				if (instance instanceof JsonObject object) {
					next.addAll(instances(object.get(attributes.get(i))));
				}
			}
			current = next;
		}
		var values = new ArrayList<JsonValue>();
		for (var instance : current) {
			contentOf(instance, values);
		}
		for (var key : path.keys()) {
			var next = new ArrayList<JsonValue>();
			for (var value : values) {
				if (value instanceof JsonObject object) {
					if (object.containsKey("@value") && object.get("@value") instanceof JsonObject json) {
						// a JSON literal (@json): its keys are as written
						var member = json.get(localName(key));
						if (member != null) {
							next.add(literal(member));
						}
					}
					else {
						for (var member : instances(object.get(key))) {
							flattenLists(member, next);
						}
					}
				}
			}
			values = next;
		}
		return values;
	}

	private static String localName(String iri) {
		int cut = Math.max(iri.lastIndexOf('/'), iri.lastIndexOf('#'));
		return cut < 0 ? iri : iri.substring(cut + 1);
	}

	private static JsonValue literal(JsonValue json) {
		return JSON.createObjectBuilder().add("@value", json).build();
	}

	private static List<JsonValue> instances(@Nullable JsonValue value) {
		if (value == null) {
			return List.of();
		}
		return value instanceof JsonArray array ? array : List.of(value);
	}

	/** An attribute instance's content (by its type), or a member's value (observedAt, unitCode, ...) itself. */
	private static void contentOf(JsonValue instance, List<JsonValue> into) {
		if (!(instance instanceof JsonObject object)) {
			return;
		}
		String member = null;
		if (object.get("@type") instanceof JsonArray types) {
			for (var type : types) {
				if (type instanceof JsonString name && NgsiLd.ATTRIBUTE_TYPES.contains(name.getString())) {
					member = NgsiLd.memberOf(name.getString());
				}
			}
		}
		if (member == null) {
			flattenLists(object, into);
			return;
		}
		for (var content : instances(object.get(member))) {
			flattenLists(content, into);
		}
	}

	private static void flattenLists(JsonValue value, List<JsonValue> into) {
		if (value instanceof JsonObject object && object.get("@list") instanceof JsonArray list) {
			for (var element : list) {
				flattenLists(element, into);
			}
		}
		else {
			into.add(value);
		}
	}

	// ---- comparison

	private static boolean compare(Query.Compare compare, List<JsonValue> targets) {
		if (targets.isEmpty()) {
			return false;
		}
		var operator = compare.operator();
		return switch (operator) {
			case EQUAL -> targets.stream().anyMatch(target -> equal(compare, target));
			case UNEQUAL -> targets.stream().noneMatch(target -> equal(compare, target));
			case PATTERN -> targets.stream().anyMatch(target -> pattern(compare.values().get(0), target));
			case NOT_PATTERN -> targets.stream().noneMatch(target -> pattern(compare.values().get(0), target));
			default -> targets.stream().anyMatch(target -> order(operator, compare.values().get(0), target));
		};
	}

	private static boolean equal(Query.Compare compare, JsonValue target) {
		if (compare.isRange()) {
			var low = order(target, Objects.requireNonNull(compare.low()));
			var high = order(target, Objects.requireNonNull(compare.high()));
			return low != null && high != null && low >= 0 && high <= 0;
		}
		for (var value : compare.values()) {
			var order = order(target, value);
			if (order != null && order == 0) {
				return true;
			}
		}
		return false;
	}

	private static boolean order(Operator operator, Value value, JsonValue target) {
		if (target instanceof JsonObject object && !object.containsKey("@value") && object.containsKey("@id")) {
			// 4.9: a Relationship's object (a node reference) is equal or unequal to a value, never greater or less
			return false;
		}
		var order = order(target, value);
		if (order == null || value.kind() == Kind.BOOLEAN) {
			return false;
		}
		return switch (operator) {
			case GREATER -> order > 0;
			case GREATER_EQUAL -> order >= 0;
			case LESS -> order < 0;
			case LESS_EQUAL -> order <= 0;
			default -> false;
		};
	}

	private static boolean pattern(Value value, JsonValue target) {
		var text = text(target);
		if (text == null) {
			return false;
		}
		var deadline = System.nanoTime() + PATTERN_NANOS;
		try {
			return Pattern.compile(value.text()).matcher(new Bounded(text, deadline)).find();
		}
		catch (Bounded.TimeUp ex) {
			throw new HubRefused(Type.TOO_COMPLEX_QUERY, "the pattern " + value.text() + " takes too long to match");
		}
	}

	/** How the target compares with the value (negative: less), or null when they are not of one kind. */
	static @Nullable Integer order(JsonValue target, Value value) {
		if (!(target instanceof JsonObject object)) {
			return null;
		}
		var literal = object.get("@value");
		String typeOf = object.get("@type") instanceof JsonString type ? type.getString() : null;
		if (literal == null) {
			// a node reference: a Relationship's object, a vocabulary term
			if (object.get("@id") instanceof JsonString id && isTextual(value.kind())) {
				return id.getString().compareTo(value.text());
			}
			return null;
		}
		return switch (value.kind()) {
			case NUMBER -> literal instanceof JsonNumber number
					? number.bigDecimalValue().compareTo(Objects.requireNonNull(value.number())) : null;
			case BOOLEAN -> literal == JsonValue.TRUE || literal == JsonValue.FALSE
					? Boolean.compare(literal == JsonValue.TRUE, Boolean.parseBoolean(value.text())) : null;
			case DATE_TIME -> literal instanceof JsonString text ? instants(text.getString(), value.text()) : null;
			case DATE -> literal instanceof JsonString text ? dates(text.getString(), value.text()) : null;
			case TIME -> literal instanceof JsonString text ? times(text.getString(), value.text()) : null;
			case STRING, URI, WORD -> {
				if (!(literal instanceof JsonString text)) {
					yield null;
				}
				if (typeOf != null && typeOf.equals(NgsiLd.DATE_TIME)) {
					var asInstants = instants(text.getString(), value.text());
					if (asInstants != null) {
						yield asInstants;
					}
				}
				yield text.getString().compareTo(value.text());
			}
		};
	}

	private static boolean isTextual(Kind kind) {
		return kind == Kind.URI || kind == Kind.STRING || kind == Kind.WORD;
	}

	private static @Nullable String text(JsonValue target) {
		if (target instanceof JsonObject object) {
			if (object.get("@value") instanceof JsonString text) {
				return text.getString();
			}
			if (object.get("@id") instanceof JsonString id) {
				return id.getString();
			}
		}
		return null;
	}

	private static @Nullable Integer instants(String target, String value) {
		var left = instant(target);
		var right = instant(value);
		return left == null || right == null ? null : left.compareTo(right);
	}

	/** A date-time (any offset, or none for UTC) as an instant; null if it is not one. */
	public static @Nullable Instant instant(String text) {
		var utc = utc(text);
		if (utc != null) {
			return utc;
		}
		// a local date-time (ISO, strict: no February 30) and an offset ("Z", +HH, +HH:MM, +HHMM) or none (UTC)
		int t = text.indexOf('T');
		if (t < 0) {
			return null;
		}
		int cut = text.length();
		for (int i = text.length() - 1; i > t; i--) {
			char c = text.charAt(i);
			if (c == 'Z' || c == '+' || c == '-') {
				cut = i;
				break;
			}
		}
		var offset = text.substring(cut);
		if (!offset.isEmpty() && !offset.equals("Z") && offset.length() != 3 && offset.length() != 5 && offset.length() != 6) {
			return null;
		}
		try {
			var local = java.time.LocalDateTime.parse(text.substring(0, cut), DateTimeFormatter.ISO_LOCAL_DATE_TIME);
			return local.toInstant(offset.isEmpty() ? java.time.ZoneOffset.UTC : java.time.ZoneOffset.of(offset));
		}
		catch (java.time.DateTimeException ex) {
			return null;
		}
	}

	/**
	 * The common form {@code 2026-12-01T10:00:00[.fraction]Z}, read by hand (a sensor's every write
	 * carries one; the formatter costs ten times as much); null for any other form, which the
	 * formatter then reads (or refuses).
	 */
	private static @Nullable Instant utc(String text) {
		int n = text.length();
		if (n < 20 || n > 30 || text.charAt(n - 1) != 'Z' || text.charAt(4) != '-' || text.charAt(7) != '-'
				|| text.charAt(10) != 'T' || text.charAt(13) != ':' || text.charAt(16) != ':') {
			return null;
		}
		int year = digits(text, 0, 4);
		int month = digits(text, 5, 7);
		int day = digits(text, 8, 10);
		int hour = digits(text, 11, 13);
		int minute = digits(text, 14, 16);
		int second = digits(text, 17, 19);
		int nanos = 0;
		if (n > 20) {
			if (text.charAt(19) != '.' || n == 21) {
				return null;
			}
			int fraction = digits(text, 20, n - 1);
			if (fraction < 0) {
				return null;
			}
			nanos = fraction;
			for (int i = n - 1 - 20; i < 9; i++) {
				nanos *= 10;
			}
		}
		else if (text.charAt(19) != 'Z') {
			return null;
		}
		if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
				|| second < 0 || second > 59) {
			return null;
		}
		try {
			return java.time.LocalDateTime.of(year, month, day, hour, minute, second, nanos).toInstant(java.time.ZoneOffset.UTC);
		}
		catch (java.time.DateTimeException ex) {
			// a day the month does not have
			return null;
		}
	}

	/** The number the digits from {@code from} to {@code to} make, -1 if any is not a digit. */
	private static int digits(String text, int from, int to) {
		int value = 0;
		for (int i = from; i < to; i++) {
			char c = text.charAt(i);
			if (c < '0' || c > '9') {
				return -1;
			}
			value = value * 10 + (c - '0');
		}
		return value;
	}

	private static @Nullable Integer dates(String target, String value) {
		try {
			return LocalDate.parse(target.length() > 10 ? target.substring(0, 10) : target).compareTo(LocalDate.parse(value));
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	private static @Nullable Integer times(String target, String value) {
		try {
			return LocalTime.parse(strip(target)).compareTo(LocalTime.parse(strip(value)));
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	private static String strip(String time) {
		return time.endsWith("Z") ? time.substring(0, time.length() - 1) : time;
	}

	/** A string that stops a regular expression running on it past a deadline. */
	private static final class Bounded implements CharSequence {

		static final class TimeUp extends RuntimeException {
			TimeUp() {
				super(null, null, false, false);
			}
		}

		private final String text;

		private final long deadline;

		private int reads;

		Bounded(String text, long deadline) {
			this.text = text;
			this.deadline = deadline;
		}

		@Override
		public char charAt(int index) {
			if ((++reads & 0x3ff) == 0 && System.nanoTime() > deadline) {
				throw new TimeUp();
			}
			return text.charAt(index);
		}

		@Override
		public int length() {
			return text.length();
		}

		@Override
		public CharSequence subSequence(int start, int end) {
			return new Bounded(text.substring(start, end), deadline);
		}

		@Override
		public String toString() {
			return text;
		}
	}
}
