package jp.tsunagu.hub.api;

import static jp.tsunagu.hub.jsonld.Jsons.JSON;

import java.util.List;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import jakarta.json.JsonArray;
import jakarta.json.JsonValue;
import jp.tsunagu.hub.HubRefused;
import jp.tsunagu.hub.HubRefused.Type;
import jp.tsunagu.hub.NgsiLd;
import jp.tsunagu.hub.jsonld.LinkedData;

/**
 * The JSON-LD context a request names: the Link header's ({@code rel="http://www.w3.org/ns/json-ld#context"})
 * or, for {@code application/ld+json}, the body's {@code @context}; the core context is always
 * applied last. {@link #url} is the one URL to give back in an answer's Link header.
 */
record RequestContext(JsonArray context, String url) {

	private static final Pattern LINK = Pattern.compile("^\\s*<([^>]*)>\\s*(;.*)?$");

	static RequestContext core() {
		return new RequestContext(LinkedData.contextOf(List.of()), NgsiLd.CORE_CONTEXT);
	}

	/** The context of a Link header (core if none). */
	static RequestContext ofLink(@Nullable String link) {
		if (link == null || link.isBlank()) {
			return core();
		}
		// one Link header may name several links; the context is the one with the JSON-LD relation
		for (var part : link.split(",(?=\\s*<)")) {
			var m = LINK.matcher(part);
			if (!m.matches()) {
				throw new HubRefused(Type.BAD_REQUEST_DATA, "the Link header cannot be read");
			}
			var parameters = m.group(2) == null ? "" : m.group(2);
			if (parameters.replace(" ", "").contains("rel=\"" + NgsiLd.CONTEXT_RELATION + "\"")
					|| parameters.replace(" ", "").contains("rel=" + NgsiLd.CONTEXT_RELATION)) {
				var url = m.group(1).trim();
				if (!jp.tsunagu.hub.Entities.isUri(url)) {
					throw new HubRefused(Type.BAD_REQUEST_DATA, "the Link header's context is not a URL");
				}
				return new RequestContext(LinkedData.contextOf(List.of(JSON.createValue(url))), url);
			}
		}
		return core();
	}

	/** The context of a body's {@code @context} member. */
	static RequestContext ofBody(JsonValue context) {
		var url = context instanceof jakarta.json.JsonString s ? s.getString()
				: context instanceof JsonArray a && a.size() == 1 && a.get(0) instanceof jakarta.json.JsonString s
						? s.getString() : NgsiLd.CORE_CONTEXT;
		return new RequestContext(LinkedData.contextOf(List.of(context)), url);
	}
}
