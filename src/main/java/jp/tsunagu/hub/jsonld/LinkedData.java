package jp.tsunagu.hub.jsonld;

import static jp.tsunagu.hub.jsonld.Jsons.JSON;

import java.util.List;

import org.springframework.stereotype.Component;

import com.apicatalog.jsonld.JsonLdError;
import com.apicatalog.jsonld.JsonLdOptions;
import com.apicatalog.jsonld.compaction.Compaction;
import com.apicatalog.jsonld.context.ActiveContext;
import com.apicatalog.jsonld.expansion.Expansion;
import com.apicatalog.jsonld.processor.ProcessingRuntime;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jp.tsunagu.hub.NgsiLd;

/**
 * JSON-LD expansion and compaction with titanium-json-ld, as the NGSI-LD API asks: a request's
 * terms mean what its context says, with the core context applied last (so no user context
 * redefines the core's terms); an answer is compacted with the context its request named.
 */
@Component
public class LinkedData {

	private final Contexts contexts;

	/**
	 * Terms already expanded, per context: JSON-LD builds a context's active context on each call,
	 * which costs far more than the lookup; kept as long as the contexts themselves are cached.
	 */
	private final com.github.benmanes.caffeine.cache.Cache<String, String> terms = com.github.benmanes.caffeine.cache.Caffeine
		.newBuilder()
		.maximumSize(16_384)
		.expireAfterWrite(java.time.Duration.ofHours(1))
		.build();

	/** Processed contexts (see {@link #active}): a few hundred KiB each for the core context. */
	private final com.github.benmanes.caffeine.cache.Cache<String, ActiveContext> processed = com.github.benmanes.caffeine.cache.Caffeine
		.newBuilder()
		.maximumSize(64)
		.expireAfterWrite(Contexts.KEEP)
		.build();

	/** Contexts longer than this (inline ones, say) are not kept as cache keys. */
	private static final int CACHED_CONTEXT_LENGTH = 4096;

	private String cached(String kind, String name, JsonArray context, java.util.function.Supplier<String> compute) {
		var text = context.toString();
		if (text.length() > CACHED_CONTEXT_LENGTH || name.length() > CACHED_CONTEXT_LENGTH) {
			return compute.get();
		}
		return terms.get(kind + ' ' + name + ' ' + text, key -> compute.get());
	}

	LinkedData(Contexts contexts) {
		this.contexts = contexts;
	}

	/** Forgets every processed context and term, after a context was deleted or fetched again. */
	public void forget() {
		generation.incrementAndGet();
		instances.invalidateAll();
		processed.invalidateAll();
		terms.invalidateAll();
	}

	/** How many times this instance forgot its contexts: what was compacted in an earlier generation may read otherwise now. */
	public long generation() {
		return generation.get();
	}

	private final java.util.concurrent.atomic.AtomicLong generation = new java.util.concurrent.atomic.AtomicLong();

	/** The context a request names (the body's {@code @context}, or the Link header's), the core context last. */
	public static JsonArray contextOf(List<JsonValue> named) {
		var all = JSON.createArrayBuilder();
		for (var value : named) {
			if (value instanceof JsonArray array) {
				array.forEach(all::add);
			}
			else {
				all.add(value);
			}
		}
		all.add(NgsiLd.CORE_CONTEXT);
		return all.build();
	}

	/**
	 * The expanded form of a JSON object (an entity, say) read with this context (see
	 * {@link #contextOf}): JSON-LD's node object, every term an IRI.
	 *
	 * @throws LinkedDataRefused when a context cannot be had or the document is not valid JSON-LD
	 */
	public JsonObject expand(JsonObject document, JsonArray context) {
		var withoutContext = document.containsKey("@context") ? JSON.createObjectBuilder(document).remove("@context").build()
				: document;
		var expanded = expanded(withoutContext, context);
		if (expanded.size() != 1 || !(expanded.get(0) instanceof JsonObject node)) {
			throw new LinkedDataRefused(false, "the document is not one JSON-LD node");
		}
		return node;
	}

	/** JSON-LD 1.1 Expansion (its steps 5 to 8.3) of a document without its own context, from this one processed. */
	private JsonArray expanded(JsonObject withoutContext, JsonArray context) {
		try {
			var expanded = Expansion.with(active(context), withoutContext, null, null).ordered(false).compute();
			if (expanded instanceof JsonObject object && object.size() == 1 && object.get("@graph") instanceof JsonArray graph) {
				return graph;
			}
			if (expanded == null || expanded.getValueType() == JsonValue.ValueType.NULL) {
				return JsonValue.EMPTY_JSON_ARRAY;
			}
			return expanded instanceof JsonArray array ? array : JSON.createArrayBuilder().add(expanded).build();
		}
		catch (JsonLdError ex) {
			throw LinkedDataRefused.of(ex);
		}
	}

	/** An expanded node compacted with this context; the {@code @context} member left out. */
	public JsonObject compact(JsonObject expanded, JsonArray context) {
		return compactAll(List.of(expanded), context).get(0);
	}

	/**
	 * Expanded nodes compacted with this context, in their order (the {@code @context} member left
	 * out): a page of a query costs one context, not one per entity.
	 */
	public List<JsonObject> compactAll(List<JsonObject> expanded, JsonArray context) {
		if (expanded.isEmpty()) {
			return List.of();
		}
		var all = JSON.createArrayBuilder();
		expanded.forEach(all::add);
		try {
			// JSON-LD 1.1 Compaction (its step 9) of nodes that are already in expanded form
			var compacted = Compaction.with(active(context)).compactArrays(true).ordered(false).compact(all.build());
			var nodes = compacted instanceof JsonArray array ? array : List.of(compacted);
			var out = new java.util.ArrayList<JsonObject>(nodes.size());
			for (var node : nodes) {
				out.add(node instanceof JsonObject object ? object : JsonValue.EMPTY_JSON_OBJECT);
			}
			if (out.size() != expanded.size()) {
				throw new IllegalStateException("compacted " + out.size() + " nodes of " + expanded.size());
			}
			return out;
		}
		catch (JsonLdError ex) {
			throw LinkedDataRefused.of(ex);
		}
	}

	/**
	 * An instance of a history: the text it is made of (which tells it from every other instance,
	 * and names its compaction kept), and its expanded form, made only when it must be compacted.
	 */
	public record Instance(String key, java.util.function.Supplier<JsonObject> expanded) {

		/** A history's whole expanded node: its header ({@code @id}, {@code @type}, system times) and each attribute's instances. */
		public static JsonObject node(JsonObject header, java.util.Map<String, List<Instance>> attributes) {
			var node = JSON.createObjectBuilder(header);
			attributes.forEach((attribute, instances) -> {
				var list = JSON.createArrayBuilder();
				instances.forEach(instance -> list.add(instance.expanded().get()));
				node.add(attribute, list);
			});
			return node.build();
		}
	}

	/**
	 * A temporal entity (its header: {@code @id}, {@code @type}, system times; and each attribute's
	 * instances) compacted with this context: what {@link #compact} of its whole node gives, made of each
	 * instance compacted on its own and kept. Compaction was 85% of a history read's CPU (a JFR of
	 * {@code lastN=100}), and a chart reading a sensor's last hundred values again and again gets
	 * back the same instances but one. JSON-LD compacts each value of a property on its own (its
	 * term chosen by what the value holds, 6.2 step 12.8 of the 1.1 algorithms) and gathers the
	 * values that chose the same term, so the pieces add up to the whole unless the context makes
	 * the term a map ({@code @container} {@code @index}, {@code @language}, {@code @id},
	 * {@code @type}, {@code @graph}, a {@code @list}), nests it ({@code @nest}) or reverses it, or a
	 * type brings a context of its own: then the node is compacted whole, as before.
	 * {@code LinkedDataTests} compares the two on random histories and contexts.
	 */
	public JsonObject compactHistory(JsonObject header, java.util.Map<String, List<Instance>> attributes, JsonArray context) {
		var text = context.toString();
		if (text.length() > CACHED_CONTEXT_LENGTH || attributes.values().stream().anyMatch(List::isEmpty)) {
			return compact(Instance.node(header, attributes), context);
		}
		ActiveContext active;
		try {
			active = active(context);
		}
		catch (JsonLdError ex) {
			throw LinkedDataRefused.of(ex);
		}
		if (header.get("@type") instanceof JsonArray types) {
			for (var type : types) {
				if (type instanceof jakarta.json.JsonString iri && active.getTerm(compactType(iri.getString(), context))
					.filter(com.apicatalog.jsonld.context.TermDefinition::hasLocalContext)
					.isPresent()) {
					return compact(Instance.node(header, attributes), context);
				}
			}
		}
		// each instance's compaction, known or made now (all those not known in one call)
		long generation = generation();
		var pieces = new java.util.ArrayList<@org.jspecify.annotations.Nullable JsonObject>();
		var keys = new java.util.ArrayList<Piece>();
		var missing = new java.util.ArrayList<Integer>();
		var nodes = new java.util.ArrayList<JsonObject>();
		attributes.forEach((attribute, list) -> {
			for (var instance : list) {
				var key = new Piece(generation, text, attribute, instance.key());
				var known = instances.getIfPresent(key);
				if (known == null) {
					missing.add(pieces.size());
					nodes.add(JSON.createObjectBuilder()
						.add(attribute, JSON.createArrayBuilder().add(instance.expanded().get()))
						.build());
				}
				keys.add(key);
				pieces.add(known);
			}
		});
		var fresh = compactAll(nodes, context);
		for (int j = 0; j < fresh.size(); j++) {
			pieces.set(missing.get(j), fresh.get(j));
			instances.put(keys.get(missing.get(j)), fresh.get(j));
		}
		// gathered by term, in the order of the node
		var byTerm = new java.util.LinkedHashMap<String, jakarta.json.JsonArrayBuilder>();
		var sets = new java.util.HashSet<String>();
		for (var piece : pieces) {
			if (piece == null || piece.size() != 1) {
				return compact(Instance.node(header, attributes), context);
			}
			var member = piece.entrySet().iterator().next();
			var term = member.getKey();
			var definition = active.getTerm(term);
			if (term.startsWith("@") || definition.isPresent() && !gathersAsAList(definition.get())) {
				return compact(Instance.node(header, attributes), context);
			}
			var values = byTerm.computeIfAbsent(term, t -> JSON.createArrayBuilder());
			if (member.getValue() instanceof JsonArray array) {
				array.forEach(values::add);
			}
			else {
				values.add(member.getValue());
			}
			if (definition.filter(d -> d.hasContainerMapping("@set")).isPresent()) {
				sets.add(term);
			}
		}
		var out = JSON.createObjectBuilder(compact(header, context));
		byTerm.forEach((term, values) -> {
			var array = values.build();
			out.add(term, array.size() == 1 && !sets.contains(term) ? array.get(0) : array);
		});
		pieced.incrementAndGet();
		return out.build();
	}

	/** How many histories {@link #compactHistory} made of their instances' compactions (for the tests: not all fell back). */
	final java.util.concurrent.atomic.AtomicLong pieced = new java.util.concurrent.atomic.AtomicLong();

	/** Whether a term's values are gathered in a plain list (no container but {@code @set}, not nested, not reversed). */
	private static boolean gathersAsAList(com.apicatalog.jsonld.context.TermDefinition definition) {
		var containers = definition.getContainerMapping();
		return (containers.isEmpty() || containers.size() == 1 && containers.contains("@set")) && definition.getNestValue() == null
				&& !definition.isReverseProperty();
	}

	/**
	 * Instances of histories as compacted before, by the generation of the instance's contexts, the
	 * context, the attribute and the text the instance is made of (its id among it, so a changed
	 * instance is another entry; the stored row's text, so a kept instance is not even parsed;
	 * serializing each instance to a digest had taken most of what compacting it cost): at most 16,384 (a hundred sensors' last hundred values; some 2
	 * KiB each, key and answer), each for a minute, as a remote context's document may change.
	 */
	private final com.github.benmanes.caffeine.cache.Cache<Piece, JsonObject> instances = com.github.benmanes.caffeine.cache.Caffeine
		.newBuilder()
		.maximumSize(16_384)
		.expireAfterWrite(java.time.Duration.ofMinutes(1))
		.build();

	/** What an instance's compaction depends on. */
	private record Piece(long generation, String context, String attribute, String instance) {
	}

	/**
	 * A context processed into JSON-LD's active context (its inverse context built too), kept per
	 * context as long as the remote contexts it names are: processing the core context's hundreds of
	 * terms, each an IRI to parse, took more of the server's time than the rest of a request did.
	 * Shared between threads, it is read only: the algorithms derive new contexts from it.
	 */
	private ActiveContext active(JsonArray context) throws JsonLdError {
		var key = context.toString();
		if (key.length() > CACHED_CONTEXT_LENGTH) {
			return processed(context);
		}
		var found = processed.getIfPresent(key);
		if (found == null) {
			found = processed(context);
			processed.put(key, found);
		}
		return found;
	}

	private ActiveContext processed(JsonArray context) throws JsonLdError {
		var options = new JsonLdOptions(contexts);
		var active = new ActiveContext(null, null, ProcessingRuntime.of(options)).newContext().create(context, null);
		active.createInverseContext();
		return active;
	}

	/** The IRI a term (an entity type, an attribute name) stands for in this context. */
	public String expandTerm(String term, JsonArray context) {
		return cached("t", term, context, () -> expandTermNow(term, context));
	}

	private String expandTermNow(String term, JsonArray context) {
		var expanded = expanded(JSON.createObjectBuilder().add(term, "x").build(), context);
		if (!expanded.isEmpty() && expanded.get(0) instanceof JsonObject node && !node.isEmpty()) {
			return node.keySet().iterator().next();
		}
		return term;
	}

	/** The term this context gives an IRI (the IRI itself if it gives none). */
	public String compactTerm(String iri, JsonArray context) {
		return cached("c", iri, context, () -> compactTermNow(iri, context));
	}

	private String compactTermNow(String iri, JsonArray context) {
		var probe = JSON.createObjectBuilder().add(iri, JSON.createArrayBuilder().add(JSON.createObjectBuilder().add("@value", "x"))).build();
		var compacted = compact(probe, context);
		return compacted.keySet().stream().findFirst().orElse(iri);
	}

	/** The name this context gives a type's IRI (as {@code @type} values compact: the IRI itself if it gives none). */
	public String compactType(String iri, JsonArray context) {
		return cached("C", iri, context, () -> compactTypeNow(iri, context));
	}

	private String compactTypeNow(String iri, JsonArray context) {
		var probe = JSON.createObjectBuilder().add("@type", JSON.createArrayBuilder().add(iri)).build();
		for (var value : compact(probe, context).values()) {
			if (value instanceof jakarta.json.JsonString name) {
				return name.getString();
			}
			if (value instanceof JsonArray names && !names.isEmpty() && names.get(0) instanceof jakarta.json.JsonString name) {
				return name.getString();
			}
		}
		return iri;
	}

	/** The IRI an entity type's name stands for in this context (types expand as {@code @type} values do). */
	public String expandType(String type, JsonArray context) {
		return cached("T", type, context, () -> expandTypeNow(type, context));
	}

	private String expandTypeNow(String type, JsonArray context) {
		var expanded = expanded(JSON.createObjectBuilder().add("@type", type).build(), context);
		if (!expanded.isEmpty() && expanded.get(0) instanceof JsonObject node
				&& node.get("@type") instanceof JsonArray types && !types.isEmpty()) {
			return types.getString(0);
		}
		return type;
	}
}
