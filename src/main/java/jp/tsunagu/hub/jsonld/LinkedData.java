package jp.tsunagu.hub.jsonld;

import java.util.List;

import org.springframework.stereotype.Component;

import com.apicatalog.jsonld.JsonLd;
import com.apicatalog.jsonld.JsonLdError;
import com.apicatalog.jsonld.document.JsonDocument;

import jakarta.json.Json;
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

	/** The context a request names (the body's {@code @context}, or the Link header's), the core context last. */
	public static JsonArray contextOf(List<JsonValue> named) {
		var all = Json.createArrayBuilder();
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
		var withContext = Json.createObjectBuilder(document).remove("@context").add("@context", context).build();
		try {
			var expanded = JsonLd.expand(JsonDocument.of(withContext)).loader(contexts).get();
			if (expanded.size() != 1 || !(expanded.get(0) instanceof JsonObject node)) {
				throw new LinkedDataRefused(false, "the document is not one JSON-LD node");
			}
			return node;
		}
		catch (JsonLdError ex) {
			throw LinkedDataRefused.of(ex);
		}
	}

	/** An expanded node compacted with this context; the {@code @context} member left out. */
	public JsonObject compact(JsonObject expanded, JsonArray context) {
		try {
			var compacted = JsonLd
				.compact(JsonDocument.of(Json.createArrayBuilder().add(expanded).build()),
						JsonDocument.of(Json.createObjectBuilder().add("@context", context).build()))
				.loader(contexts)
				.get();
			return Json.createObjectBuilder(compacted).remove("@context").build();
		}
		catch (JsonLdError ex) {
			throw LinkedDataRefused.of(ex);
		}
	}

	/** The IRI a term (an entity type, an attribute name) stands for in this context. */
	public String expandTerm(String term, JsonArray context) {
		return cached("t", term, context, () -> expandTermNow(term, context));
	}

	private String expandTermNow(String term, JsonArray context) {
		var probe = Json.createObjectBuilder().add("@context", context).add(term, "x").build();
		try {
			var expanded = JsonLd.expand(JsonDocument.of(probe)).loader(contexts).get();
			if (!expanded.isEmpty() && expanded.get(0) instanceof JsonObject node && !node.isEmpty()) {
				return node.keySet().iterator().next();
			}
			return term;
		}
		catch (JsonLdError ex) {
			throw LinkedDataRefused.of(ex);
		}
	}

	/** The term this context gives an IRI (the IRI itself if it gives none). */
	public String compactTerm(String iri, JsonArray context) {
		return cached("c", iri, context, () -> compactTermNow(iri, context));
	}

	private String compactTermNow(String iri, JsonArray context) {
		var probe = Json.createObjectBuilder().add(iri, Json.createArrayBuilder().add(Json.createObjectBuilder().add("@value", "x"))).build();
		var compacted = compact(probe, context);
		return compacted.keySet().stream().findFirst().orElse(iri);
	}

	/** The IRI an entity type's name stands for in this context (types expand as {@code @type} values do). */
	public String expandType(String type, JsonArray context) {
		return cached("T", type, context, () -> expandTypeNow(type, context));
	}

	private String expandTypeNow(String type, JsonArray context) {
		var probe = Json.createObjectBuilder().add("@context", context).add("@type", type).build();
		try {
			var expanded = JsonLd.expand(JsonDocument.of(probe)).loader(contexts).get();
			if (!expanded.isEmpty() && expanded.get(0) instanceof JsonObject node
					&& node.get("@type") instanceof JsonArray types && !types.isEmpty()) {
				return types.getString(0);
			}
			return type;
		}
		catch (JsonLdError ex) {
			throw LinkedDataRefused.of(ex);
		}
	}
}
