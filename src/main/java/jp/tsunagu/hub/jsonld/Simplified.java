package jp.tsunagu.hub.jsonld;

import static jp.tsunagu.hub.jsonld.Jsons.JSON;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * The simplified (keyValues) representation of a compacted entity (ETSI GS CIM 009, 4.5.4): each
 * attribute by its value alone (a Property's {@code value}, a Relationship's {@code object}, a
 * ListProperty's {@code valueList}, ...), but a LanguageProperty, JsonProperty or VocabProperty
 * as a one-member object naming what it is ({@code {"languageMap": ...}}, {@code {"json": ...}},
 * {@code {"vocab": ...}}); several instances of one attribute as {@code {"dataset": {<datasetId>
 * or "@none": value}}}; a Relationship carrying its linked entity (a join inline) as that entity.
 */
public final class Simplified {

	private Simplified() {
	}

	public static JsonObject of(JsonObject entity) {
		var simple = JSON.createObjectBuilder();
		entity.forEach((name, value) -> {
			if (name.equals("id") || name.equals("type") || name.equals("@context") || name.equals("createdAt")
					|| name.equals("modifiedAt")) {
				simple.add(name, value);
			}
			else if (value instanceof JsonArray instances) {
				var byDataset = JSON.createObjectBuilder();
				instances.forEach(instance -> byDataset.add(instance instanceof JsonObject object
						&& object.get("datasetId") instanceof JsonString id ? id.getString() : "@none", valueOf(instance)));
				simple.add(name, JSON.createObjectBuilder().add("dataset", byDataset));
			}
			else {
				simple.add(name, valueOf(value));
			}
		});
		return simple.build();
	}

	private static JsonValue valueOf(JsonValue attribute) {
		if (!(attribute instanceof JsonObject object) || !(object.get("type") instanceof JsonString type)) {
			return attribute;
		}
		if (type.getString().equals("Relationship") && object.get("entity") instanceof JsonObject linked) {
			// a join's linked entity inline (4.5.23) stands for its Relationship, simplified as well
			return of(linked);
		}
		var member = member(type.getString());
		var value = object.get(member);
		if (value == null) {
			return JsonValue.NULL;
		}
		return switch (member) {
			case "languageMap", "json", "vocab" -> JSON.createObjectBuilder().add(member, value).build();
			default -> value;
		};
	}

	/** The member that holds an attribute's content, by its type as compacted: {@code value}, {@code object}, {@code languageMap}, ... */
	public static String member(String type) {
		return switch (type) {
			case "Relationship" -> "object";
			case "LanguageProperty" -> "languageMap";
			case "JsonProperty" -> "json";
			case "VocabProperty" -> "vocab";
			case "ListProperty" -> "valueList";
			case "ListRelationship" -> "objectList";
			default -> "value";
		};
	}
}
