package jp.tsunagu.hub.jsonld;

import static jp.tsunagu.hub.jsonld.Jsons.JSON;

import java.util.Map;
import java.util.Set;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * The concise representation an entity may be written in (NGSI-LD clause 4.5.x): an attribute
 * without its {@code type}, told by what it holds ({@code value}, {@code object},
 * {@code languageMap}, {@code json}, {@code vocab}, {@code valueList}, {@code objectList}), a GeoJSON
 * geometry a GeoProperty, any other value a Property's value; made normalized before it is read,
 * sub-attributes alike. An attribute that names its type is left as it is.
 */
public final class Concise {

	/** The members of an entity that are not attributes. */
	private static final Set<String> ENTITY_MEMBERS = Set.of("id", "type", "@id", "@type", "@context", "scope",
			"createdAt", "modifiedAt", "deletedAt");

	/** The members of an attribute that are not sub-attributes. */
	private static final Set<String> ATTRIBUTE_MEMBERS = Set.of("type", "@type", "value", "object", "languageMap", "json",
			"vocab", "valueList", "objectList", "observedAt", "unitCode", "datasetId", "instanceId", "createdAt",
			"modifiedAt", "deletedAt", "expiresAt", "@context", "lang", "valueType", "entity", "objectType", "previousValue",
			"previousObject", "previousLanguageMap", "previousJson", "previousVocab", "previousValueList",
			"previousObjectList", "entityIdSealed", "entityTypeSealed");

	/** What an attribute holds, and the attribute type that holds it. */
	private static final Map<String, String> CONTENT_TYPES = Map.of("object", "Relationship", "languageMap",
			"LanguageProperty", "json", "JsonProperty", "vocab", "VocabProperty", "valueList", "ListProperty", "objectList",
			"ListRelationship");

	private static final Set<String> GEOMETRIES = Set.of("Point", "MultiPoint", "LineString", "MultiLineString", "Polygon",
			"MultiPolygon", "GeometryCollection");

	private Concise() {
	}

	/** An entity (compact JSON) with each attribute normalized. */
	public static JsonObject normalized(JsonObject entity) {
		var out = JSON.createObjectBuilder();
		entity.forEach((name, value) -> out.add(name, ENTITY_MEMBERS.contains(name) ? value : attribute(value)));
		return out.build();
	}

	private static JsonValue attribute(JsonValue value) {
		if (value instanceof JsonArray instances && !instances.isEmpty()
				&& instances.stream().allMatch(i -> i instanceof JsonObject o && isAttribute(o))) {
			// several instances of one attribute
			var each = JSON.createArrayBuilder();
			instances.forEach(instance -> each.add(attribute(instance)));
			return each.build();
		}
		if (value.getValueType() == JsonValue.ValueType.NULL) {
			return value;
		}
		if (value instanceof JsonObject object) {
			if (object.get("type") instanceof JsonString && !isGeometry(object)) {
				return withSubAttributes(object);
			}
			if (object.containsKey("value")) {
				var type = object.get("value") instanceof JsonObject inner && isGeometry(inner) ? "GeoProperty" : "Property";
				return withSubAttributes(JSON.createObjectBuilder(object).add("type", type).build());
			}
			for (var content : CONTENT_TYPES.entrySet()) {
				if (object.containsKey(content.getKey())) {
					return withSubAttributes(JSON.createObjectBuilder(object).add("type", content.getValue()).build());
				}
			}
			if (isGeometry(object)) {
				return JSON.createObjectBuilder().add("type", "GeoProperty").add("value", object).build();
			}
		}
		return JSON.createObjectBuilder().add("type", "Property").add("value", value).build();
	}

	/** Whether an object is written as an attribute: a type, or a member only an attribute has. */
	private static boolean isAttribute(JsonObject object) {
		return object.get("type") instanceof JsonString && !isGeometry(object) || object.containsKey("value")
				|| CONTENT_TYPES.keySet().stream().anyMatch(object::containsKey);
	}

	private static JsonObject withSubAttributes(JsonObject attribute) {
		var out = JSON.createObjectBuilder();
		attribute.forEach((name, value) -> out.add(name, ATTRIBUTE_MEMBERS.contains(name) ? value : attribute(value)));
		return out.build();
	}

	private static boolean isGeometry(JsonObject object) {
		return object.get("type") instanceof JsonString type && GEOMETRIES.contains(type.getString())
				&& (object.containsKey("coordinates") || object.containsKey("geometries"));
	}
}
