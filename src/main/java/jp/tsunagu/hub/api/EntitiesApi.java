package jp.tsunagu.hub.api;

import static jp.tsunagu.hub.jsonld.Jsons.JSON;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.PatternSyntaxException;

import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jp.tsunagu.hub.Entities;
import jp.tsunagu.hub.HubRefused;
import jp.tsunagu.hub.Join;
import jp.tsunagu.hub.HubRefused.Type;
import jp.tsunagu.hub.NgsiLd;
import jp.tsunagu.hub.internal.EntityRows;
import jp.tsunagu.hub.jsonld.Simplified;
import jp.tsunagu.hub.query.GeoQuery;
import jp.tsunagu.hub.query.QueryParser;
import jp.tsunagu.hub.jsonld.LinkedData;

/**
 * NGSI-LD entities on {@code /ngsi-ld/v1/entities} (ETSI GS CIM 009 V1.8, clauses 5.6.1, 5.6.6,
 * 5.7.1, 5.7.2): create, retrieve, delete, query by type, id and id pattern with paging and
 * {@code count}; answers in the context the request named ({@code application/json} with a Link
 * header, or {@code application/ld+json} with {@code @context}); {@code options=keyValues} and
 * {@code sysAttrs}; {@code attrs} picks attributes; tenants by {@code NGSILD-Tenant}. Refusals are
 * the standard's ProblemDetails ({@link HubProblems}).
 */
@RestController
@RequestMapping(EntitiesApi.PATH)
class EntitiesApi {

	static final String PATH = "/ngsi-ld/v1/entities";

	static final int MAX_BODY = 1024 * 1024;

	static final int DEFAULT_LIMIT = 20;

	static final String TENANT = "NGSILD-Tenant";

	static final String COUNT = "NGSILD-Results-Count";

	/** GeoJSON (clause 4.5.16): entities as Features, their geometry the GeoProperty asked for. */
	static final String GEO_JSON = "application/geo+json";

	private static final Set<String> QUERY_PARAMETERS = Set.of("type", "id", "idPattern", "attrs", "q", "georel",
			"geometry", "coordinates", "geoproperty", "limit", "offset", "count", "options", "format", "geometryProperty", "pick",
			"omit", "local", "lang", "join", "joinLevel");

	private final Entities entities;

	private final LinkedData ld;


	private final jp.tsunagu.hub.Tenants tenants;

	EntitiesApi(jp.tsunagu.hub.Tenants tenants, Entities entities, LinkedData ld) {
		this.tenants = tenants;
		this.entities = entities;
		this.ld = ld;
	}

	// ---- create (5.6.1)

	@PostMapping
	ResponseEntity<byte[]> create(HttpServletRequest request,
			@RequestHeader(name = HttpHeaders.CONTENT_TYPE, required = false) @Nullable String contentType,
			@RequestHeader(name = HttpHeaders.LINK, required = false) @Nullable String link,
			@RequestHeader(name = TENANT, required = false) @Nullable String tenant) {
		var body = body(request, contentType);
		var context = context(body, contentType, link);
		for (var member : body.values()) {
			if (member instanceof JsonObject attribute && attribute.containsKey("@context")) {
				throw new HubRefused(Type.BAD_REQUEST_DATA, "an attribute has no @context of its own: the entity's is the one");
			}
		}
		var id = entities.create(jp.tsunagu.hub.Tenants.checked(tenant),
				ld.expand(jp.tsunagu.hub.jsonld.Concise.normalized(body), context.context()));
		return ResponseEntity.created(URI.create(PATH + "/" + encode(id))).build();
	}

	// ---- retrieve (5.7.1)

	@GetMapping("/{id}")
	ResponseEntity<byte[]> retrieve(@PathVariable String id, @RequestParam MultiValueMap<String, String> parameters,
			@RequestHeader(name = HttpHeaders.LINK, required = false) @Nullable String link,
			@RequestHeader(name = HttpHeaders.ACCEPT, required = false) @Nullable String accept,
			@RequestHeader(name = TENANT, required = false) @Nullable String tenant,
			@RequestHeader(name = "Prefer", required = false) @Nullable String prefer) {
		var format = format(accept, true);
		var context = RequestContext.ofLink(link);
		var options = options(parameters);
		var attrs = attrs(parameters, context);
		var geometry = format.equals(GEO_JSON) ? geometryProperty(parameters, context) : "";
		var projection = projection(parameters, attrs);
		if (single(parameters, "geometryProperty") != null && !format.equals(GEO_JSON)) {
			throw new HubRefused(Type.BAD_REQUEST_DATA, "geometryProperty is for GeoJSON answers (Accept: application/geo+json)");
		}
		var join = Join.of(single(parameters, "join"), single(parameters, "joinLevel"));
		var known = tenants.existing(tenant);
		var stored = entities.find(known, checkedId(id))
			.orElseThrow(() -> new HubRefused(Type.RESOURCE_NOT_FOUND, "no entity " + id));
		checkType(stored, single(parameters, "type"), context, id);
		if (attrs != null && attrs.stream().noneMatch(stored.node()::containsKey)) {
			throw new HubRefused(Type.RESOURCE_NOT_FOUND, "entity " + id + " has none of the attributes asked for");
		}
		var languages = jp.tsunagu.hub.jsonld.Languages.of(single(parameters, "lang"));
		if (join != null) {
			var joined = joined(known, List.of(stored), join, projection, context, options, attrs, languages);
			if (joined.isEmpty() || joined.get(0).isEmpty()) {
				throw new HubRefused(Type.RESOURCE_NOT_FOUND, "nothing of entity " + id + " is left to answer");
			}
			if (format.equals(GEO_JSON)) {
				return geoJson(feature(joined.get(0), geometry, simplified(options)), context, prefer);
			}
			// flat: the entity and what it links to; the entity alone if it links to none there is (018_14)
			return answer(HttpStatus.OK, joined.size() == 1 ? joined.get(0) : JSON.createArrayBuilder(joined).build(),
					context, format, null);
		}
		var entity = answerOf(stored, context, options, attrs, languages);
		if (projection != null) {
			entity = projected(entity, projection, context);
			if (entity.isEmpty()) {
				throw new HubRefused(Type.RESOURCE_NOT_FOUND, "nothing of entity " + id + " is left to answer");
			}
		}
		if (format.equals(GEO_JSON)) {
			return geoJson(feature(entity, geometry, simplified(options)), context, prefer);
		}
		return answer(HttpStatus.OK, entity, context, format, null);
	}

	/** The GeoProperty a GeoJSON answer's geometry is (clause 4.5.16): {@code geometryProperty}, else location; as named in the answer. */
	private String geometryProperty(MultiValueMap<String, String> parameters, RequestContext context) {
		var name = single(parameters, "geometryProperty");
		return ld.compactTerm(ld.expandTerm(name == null ? "location" : name, context.context()), context.context());
	}

	private static boolean simplified(Set<String> options) {
		return options.contains("keyValues") || options.contains("simplified");
	}

	/** An entity (compacted) as a GeoJSON Feature: its id, its geometry (null if it has none), the rest its properties. */
	private static JsonObject feature(JsonObject entity, String geometryProperty, boolean simplified) {
		var properties = JSON.createObjectBuilder();
		entity.forEach((name, value) -> {
			if (!name.equals("id") && !name.equals("@context")) {
				properties.add(name, value);
			}
		});
		JsonValue geometry = JsonValue.NULL;
		var attribute = entity.get(geometryProperty);
		// of several instances, the default one (no datasetId), else the first
		if (attribute instanceof JsonArray instances && !instances.isEmpty()) {
			attribute = instances.stream()
				.filter(i -> i instanceof JsonObject o && !o.containsKey("datasetId"))
				.findFirst()
				.orElse(instances.get(0));
		}
		else if (simplified && attribute instanceof JsonObject object && object.get("dataset") instanceof JsonObject datasets
				&& !datasets.isEmpty()) {
			attribute = datasets.containsKey("@none") ? datasets.get("@none") : datasets.values().iterator().next();
		}
		if (attribute instanceof JsonObject object) {
			var value = simplified ? object : object.get("value");
			if (value instanceof JsonObject shape && shape.get("coordinates") != null) {
				geometry = shape;
			}
		}
		return JSON.createObjectBuilder()
			.add("id", entity.getOrDefault("id", JsonValue.NULL))
			.add("type", "Feature")
			.add("geometry", geometry)
			.add("properties", properties)
			.build();
	}

	/**
	 * A GeoJSON answer (6.3.6): its context as the body's {@code @context}, or with {@code Prefer:
	 * body=json} in a Link header instead.
	 */
	private static ResponseEntity<byte[]> geoJson(JsonObject body, RequestContext context, @Nullable String prefer) {
		var answer = ResponseEntity.ok().header(HttpHeaders.CONTENT_TYPE, GEO_JSON);
		JsonObject written = body;
		if (prefer != null && prefer.replace(" ", "").contains("body=json")) {
			answer.header(HttpHeaders.LINK, contextLink(context));
		}
		else {
			written = JSON.createObjectBuilder(body).add("@context", context.url()).build();
		}
		return answer.body(written.toString().getBytes(StandardCharsets.UTF_8));
	}

	// ---- delete (5.6.6)

	@DeleteMapping("/{id}")
	ResponseEntity<byte[]> delete(@PathVariable String id, @RequestParam MultiValueMap<String, String> parameters,
			@RequestHeader(name = HttpHeaders.LINK, required = false) @Nullable String link,
			@RequestHeader(name = TENANT, required = false) @Nullable String tenant) {
		var name = tenants.existing(tenant);
		// only an entity of the type asked, if one is (5.6.6)
		ofType(name, new Fragment(checkedId(id), JsonValue.EMPTY_JSON_OBJECT, RequestContext.ofLink(link)), parameters);
		if (!entities.delete(name, checkedId(id))) {
			throw new HubRefused(Type.RESOURCE_NOT_FOUND, "no entity " + id);
		}
		return ResponseEntity.noContent().build();
	}

	/** An attribute operation with a type selector ({@code ?type=}) is on an entity of that type only. */
	private void ofType(String tenant, Fragment fragment, MultiValueMap<String, String> parameters) {
		var type = single(parameters, "type");
		if (type != null) {
			var stored = entities.find(tenant, fragment.id())
				.orElseThrow(() -> new HubRefused(Type.RESOURCE_NOT_FOUND, "no entity " + fragment.id()));
			checkType(stored, type, fragment.context(), fragment.id());
		}
	}

	/** An entity asked for with a type (any of a list) must have it, else it is not found. */
	private void checkType(Entities.Stored stored, @Nullable String typeParameter, RequestContext context, String id) {
		if (typeParameter == null) {
			return;
		}
		var types = stored.node().get("@type") instanceof JsonArray all ? all : JsonValue.EMPTY_JSON_ARRAY;
		for (var name : list(typeParameter)) {
			if (types.contains(JSON.createValue(ld.expandType(name, context.context())))) {
				return;
			}
		}
		throw new HubRefused(Type.RESOURCE_NOT_FOUND, "entity " + id + " is not of type " + typeParameter);
	}

	// ---- replace (5.6.18) and merge (5.6.17)

	@org.springframework.web.bind.annotation.PutMapping("/{id}")
	ResponseEntity<byte[]> replace(@PathVariable String id, HttpServletRequest request,
			@RequestHeader(name = HttpHeaders.CONTENT_TYPE, required = false) @Nullable String contentType,
			@RequestHeader(name = HttpHeaders.LINK, required = false) @Nullable String link,
			@RequestHeader(name = TENANT, required = false) @Nullable String tenant) {
		var fragment = fragment(id, request, contentType, link);
		entities.replace(tenants.existing(tenant), fragment.id(), fragment.expanded());
		return ResponseEntity.noContent().build();
	}

	@org.springframework.web.bind.annotation.PatchMapping("/{id}")
	ResponseEntity<byte[]> merge(@PathVariable String id, HttpServletRequest request,
			@RequestHeader(name = HttpHeaders.CONTENT_TYPE, required = false) @Nullable String contentType,
			@RequestHeader(name = HttpHeaders.LINK, required = false) @Nullable String link,
			@RequestHeader(name = TENANT, required = false) @Nullable String tenant) {
		var fragment = fragment(id, request, contentType, link);
		entities.merge(tenants.existing(tenant), fragment.id(), fragment.expanded());
		return ResponseEntity.noContent().build();
	}

	// ---- attributes (5.6.2 to 5.6.5)

	@PostMapping({ "/{id}/attrs", "/{id}/attrs/" })
	ResponseEntity<byte[]> append(@PathVariable String id, HttpServletRequest request,
			@RequestParam MultiValueMap<String, String> parameters,
			@RequestHeader(name = HttpHeaders.CONTENT_TYPE, required = false) @Nullable String contentType,
			@RequestHeader(name = HttpHeaders.LINK, required = false) @Nullable String link,
			@RequestHeader(name = TENANT, required = false) @Nullable String tenant) {
		var fragment = fragment(id, request, contentType, link);
		var name = tenants.existing(tenant);
		ofType(name, fragment, parameters);
		var result = entities.append(name, fragment.id(), fragment.expanded(), option(parameters, "noOverwrite"));
		return result(result, fragment.context());
	}

	@org.springframework.web.bind.annotation.PatchMapping({ "/{id}/attrs", "/{id}/attrs/" })
	ResponseEntity<byte[]> update(@PathVariable String id, HttpServletRequest request,
			@RequestParam MultiValueMap<String, String> parameters,
			@RequestHeader(name = HttpHeaders.CONTENT_TYPE, required = false) @Nullable String contentType,
			@RequestHeader(name = HttpHeaders.LINK, required = false) @Nullable String link,
			@RequestHeader(name = TENANT, required = false) @Nullable String tenant) {
		var fragment = fragment(id, request, contentType, link);
		var name = tenants.existing(tenant);
		ofType(name, fragment, parameters);
		var result = entities.update(name, fragment.id(), fragment.expanded());
		return result(result, fragment.context());
	}

	@org.springframework.web.bind.annotation.PatchMapping("/{id}/attrs/{attribute}")
	ResponseEntity<byte[]> partialUpdate(@PathVariable String id, @PathVariable String attribute,
			HttpServletRequest request, @RequestParam MultiValueMap<String, String> parameters,
			@RequestHeader(name = HttpHeaders.CONTENT_TYPE, required = false) @Nullable String contentType,
			@RequestHeader(name = HttpHeaders.LINK, required = false) @Nullable String link,
			@RequestHeader(name = TENANT, required = false) @Nullable String tenant) {
		var body = Requests.object(request, contentType, true);
		if (body.isEmpty()) {
			throw new HubRefused(Type.BAD_REQUEST_DATA, "a partial update names what of the attribute changes");
		}
		var context = context(body, contentType, link);
		var fragment = new Fragment(checkedId(id), ld.expand(body, context.context()), context);
		var name = ld.expandTerm(checkedName(attribute), fragment.context().context());
		var tenantName = tenants.existing(tenant);
		ofType(tenantName, fragment, parameters);
		entities.partialUpdate(tenantName, fragment.id(), name, fragment.expanded());
		return ResponseEntity.noContent().build();
	}

	/** Replace attribute (5.6.19): the instance of the body's datasetId (the default one if none) is the body, its createdAt kept. */
	@org.springframework.web.bind.annotation.PutMapping("/{id}/attrs/{attribute}")
	ResponseEntity<byte[]> replaceAttribute(@PathVariable String id, @PathVariable String attribute,
			HttpServletRequest request, @RequestParam MultiValueMap<String, String> parameters,
			@RequestHeader(name = HttpHeaders.CONTENT_TYPE, required = false) @Nullable String contentType,
			@RequestHeader(name = HttpHeaders.LINK, required = false) @Nullable String link,
			@RequestHeader(name = TENANT, required = false) @Nullable String tenant) {
		var entityId = checkedId(id);
		var body = Requests.object(request, contentType, true);
		var context = context(body, contentType, link);
		var name = checkedName(attribute);
		var iri = ld.expandTerm(name, context.context());
		if (iri.equals(NgsiLd.NS + "scope") || iri.equals(NgsiLd.NS + "id") || iri.equals(NgsiLd.NS + "type")) {
			throw new HubRefused(Type.BAD_REQUEST_DATA, name + " is not an attribute to replace");
		}
		var wrapped = JSON.createObjectBuilder().add(name, JSON.createObjectBuilder(body).remove("@context")).build();
		var fragment = new Fragment(entityId,
				ld.expand(jp.tsunagu.hub.jsonld.Concise.normalized(wrapped), context.context()), context);
		var tenantName = tenants.existing(tenant);
		ofType(tenantName, fragment, parameters);
		entities.replaceAttribute(tenantName, entityId, iri, fragment.expanded());
		return ResponseEntity.noContent().build();
	}

	@DeleteMapping("/{id}/attrs/{attribute}")
	ResponseEntity<byte[]> deleteAttribute(@PathVariable String id, @PathVariable String attribute,
			@RequestParam MultiValueMap<String, String> parameters,
			@RequestHeader(name = HttpHeaders.LINK, required = false) @Nullable String link,
			@RequestHeader(name = TENANT, required = false) @Nullable String tenant) {
		var entityId = checkedId(id);
		var context = RequestContext.ofLink(link);
		var name = ld.expandTerm(checkedName(attribute), context.context());
		var datasetId = single(parameters, "datasetId");
		if (datasetId != null && !Entities.isUri(datasetId)) {
			throw new HubRefused(Type.BAD_REQUEST_DATA, "a datasetId is a URI");
		}
		boolean all = "true".equals(single(parameters, "deleteAll"));
		var tenantName = tenants.existing(tenant);
		ofType(tenantName, new Fragment(entityId, JsonValue.EMPTY_JSON_OBJECT, context), parameters);
		entities.deleteAttribute(tenantName, entityId, name, datasetId, all);
		return ResponseEntity.noContent().build();
	}

	/** The body of a request about one entity's attributes, expanded with the context it names. */
	private record Fragment(String id, JsonObject expanded, RequestContext context) {
	}

	private Fragment fragment(String id, HttpServletRequest request, @Nullable String contentType,
			@Nullable String link) {
		var entityId = checkedId(id);
		var body = body(request, contentType);
		var context = context(body, contentType, link);
		return new Fragment(entityId, ld.expand(jp.tsunagu.hub.jsonld.Concise.normalized(body), context.context()), context);
	}

	/** Whether {@code options} names this option (options are comma-separated, and may be given more than once). */
	static boolean option(MultiValueMap<String, String> parameters, String name) {
		return parameters.getOrDefault("options", List.of()).stream()
			.anyMatch(value -> List.of(value.split(",")).contains(name));
	}

	/** 204 when every attribute was changed; 207 with the standard's UpdateResult when some were not. */
	private ResponseEntity<byte[]> result(Entities.UpdateResult result, RequestContext context) {
		if (result.notUpdated().isEmpty()) {
			return ResponseEntity.noContent().build();
		}
		var updated = JSON.createArrayBuilder();
		result.updated().forEach(name -> updated.add(ld.compactTerm(name, context.context())));
		var notUpdated = JSON.createArrayBuilder();
		result.notUpdated().forEach(n -> notUpdated.add(JSON.createObjectBuilder()
			.add("attributeName", ld.compactTerm(n.attribute(), context.context()))
			.add("reason", n.reason())));
		var body = JSON.createObjectBuilder().add("updated", updated).add("notUpdated", notUpdated).build();
		return ResponseEntity.status(HttpStatus.MULTI_STATUS)
			.header(HttpHeaders.CONTENT_TYPE, "application/json")
			.body(body.toString().getBytes(StandardCharsets.UTF_8));
	}

	private static String checkedName(String attribute) {
		if (attribute.isBlank() || attribute.length() > 1000 || attribute.indexOf('\u0000') >= 0
				|| attribute.startsWith("@")) {
			throw new HubRefused(Type.BAD_REQUEST_DATA, "not an attribute name");
		}
		return attribute;
	}

	// ---- query (5.7.2)

	@GetMapping
	ResponseEntity<byte[]> query(@RequestParam MultiValueMap<String, String> parameters,
			@RequestHeader(name = HttpHeaders.LINK, required = false) @Nullable String link,
			@RequestHeader(name = HttpHeaders.ACCEPT, required = false) @Nullable String accept,
			@RequestHeader(name = TENANT, required = false) @Nullable String tenant,
			@RequestHeader(name = "Prefer", required = false) @Nullable String prefer) {
		var format = format(accept, true);
		Requests.known(parameters, QUERY_PARAMETERS);
		return query(parameters, RequestContext.ofLink(link), format, tenant, prefer, true);
	}

	/**
	 * A query of entities (5.7.2) by its parameters, in this context: of GET /entities and of POST
	 * /entityOperations/query; with {@code linked}, the pages before and after as prev and next links (5.5.9).
	 */
	ResponseEntity<byte[]> query(MultiValueMap<String, String> parameters, RequestContext context, String format,
			@Nullable String tenant, @Nullable String prefer, boolean linked) {
		var typeText = single(parameters, "type");
		// 4.17: names joined by , or | (any of) and ; (all of), with parentheses
		var selection = typeText == null ? null
				: jp.tsunagu.hub.query.TypeSelection.parse(typeText, name -> ld.expandType(name, context.context()));
		var types = selection == null ? java.util.Set.<String>of() : selection.names();
		if (!(selection == null || selection instanceof jp.tsunagu.hub.query.TypeSelection.Name
				|| selection instanceof jp.tsunagu.hub.query.TypeSelection.Any any
						&& any.any().stream().allMatch(jp.tsunagu.hub.query.TypeSelection.Name.class::isInstance))) {
			types = java.util.Set.of();
		}
		var ids = new LinkedHashSet<String>();
		for (var id : list(single(parameters, "id"))) {
			ids.add(checkedId(id));
		}
		var idPattern = single(parameters, "idPattern");
		if (idPattern != null) {
			try {
				java.util.regex.Pattern.compile(idPattern);
			}
			catch (PatternSyntaxException ex) {
				throw new HubRefused(Type.BAD_REQUEST_DATA, "idPattern is not a regular expression");
			}
		}
		var attrs = attrs(parameters, context);
		var q = single(parameters, "q");
		var query = q == null ? null
				: QueryParser.parse(q).expanded(term -> ld.expandTerm(term, context.context()));
		var geoproperty = single(parameters, "geoproperty");
		var geo = GeoQuery.of(single(parameters, "georel"), single(parameters, "geometry"),
				single(parameters, "coordinates"),
				ld.expandTerm(geoproperty == null ? "location" : geoproperty, context.context()));
		if (selection == null && ids.isEmpty() && idPattern == null && attrs == null && query == null && geo == null) {
			throw new HubRefused(Type.BAD_REQUEST_DATA, "a query needs type, id, idPattern, attrs, q or a geo-query");
		}
		var join = Join.of(single(parameters, "join"), single(parameters, "joinLevel"));
		if (query != null && query.hops() > 0 && (join == null || query.hops() > join.level())) {
			// 5.7.2.4: a q into linked entities asks for them to be retrieved, as deep as it looks
			throw new HubRefused(Type.BAD_REQUEST_DATA, join == null
					? "a q that looks into linked entities (braces) goes with join and joinLevel"
					: "q looks " + query.hops() + " linked entities deep, more than joinLevel " + join.level());
		}
		int limit = number(parameters, "limit", DEFAULT_LIMIT);
		int offset = number(parameters, "offset", 0);
		if (limit > Entities.MAX_LIMIT) {
			throw new HubRefused(Type.TOO_MANY_RESULTS, "limit is at most " + Entities.MAX_LIMIT);
		}
		boolean count = "true".equals(single(parameters, "count"));
		var options = options(parameters);
		var page = entities.query(tenants.existing(tenant), new EntityRows.Filter(types, ids, idPattern, geo, types.isEmpty() ? selection : null), query, offset, limit,
				count);
		if (single(parameters, "geometryProperty") != null && !format.equals(GEO_JSON)) {
			throw new HubRefused(Type.BAD_REQUEST_DATA, "geometryProperty is for GeoJSON answers (Accept: application/geo+json)");
		}
		var links = linked ? pages(parameters, offset, limit, page.more(), format) : List.<String>of();
		var array = JSON.createArrayBuilder();
		var geometry = format.equals(GEO_JSON) ? geometryProperty(parameters, context) : null;
		var projection = projection(parameters, attrs);
		var languages = jp.tsunagu.hub.jsonld.Languages.of(single(parameters, "lang"));
		var answers = join == null ? answersOf(page.entities(), context, options, attrs, languages)
				: joined(tenants.existing(tenant), page.entities(), join, projection, context, options, attrs, languages);
		for (var answer : answers) {
			if (join != null) {
				array.add(geometry == null ? answer : feature(answer, geometry, simplified(options)));
				continue;
			}
			if (attrs != null && answer.size() <= 2) {
				// an entity with none of the attributes asked for is not an answer to the query
				continue;
			}
			var entity = projection == null ? answer : projected(answer, projection, context);
			if (entity.isEmpty()) {
				continue;
			}
			array.add(geometry == null ? entity : feature(entity, geometry, simplified(options)));
		}
		if (geometry != null) {
			var collection = geoJson(JSON.createObjectBuilder().add("type", "FeatureCollection").add("features", array).build(),
					context, prefer);
			var answer = ResponseEntity.status(collection.getStatusCode()).headers(collection.getHeaders());
			if (count) {
				answer.header(COUNT, String.valueOf(page.total()));
			}
			links.forEach(l -> answer.header(HttpHeaders.LINK, l));
			return answer.body(collection.getBody());
		}
		var answer = answer(HttpStatus.OK, array.build(), context, format, count ? page.total() : null);
		if (links.isEmpty()) {
			return answer;
		}
		var headers = new HttpHeaders();
		headers.putAll(answer.getHeaders());
		links.forEach(l -> headers.add(HttpHeaders.LINK, l));
		return new ResponseEntity<>(answer.getBody(), headers, answer.getStatusCode());
	}

	/**
	 * The prev and next links of a page (5.5.9): the same query, its parameters in alphabetical order,
	 * at the offset of the page before (if this one is not the first) and after (if more follow).
	 */
	private static List<String> pages(MultiValueMap<String, String> parameters, int offset, int limit, boolean more,
			String format) {
		var links = new ArrayList<String>(2);
		if (limit == 0) {
			return links;
		}
		var type = format;
		if (offset > 0) {
			links.add("<" + PATH + "?" + pageQuery(parameters, Math.max(0, offset - limit), limit) + ">; rel=\"prev\"; type=\""
					+ type + "\"");
		}
		if (more) {
			links.add("<" + PATH + "?" + pageQuery(parameters, offset + limit, limit) + ">; rel=\"next\"; type=\"" + type
					+ "\"");
		}
		return links;
	}

	private static String pageQuery(MultiValueMap<String, String> parameters, int offset, int limit) {
		var sorted = new java.util.TreeMap<String, String>();
		parameters.forEach((name, values) -> {
			if (!values.isEmpty() && values.get(0) != null) {
				sorted.put(name, values.get(0));
			}
		});
		sorted.put("offset", String.valueOf(offset));
		sorted.put("limit", String.valueOf(limit));
		var query = new StringBuilder();
		sorted.forEach((name, value) -> query.append(query.isEmpty() ? "" : "&").append(name).append('=')
			.append(org.springframework.web.util.UriUtils.encodeQueryParam(value, java.nio.charset.StandardCharsets.UTF_8)));
		return query.toString();
	}

	// ---- the answer

	private JsonObject answerOf(Entities.Stored stored, RequestContext context, Set<String> options,
			@Nullable Set<String> attrs, jp.tsunagu.hub.jsonld.@Nullable Languages languages) {
		return answersOf(List.of(stored), context, options, attrs, languages).get(0);
	}

	/**
	 * Entities as answered with a join (4.5.23): each with what it links to inline, or followed by
	 * the linked entities (flat, each once in the whole answer); projected at every level; simplified last if asked.
	 */
	private List<JsonObject> joined(String tenant, List<Entities.Stored> stored, Join.Asked join,
			jp.tsunagu.hub.query.@Nullable Projection projection, RequestContext context, Set<String> options,
			@Nullable Set<String> attrs, jp.tsunagu.hub.jsonld.@Nullable Languages languages) {
		var normalized = normalized(options);
		var all = new java.util.ArrayList<JsonObject>();
		var listed = new java.util.HashSet<String>();
		for (var answer : answersOf(stored, context, normalized, attrs, languages)) {
			if (attrs != null && answer.size() <= 2) {
				// an entity with none of the attributes asked for is not an answer to a query
				continue;
			}
			var joined = Join.joined(answer, join, projection,
					name -> ld.compactTerm(ld.expandTerm(name, context.context()), context.context()),
					linked -> entities.find(tenant, linked).map(s -> answerOf(s, context, normalized, null, languages)));
			for (var one : joined) {
				// flat: an entity linked from several answers is listed once
				if (join.mode() == Join.Mode.INLINE || !(one.get("id") instanceof jakarta.json.JsonString linkedId)
						|| listed.add(linkedId.getString())) {
					all.add(simplified(options) ? Simplified.of(one) : one);
				}
			}
		}
		return all;
	}

	private static Set<String> normalized(Set<String> options) {
		var normalized = new LinkedHashSet<>(options);
		normalized.removeAll(Set.of("keyValues", "simplified"));
		return normalized;
	}

	/** Entities as answered: their attributes picked, compacted with the request's context (together), simplified if asked. */
	private List<JsonObject> answersOf(List<Entities.Stored> stored, RequestContext context, Set<String> options,
			@Nullable Set<String> attrs, jp.tsunagu.hub.jsonld.@Nullable Languages languages) {
		boolean sysAttrs = options.contains("sysAttrs");
		var compacted = new java.util.ArrayList<@Nullable JsonObject>(stored.size());
		var keys = new java.util.ArrayList<String>(stored.size());
		var nodes = new java.util.ArrayList<JsonObject>();
		var missing = new java.util.ArrayList<Integer>();
		var prefix = ld.generation() + "\u0000" + context.context() + "\u0000" + attrs + "\u0000";
		var sizes = new java.util.ArrayList<Integer>(stored.size());
		for (int i = 0; i < stored.size(); i++) {
			var one = stored.get(i);
			var identity = one.identity(sysAttrs);
			var key = digest(prefix + identity);
			keys.add(key);
			sizes.add(identity.length());
			var known = compactions.getIfPresent(key);
			compacted.add(known == null ? null : known.answer());
			if (known != null) {
				continue;
			}
			missing.add(i);
			var node = sysAttrs ? one.withSystemAttributes() : one.node();
			if (attrs != null) {
				var picked = JSON.createObjectBuilder();
				node.forEach((name, value) -> {
					if (name.startsWith("@") || attrs.contains(name) || name.equals(NgsiLd.CREATED_AT)
							|| name.equals(NgsiLd.MODIFIED_AT)) {
						picked.add(name, value);
					}
				});
				node = picked.build();
			}
			nodes.add(node);
		}
		if (!nodes.isEmpty()) {
			var fresh = ld.compactAll(nodes, context.context());
			for (int j = 0; j < fresh.size(); j++) {
				int i = missing.get(j);
				compacted.set(i, fresh.get(j));
				compactions.put(keys.get(i), new Kept(fresh.get(j), sizes.get(i)));
			}
		}
		List<JsonObject> answers = compacted.stream().map(java.util.Objects::requireNonNull).toList();
		if (languages != null) {
			answers = answers.stream().map(languages::applied).toList();
		}
		if (options.contains("keyValues") || options.contains("simplified")) {
			return answers.stream().map(Simplified::of).toList();
		}
		return answers;
	}

	/**
	 * Entities as compacted before, by the SHA-256 of the context, the attributes kept and what the
	 * entity was (its stored body, and with sysAttrs its times), and the generation of the
	 * instance's contexts (a context deleted or fetched again starts a new one): compaction is most of a read's
	 * work, and a dashboard or a query page reads the same entities again and again. An entry
	 * stands only for the very body it was made of, so a write is never answered stale. Bounded by
	 * memory, not by count: {@value #KEPT_BYTES} bytes, each answer weighed as
	 * {@value #BYTES_PER_CHARACTER} bytes per character of the text it was made of (parsed JSON
	 * values take several times their text) and {@value #BYTES_PER_ANSWER} more; so some 10,000
	 * sensors of half a kilobyte, or a few hundred entities of a hundred. Each for a minute (a
	 * remote context's document may change).
	 */
	private final com.github.benmanes.caffeine.cache.Cache<String, Kept> compactions = com.github.benmanes.caffeine.cache.Caffeine
		.newBuilder()
		.maximumWeight(KEPT_BYTES)
		.<String, Kept>weigher((key, kept) -> (int) Math.min(Integer.MAX_VALUE,
				(long) kept.characters() * BYTES_PER_CHARACTER + BYTES_PER_ANSWER))
		.expireAfterWrite(java.time.Duration.ofMinutes(1))
		.build();

	/** An answer kept, and how long the text was that it was made of. */
	private record Kept(JsonObject answer, int characters) {
	}

	static final long KEPT_BYTES = 32L * 1024 * 1024;

	static final int BYTES_PER_CHARACTER = 4;

	static final int BYTES_PER_ANSWER = 512;

	private static String digest(String text) {
		try {
			return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
				.digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java has SHA-256", ex);
		}
	}

	private ResponseEntity<byte[]> answer(HttpStatus status, JsonValue body, RequestContext context, String format,
			@Nullable Long count) {
		return answer(ResponseEntity.status(status), body, context, format, count);
	}

	/**
	 * An answer of the hub's (entities, subscriptions, histories): JSON with the context in a Link
	 * header, or JSON-LD with it as {@code @context} of each object; {@code count} as
	 * NGSILD-Results-Count. {@code answer} may carry headers of its own already.
	 */
	static ResponseEntity<byte[]> answer(ResponseEntity.BodyBuilder answer, JsonValue body, RequestContext context,
			String format, @Nullable Long count) {
		JsonValue written = body;
		if (format.equals(NgsiLd.JSON_LD)) {
			written = withContext(body, context);
		}
		else {
			answer.header(HttpHeaders.LINK, contextLink(context));
		}
		if (count != null) {
			answer.header(COUNT, String.valueOf(count));
		}
		return answer.header(HttpHeaders.CONTENT_TYPE, format).body(written.toString().getBytes(StandardCharsets.UTF_8));
	}

	/** The Link header naming the answer's context. */
	private static String contextLink(RequestContext context) {
		return "<" + context.url() + ">; rel=\"" + NgsiLd.CONTEXT_RELATION + "\"; type=\"" + NgsiLd.JSON_LD + "\"";
	}

	private static JsonValue withContext(JsonValue body, RequestContext context) {
		var value = JSON.createValue(context.url());
		if (body instanceof JsonObject object) {
			return JSON.createObjectBuilder(object).add("@context", value).build();
		}
		var array = JSON.createArrayBuilder();
		for (var element : (JsonArray) body) {
			array.add(JSON.createObjectBuilder((JsonObject) element).add("@context", value));
		}
		return array.build();
	}

	/** The answer's media type: JSON (the default) or JSON-LD; anything else is not acceptable (406). */
	static String format(@Nullable String accept) {
		return format(accept, false);
	}

	/** The answer's media type for an Accept header: JSON, JSON-LD, or (for entities) GeoJSON. */
	static String format(@Nullable String accept, boolean geo) {
		if (accept == null || accept.isBlank()) {
			return "application/json";
		}
		String best = null;
		double quality = -1;
		for (var range : accept.split(",")) {
			var parts = range.trim().split(";");
			var type = parts[0].trim().toLowerCase(java.util.Locale.ROOT);
			double q = 1;
			for (int i = 1; i < parts.length; i++) {
				var p = parts[i].trim();
				if (p.startsWith("q=")) {
					try {
						q = Double.parseDouble(p.substring(2));
					}
					catch (NumberFormatException ex) {
						q = 0;
					}
				}
			}
			String offered = switch (type) {
				case "application/ld+json" -> NgsiLd.JSON_LD;
				case "application/json", "application/*", "*/*" -> "application/json";
				case GEO_JSON -> geo ? GEO_JSON : null;
				default -> null;
			};
			if (offered != null && q > 0 && q > quality) {
				best = offered;
				quality = q;
			}
		}
		if (best == null) {
			throw new NotAcceptable();
		}
		return best;
	}

	static final class NotAcceptable extends RuntimeException {

		NotAcceptable() {
			super(null, null, false, false);
		}
	}

	// ---- reading the request

	private JsonObject body(HttpServletRequest request, @Nullable String contentType) {
		if (!(Requests.json(request, contentType) instanceof JsonObject object)) {
			throw new HubRefused(Type.INVALID_REQUEST, "the body is not a JSON object");
		}
		if (object.isEmpty()) {
			throw new HubRefused(Type.INVALID_REQUEST, "the body is an empty object");
		}
		return object;
	}

	static final class UnsupportedMediaType extends RuntimeException {

		UnsupportedMediaType() {
			super(null, null, false, false);
		}
	}

	/** JSON names its context in a Link header and has no {@code @context}; JSON-LD has one and no Link header. */
	static RequestContext context(JsonObject body, @Nullable String contentType, @Nullable String link) {
		boolean ld = contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).startsWith(NgsiLd.JSON_LD);
		if (ld) {
			var context = body.get("@context");
			if (context == null || context.getValueType() == JsonValue.ValueType.NULL) {
				throw new HubRefused(Type.BAD_REQUEST_DATA, "application/ld+json needs an @context in the body");
			}
			if (link != null && link.contains(NgsiLd.CONTEXT_RELATION)) {
				throw new HubRefused(Type.BAD_REQUEST_DATA, "application/ld+json names its context in the body, not a Link header");
			}
			return RequestContext.ofBody(context);
		}
		if (body.containsKey("@context")) {
			throw new HubRefused(Type.BAD_REQUEST_DATA, "application/json names its context in a Link header, not @context");
		}
		return RequestContext.ofLink(link);
	}

	static String checkedId(String id) {
		if (!Entities.isUri(id)) {
			throw new HubRefused(Type.BAD_REQUEST_DATA, "an entity id is a URI");
		}
		return id;
	}

	private static Set<String> options(MultiValueMap<String, String> parameters) {
		var options = new LinkedHashSet<String>();
		for (var value : parameters.getOrDefault("options", List.of())) {
			for (var option : value.split(",")) {
				var o = option.trim();
				if (!Set.of("keyValues", "simplified", "sysAttrs", "normalized", "concise").contains(o)) {
					throw new HubRefused(Type.INVALID_REQUEST, "unknown option " + o);
				}
				options.add(o);
			}
		}
		if ((options.contains("keyValues") || options.contains("simplified")) && options.contains("normalized")) {
			throw new HubRefused(Type.BAD_REQUEST_DATA, "keyValues and normalized cannot be asked for together");
		}
		var format = parameters.getFirst("format");
		if (format != null) {
			switch (format) {
				case "keyValues", "simplified" -> options.add("keyValues");
				case "normalized" -> {
				}
				default -> throw new HubRefused(Type.INVALID_REQUEST, "unknown format " + format);
			}
		}
		return options;
	}

	/** The attributes asked for, expanded (null: all). */
	/** The request's pick or omit (4.21), which go with neither attrs nor each other; a linked entity's members need a join. */
	private static jp.tsunagu.hub.query.@Nullable Projection projection(MultiValueMap<String, String> parameters,
			@Nullable Set<String> attrs) {
		var projection = jp.tsunagu.hub.query.Projection.of(single(parameters, "pick"), single(parameters, "omit"));
		if (projection == null) {
			return null;
		}
		if (attrs != null) {
			throw new HubRefused(Type.BAD_REQUEST_DATA, "pick and omit do not go with attrs");
		}
		var join = Join.of(single(parameters, "join"), single(parameters, "joinLevel"));
		if (projection.hops() > 0 && join == null) {
			throw new HubRefused(Type.BAD_REQUEST_DATA, "the members of linked entities are picked or omitted in a join");
		}
		if (join != null && projection.hops() > join.level()) {
			// 5.7.2.4: a selection of more hops than the join follows
			throw new HubRefused(Type.BAD_REQUEST_DATA, "pick or omit reaches " + projection.hops()
					+ " linked entities deep, more than joinLevel " + join.level());
		}
		return projection;
	}

	/** An answer with only the members a pick names, or without those an omit names (names in the request's context). */
	private JsonObject projected(JsonObject entity, jp.tsunagu.hub.query.Projection projection, RequestContext context) {
		return projected(ld, entity, projection, context);
	}

	/** {@link #projected(JsonObject, jp.tsunagu.hub.query.Projection, RequestContext)}, for the temporal API too. */
	static JsonObject projected(LinkedData ld, JsonObject entity, jp.tsunagu.hub.query.Projection projection,
			RequestContext context) {
		return Join.projected(entity, projection, name -> ld.compactTerm(ld.expandTerm(name, context.context()), context.context()));
	}

	private @Nullable Set<String> attrs(MultiValueMap<String, String> parameters, RequestContext context) {
		var value = single(parameters, "attrs");
		if (value == null) {
			return null;
		}
		var attrs = new LinkedHashSet<String>();
		for (var name : list(value)) {
			var iri = ld.expandTerm(name, context.context());
			if (name.equals("id") || name.equals("type") || iri.equals("@id") || iri.equals("@type")) {
				// 019_03_03: attrs names attributes; an entity's id and type are no attributes (pick chooses them)
				throw new HubRefused(Type.BAD_REQUEST_DATA, "attrs names attributes, and " + name + " is none (pick can choose it)");
			}
			attrs.add(iri);
		}
		return attrs;
	}

	static List<String> list(@Nullable String value) {
		var list = new ArrayList<String>();
		if (value == null) {
			return list;
		}
		for (var item : value.split(",")) {
			var trimmed = item.trim();
			if (trimmed.isEmpty() || trimmed.length() > 1000) {
				throw new HubRefused(Type.BAD_REQUEST_DATA, "an empty or over-long name in a list");
			}
			list.add(trimmed);
		}
		if (list.size() > 100) {
			throw new HubRefused(Type.TOO_COMPLEX_QUERY, "at most 100 names in a list");
		}
		return list;
	}

	static @Nullable String single(MultiValueMap<String, String> parameters, String name) {
		var values = parameters.get(name);
		if (values == null || values.isEmpty()) {
			return null;
		}
		if (values.size() > 1) {
			throw new HubRefused(Type.BAD_REQUEST_DATA, name + " is given more than once");
		}
		var value = values.getFirst();
		if (value.isBlank()) {
			throw new HubRefused(Type.BAD_REQUEST_DATA, name + " is empty");
		}
		if (value.indexOf('\u0000') >= 0) {
			throw new HubRefused(Type.BAD_REQUEST_DATA, name + " holds a NUL character");
		}
		return value;
	}

	static int number(MultiValueMap<String, String> parameters, String name, int otherwise) {
		var value = single(parameters, name);
		if (value == null) {
			return otherwise;
		}
		try {
			int n = Integer.parseInt(value);
			if (n < 0) {
				throw new NumberFormatException();
			}
			return n;
		}
		catch (NumberFormatException ex) {
			throw new HubRefused(Type.BAD_REQUEST_DATA, name + " must be a whole number, 0 or more");
		}
	}

	private static String encode(String id) {
		return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20").replace("%3A", ":");
	}
}
