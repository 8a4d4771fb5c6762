package jp.tsunagu.hub.api;

import static jp.tsunagu.hub.jsonld.Jsons.JSON;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jp.tsunagu.hub.HubRefused;
import jp.tsunagu.hub.HubRefused.Type;
import jp.tsunagu.hub.internal.HistoryRows;
import jp.tsunagu.hub.jsonld.LinkedData;
import jp.tsunagu.hub.query.QueryMatcher;
import jp.tsunagu.hub.temporal.Temporal;

/**
 * {@code /ngsi-ld/v1/temporal/entities} (NGSI-LD clauses 5.6.11 to 5.6.16, 5.7.3, 5.7.4): an
 * entity's history in a time window ({@code timerel} before / after / between {@code timeAt} and
 * {@code endTimeAt}, on {@code timeproperty}), the {@code lastN} instances, the simplified
 * {@code temporalValues} and the {@code aggregatedValues} ({@code aggrMethods} over
 * {@code aggrPeriodDuration}); the history of many entities by type, id and pattern; and the
 * history provided directly: instances added, one changed, an attribute's or an instance's deleted.
 */
@RestController
@RequestMapping(TemporalApi.PATH)
class TemporalApi {

	static final String PATH = "/ngsi-ld/v1/temporal/entities";

	private static final Set<String> READ_PARAMETERS = Set.of("attrs", "timerel", "timeAt", "endTimeAt", "timeproperty",
			"lastN", "options", "aggrMethods", "aggrPeriodDuration", "format", "pick", "omit");

	private static final Set<String> QUERY_PARAMETERS = Set.of("type", "id", "idPattern", "attrs", "timerel", "timeAt",
			"endTimeAt", "timeproperty", "lastN", "options", "aggrMethods", "aggrPeriodDuration", "format", "limit", "offset",
			"count", "pick", "omit");

	private final Temporal temporal;

	private final LinkedData ld;


	private final jp.tsunagu.hub.Tenants tenants;

	TemporalApi(jp.tsunagu.hub.Tenants tenants, Temporal temporal, LinkedData ld) {
		this.tenants = tenants;
		this.temporal = temporal;
		this.ld = ld;
	}

	// ---- reading (5.7.3, 5.7.4)

	@GetMapping("/{id}")
	ResponseEntity<byte[]> retrieve(@PathVariable String id, @RequestParam MultiValueMap<String, String> parameters,
			@RequestHeader(name = HttpHeaders.LINK, required = false) @Nullable String link,
			@RequestHeader(name = HttpHeaders.ACCEPT, required = false) @Nullable String accept,
			@RequestHeader(name = EntitiesApi.TENANT, required = false) @Nullable String tenant) {
		var format = EntitiesApi.format(accept);
		Requests.known(parameters, READ_PARAMETERS);
		var context = RequestContext.ofLink(link);
		var read = read(parameters, context);
		var found = temporal.find(tenants.existing(tenant), EntitiesApi.checkedId(id), read)
			.orElseThrow(() -> new HubRefused(Type.RESOURCE_NOT_FOUND, "no temporal entity " + id));
		if (read.attributes() != null && read.attributes().stream().noneMatch(found::has)) {
			// as on the entities' API: none of the attributes asked for is there
			throw new HubRefused(Type.RESOURCE_NOT_FOUND, "temporal entity " + id + " has none of the attributes asked for");
		}
		var written = written(found, context, options(parameters));
		var projection = projection(parameters, read);
		if (projection != null) {
			written = EntitiesApi.projected(ld, written, projection, context);
			if (written.isEmpty()) {
				// 020_23: a pick that names nothing there, or an omit of everything
				throw new HubRefused(Type.RESOURCE_NOT_FOUND, "nothing of temporal entity " + id + " is left to answer");
			}
		}
		return answer(found.partial() ? HttpStatus.PARTIAL_CONTENT : HttpStatus.OK, written, context, format, null);
	}

	@GetMapping({ "", "/" })
	ResponseEntity<byte[]> query(@RequestParam MultiValueMap<String, String> parameters,
			@RequestHeader(name = HttpHeaders.LINK, required = false) @Nullable String link,
			@RequestHeader(name = HttpHeaders.ACCEPT, required = false) @Nullable String accept,
			@RequestHeader(name = EntitiesApi.TENANT, required = false) @Nullable String tenant) {
		var format = EntitiesApi.format(accept);
		Requests.known(parameters, QUERY_PARAMETERS);
		return query(parameters, RequestContext.ofLink(link), format, tenant);
	}

	/** A query of temporal evolutions (5.7.4) by its parameters, in this context: of GET and of POST /temporal/entityOperations/query. */
	ResponseEntity<byte[]> query(MultiValueMap<String, String> parameters, RequestContext context, String format,
			@Nullable String tenant) {
		var types = new LinkedHashSet<String>();
		var type = EntitiesApi.single(parameters, "type");
		if (type != null) {
			for (var name : type.split(",")) {
				types.add(ld.expandType(name.trim(), context.context()));
			}
		}
		var ids = new LinkedHashSet<String>();
		var idList = EntitiesApi.single(parameters, "id");
		if (idList != null) {
			for (var id : idList.split(",")) {
				ids.add(EntitiesApi.checkedId(id.trim()));
			}
		}
		var idPattern = EntitiesApi.single(parameters, "idPattern");
		if (idPattern != null) {
			try {
				java.util.regex.Pattern.compile(idPattern);
			}
			catch (java.util.regex.PatternSyntaxException ex) {
				throw new HubRefused(Type.BAD_REQUEST_DATA, "idPattern is not a regular expression");
			}
		}
		var read = read(parameters, context);
		if (types.isEmpty() && ids.isEmpty() && idPattern == null && read.attributes() == null) {
			throw new HubRefused(Type.BAD_REQUEST_DATA, "a temporal query needs type, id, idPattern or attrs");
		}
		int limit = EntitiesApi.number(parameters, "limit", 20);
		int offset = EntitiesApi.number(parameters, "offset", 0);
		if (limit > 1000) {
			throw new HubRefused(Type.TOO_MANY_RESULTS, "limit is at most 1000");
		}
		boolean count = "true".equals(EntitiesApi.single(parameters, "count"));
		var projection = projection(parameters, read);
		var page = temporal.query(tenants.existing(tenant), types, ids, idPattern, read, offset, limit, count);
		var array = JSON.createArrayBuilder();
		boolean partial = false;
		for (var entity : page.entities()) {
			var written = written(entity, context, options(parameters));
			if (projection != null) {
				written = EntitiesApi.projected(ld, written, projection, context);
				if (written.isEmpty()) {
					continue;
				}
			}
			array.add(written);
			partial |= entity.partial();
		}
		return answer(partial ? HttpStatus.PARTIAL_CONTENT : HttpStatus.OK, array.build(), context, format,
				count ? page.total() : null);
	}

	private Temporal.Read read(MultiValueMap<String, String> parameters, RequestContext context) {
		Set<String> attributes = null;
		var attrs = EntitiesApi.single(parameters, "attrs");
		if (attrs != null) {
			attributes = new LinkedHashSet<>();
			for (var name : attrs.split(",")) {
				if (name.isBlank()) {
					throw new HubRefused(Type.BAD_REQUEST_DATA, "attrs names attributes");
				}
				attributes.add(ld.expandTerm(name.trim(), context.context()));
			}
		}
		var window = window(parameters);
		Integer lastN = null;
		if (EntitiesApi.single(parameters, "lastN") != null) {
			lastN = EntitiesApi.number(parameters, "lastN", 0);
			if (lastN == 0) {
				throw new HubRefused(Type.BAD_REQUEST_DATA, "lastN is a whole number, 1 or more");
			}
		}
		var options = options(parameters);
		Temporal.Aggregation aggregation = null;
		if (options.contains("aggregatedValues")) {
			var methods = EntitiesApi.single(parameters, "aggrMethods");
			if (methods == null) {
				throw new HubRefused(Type.BAD_REQUEST_DATA, "aggregatedValues needs aggrMethods");
			}
			var chosen = new LinkedHashSet<String>();
			for (var method : methods.split(",")) {
				if (!Temporal.METHODS.contains(method.trim())) {
					throw new HubRefused(Type.BAD_REQUEST_DATA, method + " is not an aggregation method");
				}
				chosen.add(method.trim());
			}
			Duration period = null;
			var duration = EntitiesApi.single(parameters, "aggrPeriodDuration");
			if (duration != null) {
				try {
					period = Duration.parse(duration);
				}
				catch (DateTimeParseException ex) {
					throw new HubRefused(Type.BAD_REQUEST_DATA, "aggrPeriodDuration is a duration such as PT1H or P1D");
				}
				if (period.isNegative()) {
					throw new HubRefused(Type.BAD_REQUEST_DATA, "aggrPeriodDuration is not negative");
				}
				if (!period.isZero() && period.compareTo(Duration.ofSeconds(1)) < 0) {
					throw new HubRefused(Type.BAD_REQUEST_DATA, "aggrPeriodDuration is a second or more");
				}
			}
			aggregation = new Temporal.Aggregation(chosen, period);
		}
		else if (EntitiesApi.single(parameters, "aggrMethods") != null) {
			throw new HubRefused(Type.BAD_REQUEST_DATA, "aggrMethods goes with options=aggregatedValues");
		}
		return new Temporal.Read(attributes, window, lastN,
				options.contains("sysAttrs"), aggregation);
	}

	/**
	 * The request's pick or omit (4.21, 5.7.3, 5.7.4), which go with neither attrs nor each other
	 * (020_22, 021_22); a temporal representation has no joins, so no member of a linked entity.
	 */
	private static jp.tsunagu.hub.query.@Nullable Projection projection(MultiValueMap<String, String> parameters,
			Temporal.Read read) {
		var projection = jp.tsunagu.hub.query.Projection.of(EntitiesApi.single(parameters, "pick"),
				EntitiesApi.single(parameters, "omit"));
		if (projection == null) {
			return null;
		}
		if (read.attributes() != null) {
			throw new HubRefused(Type.BAD_REQUEST_DATA, "pick and omit do not go with attrs");
		}
		if (projection.hops() > 0) {
			throw new HubRefused(Type.BAD_REQUEST_DATA, "a temporal representation links no entities to pick from");
		}
		return projection;
	}

	/** A temporal entity as the client reads it: compacted, every attribute a list of instances (or simplified). */
	private JsonObject written(Temporal.Representation representation, RequestContext context, Set<String> options) {
		var compacted = ld.compactHistory(representation.header(), representation.attributes(), context.context());
		var out = JSON.createObjectBuilder();
		boolean simplified = options.contains("temporalValues");
		compacted.forEach((name, value) -> {
			if (name.equals("id") || name.equals("type") || name.equals("createdAt") || name.equals("modifiedAt")) {
				out.add(name, value);
				return;
			}
			var instances = value instanceof JsonArray array ? array : JSON.createArrayBuilder().add(value).build();
			out.add(name, simplified ? temporalValues(instances) : instances);
		});
		representation.aggregates().forEach((iri, aggregates) -> out.add(ld.compactTerm(iri, context.context()), aggregates));
		return out.build();
	}

	/** The simplified temporal representation (4.5.9): {@code {"type": ..., "values": [[value, observedAt], ...]}}. */
	private static JsonObject temporalValues(JsonArray instances) {
		var values = JSON.createArrayBuilder();
		String type = "Property";
		for (var instance : instances) {
			if (!(instance instanceof JsonObject object)) {
				continue;
			}
			if (object.get("type") instanceof jakarta.json.JsonString t) {
				type = t.getString();
			}
			JsonValue content = object.containsKey("value") ? object.get("value")
					: object.containsKey("object") ? object.get("object")
							: object.containsKey("languageMap") ? object.get("languageMap")
									: object.containsKey("vocab") ? object.get("vocab") : object.get("json");
			var pair = JSON.createArrayBuilder().add(content == null ? JsonValue.NULL : content);
			if (object.get("observedAt") instanceof jakarta.json.JsonString at) {
				pair.add(at.getString());
			}
			values.add(pair);
		}
		var member = switch (type) {
			case "Relationship" -> "objects";
			case "LanguageProperty" -> "languageMaps";
			case "VocabProperty" -> "vocabs";
			case "JsonProperty" -> "jsons";
			default -> "values";
		};
		return JSON.createObjectBuilder().add("type", type).add(member, values).build();
	}

	// ---- provision (5.6.11 to 5.6.16)

	@PostMapping({ "", "/" })
	ResponseEntity<byte[]> create(HttpServletRequest request,
			@RequestHeader(name = HttpHeaders.CONTENT_TYPE, required = false) @Nullable String contentType,
			@RequestHeader(name = HttpHeaders.LINK, required = false) @Nullable String link,
			@RequestHeader(name = EntitiesApi.TENANT, required = false) @Nullable String tenant) {
		var body = body(request, contentType);
		var context = EntitiesApi.context(body, contentType, link);
		var node = ld.expand(body, context.context());
		if (temporal.add(jp.tsunagu.hub.Tenants.checked(tenant), node, false)) {
			var id = ((jakarta.json.JsonString) node.get("@id")).getString();
			return ResponseEntity.created(URI.create(PATH + "/" + id)).build();
		}
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/{id}/attrs")
	ResponseEntity<byte[]> addAttributes(@PathVariable String id, HttpServletRequest request,
			@RequestHeader(name = HttpHeaders.CONTENT_TYPE, required = false) @Nullable String contentType,
			@RequestHeader(name = HttpHeaders.LINK, required = false) @Nullable String link,
			@RequestHeader(name = EntitiesApi.TENANT, required = false) @Nullable String tenant) {
		EntitiesApi.checkedId(id);
		var body = body(request, contentType);
		var context = EntitiesApi.context(body, contentType, link);
		var withId = JSON.createObjectBuilder(body).add("id", id).remove("type").build();
		temporal.add(tenants.existing(tenant), ld.expand(withId, context.context()), true);
		return ResponseEntity.noContent().build();
	}

	@DeleteMapping("/{id}")
	ResponseEntity<byte[]> delete(@PathVariable String id,
			@RequestHeader(name = EntitiesApi.TENANT, required = false) @Nullable String tenant) {
		if (!temporal.delete(tenants.existing(tenant), EntitiesApi.checkedId(id))) {
			throw new HubRefused(Type.RESOURCE_NOT_FOUND, "no temporal entity " + id);
		}
		return ResponseEntity.noContent().build();
	}

	@DeleteMapping("/{id}/attrs/{attribute}")
	ResponseEntity<byte[]> deleteAttribute(@PathVariable String id, @PathVariable String attribute,
			@RequestParam MultiValueMap<String, String> parameters,
			@RequestHeader(name = HttpHeaders.LINK, required = false) @Nullable String link,
			@RequestHeader(name = EntitiesApi.TENANT, required = false) @Nullable String tenant) {
		EntitiesApi.checkedId(id);
		var context = RequestContext.ofLink(link);
		var datasetId = EntitiesApi.single(parameters, "datasetId");
		if (datasetId != null) {
			EntitiesApi.checkedId(datasetId);
		}
		temporal.deleteAttribute(tenants.existing(tenant), id, ld.expandTerm(attribute, context.context()), datasetId,
				"true".equals(EntitiesApi.single(parameters, "deleteAll")));
		return ResponseEntity.noContent().build();
	}

	@PatchMapping("/{id}/attrs/{attribute}/{instanceId}")
	ResponseEntity<byte[]> updateInstance(@PathVariable String id, @PathVariable String attribute,
			@PathVariable String instanceId, HttpServletRequest request,
			@RequestHeader(name = HttpHeaders.CONTENT_TYPE, required = false) @Nullable String contentType,
			@RequestHeader(name = HttpHeaders.LINK, required = false) @Nullable String link,
			@RequestHeader(name = EntitiesApi.TENANT, required = false) @Nullable String tenant) {
		EntitiesApi.checkedId(id);
		EntitiesApi.checkedId(instanceId);
		var body = body(request, contentType);
		var context = EntitiesApi.context(body, contentType, link);
		var name = ld.expandTerm(attribute, context.context());
		var fragment = JSON.createObjectBuilder(body).remove("@context").build();
		// the fragment is one instance of the attribute: expanded as the attribute's value
		var probe = JSON.createObjectBuilder().add("id", id).add(attribute, fragment).build();
		var expanded = ld.expand(probe, context.context());
		if (!(expanded.get(name) instanceof JsonArray instances) || instances.size() != 1
				|| !(instances.get(0) instanceof JsonObject instance)) {
			throw new HubRefused(Type.BAD_REQUEST_DATA, "the body is one instance of the attribute");
		}
		temporal.updateInstance(tenants.existing(tenant), id, name, instanceId, instance);
		return ResponseEntity.noContent().build();
	}

	@DeleteMapping("/{id}/attrs/{attribute}/{instanceId}")
	ResponseEntity<byte[]> deleteInstance(@PathVariable String id, @PathVariable String attribute,
			@PathVariable String instanceId,
			@RequestHeader(name = HttpHeaders.LINK, required = false) @Nullable String link,
			@RequestHeader(name = EntitiesApi.TENANT, required = false) @Nullable String tenant) {
		EntitiesApi.checkedId(id);
		EntitiesApi.checkedId(instanceId);
		var context = RequestContext.ofLink(link);
		temporal.deleteInstance(tenants.existing(tenant), id, ld.expandTerm(attribute, context.context()), instanceId);
		return ResponseEntity.noContent().build();
	}

	// ---- the answer and the request

	private static ResponseEntity<byte[]> answer(HttpStatus status, JsonValue body, RequestContext context, String format,
			@Nullable Long count) {
		var answer = ResponseEntity.status(status);
		if (status == HttpStatus.PARTIAL_CONTENT) {
			answer.header(HttpHeaders.CONTENT_RANGE, "date-time */" + Temporal.MAX_INSTANCES);
		}
		return EntitiesApi.answer(answer, body, context, format, count);
	}

	/**
	 * The representation asked for by {@code options} and {@code format} (which names one of the
	 * same: normalized, temporalValues or its spelling simplified, aggregatedValues); one neither
	 * knows is InvalidRequest, as on the entities' API.
	 */
	private static Set<String> options(MultiValueMap<String, String> parameters) {
		var options = new LinkedHashSet<String>();
		for (var value : parameters.getOrDefault("options", List.of())) {
			for (var option : value.split(",")) {
				var o = option.trim();
				if (!Set.of("temporalValues", "sysAttrs", "aggregatedValues", "keyValues", "simplified", "normalized")
					.contains(o)) {
					throw new HubRefused(Type.INVALID_REQUEST, o + " is not an option of the temporal API");
				}
				options.add(o.equals("keyValues") || o.equals("simplified") ? "temporalValues" : o);
			}
		}
		var format = EntitiesApi.single(parameters, "format");
		if (format != null) {
			switch (format) {
				case "normalized" -> {
				}
				case "temporalValues", "simplified", "keyValues" -> options.add("temporalValues");
				case "aggregatedValues" -> options.add("aggregatedValues");
				default -> throw new HubRefused(Type.INVALID_REQUEST, format + " is not a format of the temporal API");
			}
		}
		if (options.contains("temporalValues") && options.contains("aggregatedValues")) {
			throw new HubRefused(Type.BAD_REQUEST_DATA, "temporalValues and aggregatedValues do not go together");
		}
		return options;
	}

	/**
	 * The time window of a request's {@code timerel}, {@code timeAt}, {@code endTimeAt} and
	 * {@code timeproperty} (clause 4.11), checked.
	 */
	static HistoryRows.Window window(MultiValueMap<String, String> parameters) {
		var timerel = EntitiesApi.single(parameters, "timerel");
		var timeAt = time(EntitiesApi.single(parameters, "timeAt"), "timeAt");
		var endTimeAt = time(EntitiesApi.single(parameters, "endTimeAt"), "endTimeAt");
		if (timerel != null) {
			if (!Set.of("before", "after", "between").contains(timerel)) {
				throw new HubRefused(Type.BAD_REQUEST_DATA, "timerel is before, after or between");
			}
			if (timeAt == null) {
				throw new HubRefused(Type.BAD_REQUEST_DATA, "timerel needs timeAt");
			}
			if (timerel.equals("between") && (endTimeAt == null || !endTimeAt.isAfter(timeAt))) {
				throw new HubRefused(Type.BAD_REQUEST_DATA, "between needs an endTimeAt after timeAt");
			}
		}
		else if (timeAt != null || endTimeAt != null) {
			throw new HubRefused(Type.BAD_REQUEST_DATA, "timeAt and endTimeAt go with timerel");
		}
		var property = switch (EntitiesApi.single(parameters, "timeproperty") == null ? "observedAt" : EntitiesApi.single(parameters, "timeproperty")) {
			case "observedAt" -> HistoryRows.TimeProperty.OBSERVED_AT;
			case "createdAt" -> HistoryRows.TimeProperty.CREATED_AT;
			case "modifiedAt" -> HistoryRows.TimeProperty.MODIFIED_AT;
			default -> throw new HubRefused(Type.BAD_REQUEST_DATA, "timeproperty is observedAt, createdAt or modifiedAt");
		};
		return new HistoryRows.Window(property, timerel, timeAt, endTimeAt);
	}

	private static @Nullable Instant time(@Nullable String text, String name) {
		if (text == null) {
			return null;
		}
		var at = QueryMatcher.instant(text);
		if (at == null) {
			throw new HubRefused(Type.BAD_REQUEST_DATA, name + " is a date-time (2026-12-01T09:00:00Z)");
		}
		return at;
	}

	private JsonObject body(HttpServletRequest request, @Nullable String contentType) {
		return Requests.object(request, contentType, false);
	}

}
