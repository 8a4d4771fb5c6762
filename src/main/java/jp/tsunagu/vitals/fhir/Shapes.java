package jp.tsunagu.vitals.fhir;

import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shape of a FHIR JSON resource: its elements in order, with the values the validator's rules
 * depend on kept as they are (codes, systems, units, statuses, profiles, URLs, the type part of a
 * reference) and every other value replaced by its lexical kind (a positive or negative integer or
 * decimal; a date, a dateTime with or without a zone, an instant; an id-like token; text with or
 * without spaces or control characters; empty). Two resources of one shape get the same verdict
 * from the instance validator: its structure rules, invariants and bindings read only what the shape
 * keeps, and the strict parser has already checked each value against its datatype.
 */
final class Shapes {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Element names whose values the validator's rules and bindings read. */
	private static final Set<String> KEPT = Set.of("resourceType", "system", "code", "unit", "status", "profile",
			"url", "use", "type", "mode", "method", "comparator", "relation", "language", "contentType", "gender",
			"versionId", "div", "valueCode", "valueUri", "valueCanonical", "valueBoolean", "fullUrl", "request");

	private static final Pattern DATE = Pattern.compile("\\d{4}(-\\d{2}(-\\d{2})?)?");

	private static final Pattern DATE_TIME_ZONED = Pattern
		.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})");

	private static final Pattern DATE_TIME_BARE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?");

	private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

	private Shapes() {
	}

	/** The shape of a resource's JSON, or null when it cannot be read as JSON (then it is validated as it is). */
	static @Nullable String of(String json) {
		try {
			return of(JSON.readTree(json));
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	/** The shape of a resource's JSON, read already. */
	static String of(JsonNode json) {
		var shape = new StringBuilder(256);
		walk(json, null, shape);
		return shape.toString();
	}

	private static void walk(JsonNode node, @Nullable String name, StringBuilder shape) {
		if (node.isObject()) {
			shape.append('{');
			for (var field : node.properties()) {
				shape.append(field.getKey()).append(':');
				walk(field.getValue(), field.getKey(), shape);
				shape.append(',');
			}
			shape.append('}');
		}
		else if (node.isArray()) {
			shape.append('[');
			for (var item : node) {
				walk(item, name, shape);
				shape.append(',');
			}
			shape.append(']');
		}
		else if (node.isString()) {
			var text = node.asString();
			if (name != null && KEPT.contains(name)) {
				shape.append('"').append(text.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
			}
			else if ("reference".equals(name)) {
				int slash = text.lastIndexOf('/');
				shape.append("#ref:").append(slash < 0 ? (text.startsWith("#") ? "#" : "?") : text.substring(0, slash))
					.append(TOKEN.matcher(slash < 0 ? text : text.substring(slash + 1)).matches() ? "/id" : "/bad");
			}
			else {
				shape.append(kind(text));
			}
		}
		else if (node.isNumber()) {
			var number = node.decimalValue();
			shape.append("#n").append(number.signum() < 0 ? '-' : number.signum() == 0 ? '0' : '+')
				.append(node.isIntegralNumber() ? 'i' : 'd');
		}
		else {
			shape.append(node.toString());
		}
	}

	private static String kind(String text) {
		if (text.isEmpty()) {
			return "#empty";
		}
		if (DATE.matcher(text).matches()) {
			return "#date" + text.length();
		}
		if (DATE_TIME_ZONED.matcher(text).matches()) {
			return "#dtz";
		}
		if (DATE_TIME_BARE.matcher(text).matches()) {
			return "#dt";
		}
		if (TOKEN.matcher(text).matches()) {
			return "#tok";
		}
		boolean spaces = false;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isISOControl(c)) {
				return "#ctl";
			}
			spaces |= Character.isWhitespace(c);
		}
		boolean edges = Character.isWhitespace(text.charAt(0)) || Character.isWhitespace(text.charAt(text.length() - 1));
		return edges ? "#s-edge" : spaces ? "#s-sp" : "#s";
	}
}
