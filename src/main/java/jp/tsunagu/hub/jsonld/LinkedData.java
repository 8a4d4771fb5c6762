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
