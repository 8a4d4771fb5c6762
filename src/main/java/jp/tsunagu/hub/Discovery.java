package jp.tsunagu.hub;

import static jp.tsunagu.hub.jsonld.Jsons.JSON;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jp.tsunagu.hub.HubRefused.Type;
import jp.tsunagu.hub.internal.DiscoveryRows;
import jp.tsunagu.hub.jsonld.LinkedData;

/**
 * Discovery of what a tenant's entities are made of (NGSI-LD clauses 5.7.5 to 5.7.10): the entity
 * types there are, each with its attributes; the attributes there are, each with the types that have
 * it. Names come compacted with the request's context, each detail's {@code id} is the full IRI, lists
 * stay lists. Worked out from the entities at each request, so that it is never out of date; it
 * reads every entity of the tenant (docs/hub.md, Discovery).
 */
@Service
public class Discovery {

	/** Members of an entity that are not attributes, as IRIs: asking for one is asking for no attribute. */
	private static final Set<String> NOT_ATTRIBUTES = Set.of(NgsiLd.NS + "scope", NgsiLd.CREATED_AT,
			NgsiLd.MODIFIED_AT, NgsiLd.NS + "deletedAt", NgsiLd.NS + "observedAt", NgsiLd.NS + "unitCode",
			NgsiLd.NS + "datasetId", NgsiLd.NS + "instanceId");

	private final DiscoveryRows rows;

	private final LinkedData ld;

	Discovery(DiscoveryRows rows, LinkedData ld) {
		this.rows = rows;
		this.ld = ld;
	}

	/** EntityTypeList (5.2.24): the types there are. */
	@Transactional(readOnly = true)
	public JsonObject typeList(String tenant, JsonArray context) {
		var names = JSON.createArrayBuilder();
		rows.types(tenant).forEach(type -> names.add(ld.compactType(type, context)));
		return JSON.createObjectBuilder()
			.add("id", "urn:ngsi-ld:EntityTypeList:" + UUID.randomUUID())
			.add("type", "EntityTypeList")
			.add("typeList", names)
			.build();
	}

	/** EntityType (5.2.25) of each type there is: its name and its entities' attributes. */
	@Transactional(readOnly = true)
	public JsonArray types(String tenant, JsonArray context) {
		var attributes = new TreeMap<String, Set<String>>();
		rows.types(tenant).forEach(type -> attributes.put(type, new TreeSet<>()));
		for (var use : rows.uses(tenant, null, null)) {
			attributes.computeIfAbsent(use.type(), t -> new TreeSet<>()).add(use.attribute());
		}
		var all = JSON.createArrayBuilder();
		attributes.forEach((type, names) -> {
			var attributeNames = JSON.createArrayBuilder();
			names.forEach(name -> attributeNames.add(ld.compactTerm(name, context)));
			all.add(JSON.createObjectBuilder()
				.add("id", type)
				.add("type", "EntityType")
				.add("typeName", ld.compactType(type, context))
				.add("attributeNames", attributeNames));
		});
		return all.build();
	}

	/**
	 * EntityTypeInfo (5.2.26) of one type (a name in this context, or an IRI): how many entities have
	 * it and their attributes with their attribute types.
	 *
	 * @throws HubRefused ResourceNotFound if no entity has it
	 */
	@Transactional(readOnly = true)
	public JsonObject type(String tenant, String name, JsonArray context) {
		var type = ld.expandType(name, context);
		long count = rows.entities(tenant, type);
		if (count == 0) {
			throw new HubRefused(Type.RESOURCE_NOT_FOUND, "no entity has the type " + name);
		}
		var kinds = new TreeMap<String, Set<String>>();
		for (var use : rows.uses(tenant, type, null)) {
			kinds.computeIfAbsent(use.attribute(), a -> new TreeSet<>()).add(use.attributeType());
		}
		var details = JSON.createArrayBuilder();
		kinds.forEach((attribute, attributeTypes) -> details.add(JSON.createObjectBuilder()
			.add("id", attribute)
			.add("type", "Attribute")
			.add("attributeName", ld.compactTerm(attribute, context))
			.add("attributeTypes", compactedTypes(attributeTypes, context))));
		return JSON.createObjectBuilder()
			.add("id", type)
			.add("type", "EntityTypeInfo")
			.add("typeName", ld.compactType(type, context))
			.add("entityCount", count)
			.add("attributeDetails", details)
			.build();
	}

	/** AttributeList (5.2.27): the attributes there are. */
	@Transactional(readOnly = true)
	public JsonObject attributeList(String tenant, JsonArray context) {
		var names = new TreeSet<String>();
		rows.uses(tenant, null, null).forEach(use -> names.add(use.attribute()));
		var list = JSON.createArrayBuilder();
		names.forEach(name -> list.add(ld.compactTerm(name, context)));
		return JSON.createObjectBuilder()
			.add("id", "urn:ngsi-ld:AttributeList:" + UUID.randomUUID())
			.add("type", "AttributeList")
			.add("attributeList", list)
			.build();
	}

	/** Attribute (5.2.28) of each attribute there is: its name and the types of the entities that have it. */
	@Transactional(readOnly = true)
	public JsonArray attributes(String tenant, JsonArray context) {
		var types = new TreeMap<String, Set<String>>();
		for (var use : rows.uses(tenant, null, null)) {
			types.computeIfAbsent(use.attribute(), a -> new TreeSet<>()).add(use.type());
		}
		var all = JSON.createArrayBuilder();
		types.forEach((attribute, typeNames) -> all.add(JSON.createObjectBuilder()
			.add("id", attribute)
			.add("type", "Attribute")
			.add("attributeName", ld.compactTerm(attribute, context))
			.add("typeNames", compactedNames(typeNames, context))));
		return all.build();
	}

	/**
	 * Attribute (5.2.28) of one attribute (a name in this context, or an IRI): how many instances of
	 * it there are, of which attribute types, and the types of the entities that have it.
	 *
	 * @throws HubRefused ResourceNotFound if no entity has it
	 */
	@Transactional(readOnly = true)
	public JsonObject attribute(String tenant, String name, JsonArray context) {
		var attribute = ld.expandTerm(name, context);
		if (attribute.startsWith("@") || NOT_ATTRIBUTES.contains(attribute)) {
			throw new HubRefused(Type.RESOURCE_NOT_FOUND, name + " is not an attribute");
		}
		Map<String, Long> instances = rows.instances(tenant, attribute);
		if (instances.isEmpty()) {
			throw new HubRefused(Type.RESOURCE_NOT_FOUND, "no entity has the attribute " + name);
		}
		var typeNames = new TreeSet<String>();
		rows.uses(tenant, null, attribute).forEach(use -> typeNames.add(use.type()));
		return JSON.createObjectBuilder()
			.add("id", attribute)
			.add("type", "Attribute")
			.add("attributeName", ld.compactTerm(attribute, context))
			.add("attributeCount", instances.values().stream().mapToLong(Long::longValue).sum())
			.add("attributeTypes", compactedTypes(instances.keySet(), context))
			.add("typeNames", compactedNames(typeNames, context))
			.build();
	}

	private JsonArray compactedTypes(Set<String> attributeTypes, JsonArray context) {
		var list = JSON.createArrayBuilder();
		attributeTypes.forEach(kind -> list.add(ld.compactType(kind, context)));
		return list.build();
	}

	private JsonArray compactedNames(Set<String> types, JsonArray context) {
		var list = JSON.createArrayBuilder();
		types.forEach(type -> list.add(ld.compactType(type, context)));
		return list.build();
	}
}
