package jp.tsunagu.hub.jsonld;

import static jp.tsunagu.hub.jsonld.Jsons.JSON;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;


import org.jspecify.annotations.Nullable;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jp.tsunagu.hub.HubRefused;
import jp.tsunagu.hub.HubRefused.Type;

/**
 * {@code lang} (NGSI-LD clause 4.15): a LanguageProperty answered in the language a client asks
 * for, as a Property with that {@code value} and a {@code lang} naming the language given. The
 * request names languages as HTTP's Accept-Language does (ranges with {@code q} weights, {@code *}
 * any); each range is looked up as RFC 4647 has it (the tag itself, a more specific one, then the
 * range made shorter); with no match the first language of the map is given, and named.
 */
public final class Languages {

	private record Range(String tag, double weight, int order) {
	}

	private final List<Range> ranges;

	private Languages(List<Range> ranges) {
		this.ranges = ranges;
	}

	/**
	 * The languages a request asks for, or null if it asks for none.
	 *
	 * @throws HubRefused BadRequestData if it is not a list of language ranges
	 */
	public static @Nullable Languages of(@Nullable String lang) {
		if (lang == null) {
			return null;
		}
		var ranges = new ArrayList<Range>();
		int order = 0;
		for (var part : lang.split(",")) {
			var pieces = part.trim().split(";");
			var tag = pieces[0].trim();
			if (!tag.equals("*") && !tag.matches("[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*")) {
				throw new HubRefused(Type.BAD_REQUEST_DATA, "lang is language tags, as ja or ja-JP,en;q=0.5");
			}
			double weight = 1;
			for (int i = 1; i < pieces.length; i++) {
				var p = pieces[i].trim();
				if (!p.matches("q=(0(\\.\\d{0,3})?|1(\\.0{0,3})?)")) {
					throw new HubRefused(Type.BAD_REQUEST_DATA, "a language's weight is q=0 to q=1");
				}
				weight = Double.parseDouble(p.substring(2));
			}
			if (weight > 0) {
				ranges.add(new Range(tag.toLowerCase(Locale.ROOT), weight, order++));
			}
		}
		ranges.sort(Comparator.comparingDouble(Range::weight).reversed().thenComparingInt(Range::order));
		return new Languages(ranges);
	}

	/** A compacted entity with each LanguageProperty in the language chosen. */
	public JsonObject applied(JsonObject entity) {
		var out = JSON.createObjectBuilder();
		entity.forEach((name, value) -> {
			if (value instanceof JsonArray instances) {
				var each = JSON.createArrayBuilder();
				instances.forEach(instance -> each.add(chosen(instance)));
				out.add(name, each);
			}
			else {
				out.add(name, chosen(value));
			}
		});
		return out.build();
	}

	private JsonValue chosen(JsonValue attribute) {
		if (!(attribute instanceof JsonObject object) || !(object.get("type") instanceof JsonString type)
				|| !type.getString().equals("LanguageProperty") || !(object.get("languageMap") instanceof JsonObject map)
				|| map.isEmpty()) {
			return attribute;
		}
		var tag = pick(map);
		var property = JSON.createObjectBuilder();
		object.forEach((member, value) -> {
			if (member.equals("type")) {
				property.add("type", "Property");
			}
			else if (member.equals("languageMap")) {
				property.add("value", map.get(tag));
				property.add("lang", tag);
			}
			else {
				property.add(member, value);
			}
		});
		return property.build();
	}

	private String pick(JsonObject map) {
		for (var range : ranges) {
			if (range.tag().equals("*")) {
				return map.keySet().iterator().next();
			}
			for (var key : map.keySet()) {
				if (key.equalsIgnoreCase(range.tag())) {
					return key;
				}
			}
			for (var key : map.keySet()) {
				if (key.toLowerCase(Locale.ROOT).startsWith(range.tag() + "-")) {
					return key;
				}
			}
			var shorter = range.tag();
			while (shorter.contains("-")) {
				shorter = shorter.substring(0, shorter.lastIndexOf('-'));
				for (var key : map.keySet()) {
					if (key.equalsIgnoreCase(shorter)) {
						return key;
					}
				}
			}
		}
		return map.keySet().iterator().next();
	}

}
