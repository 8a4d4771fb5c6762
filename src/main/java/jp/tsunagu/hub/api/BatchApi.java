package jp.tsunagu.hub.api;

import static jp.tsunagu.hub.jsonld.Jsons.JSON;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jp.tsunagu.hub.Entities;
import jp.tsunagu.hub.NgsiLd;
import jp.tsunagu.hub.HubRefused;
import jp.tsunagu.hub.HubRefused.Type;
import jp.tsunagu.hub.jsonld.LinkedData;
import jp.tsunagu.hub.jsonld.LinkedDataRefused;

/**
 * NGSI-LD batch operations on {@code /ngsi-ld/v1/entityOperations} (5.6.7 to 5.6.10): create,
 * upsert, update and delete many entities in one request. Each entity succeeds or fails on its own
 * (its own transaction); the answer says which, as the standard's BatchOperationResult when any
 * failed (207), else 201 with the ids created, or 204.
 */
@RestController
@RequestMapping("/ngsi-ld/v1/entityOperations")
class BatchApi {

	/** Most entities one batch may hold. */
	static final int MAX_ENTITIES = 1000;

	private final Entities entities;

	private final LinkedData ld;


	private final jp.tsunagu.hub.Tenants tenants;

	private final EntitiesApi queries;

	BatchApi(EntitiesApi queries, jp.tsunagu.hub.Tenants tenants, Entities entities, LinkedData ld) {
		this.queries = queries;
		this.tenants = tenants;
		this.entities = entities;
		this.ld = ld;
	}

	private record Outcome(List<String> succeeded, List<String> created, JsonArray errors) {
	}

	private interface Operation {

		/** Whether the entity was created. */
		boolean apply(String tenant, JsonObject expanded, String id);
	}

	@PostMapping("/create")
	ResponseEntity<byte[]> create(HttpServletRequest request,
			@RequestHeader(name = HttpHeaders.CONTENT_TYPE, required = false) @Nullable String contentType,
			@RequestHeader(name = HttpHeaders.LINK, required = false) @Nullable String link,
			@RequestHeader(name = EntitiesApi.TENANT, required = false) @Nullable String tenant) {
		var outcome = each(request, contentType, link, jp.tsunagu.hub.Tenants.checked(tenant), (t, entity, id) -> {
			entities.create(t, entity);
			return true;
		});
		if (outcome.errors().isEmpty()) {
			return ids(HttpStatus.CREATED, outcome.created());
		}
		return result(outcome);
	}

	@PostMapping("/upsert")
	ResponseEntity<byte[]> upsert(HttpServletRequest request, @RequestParam MultiValueMap<String, String> parameters,
			@RequestHeader(name = HttpHeaders.CONTENT_TYPE, required = false) @Nullable String contentType,
			@RequestHeader(name = HttpHeaders.LINK, required = false) @Nullable String link,
			@RequestHeader(name = EntitiesApi.TENANT, required = false) @Nullable String tenant) {
		boolean update = EntitiesApi.option(parameters, "update");
		var outcome = each(request, contentType, link, jp.tsunagu.hub.Tenants.checked(tenant), (t, entity, id) -> {
			try {
				return entities.upsert(t, entity, !update);
			}
			catch (DuplicateKeyException raced) {
				// created by another request between the look and the insert: now it is there to update
				return entities.upsert(t, entity, !update);
			}
		});
		if (!outcome.errors().isEmpty()) {
			return result(outcome);
		}
		return outcome.created().isEmpty() ? ResponseEntity.noContent().build() : ids(HttpStatus.CREATED, outcome.created());
	}

	@PostMapping("/update")
	ResponseEntity<byte[]> update(HttpServletRequest request, @RequestParam MultiValueMap<String, String> parameters,
			@RequestHeader(name = HttpHeaders.CONTENT_TYPE, required = false) @Nullable String contentType,
			@RequestHeader(name = HttpHeaders.LINK, required = false) @Nullable String link,
			@RequestHeader(name = EntitiesApi.TENANT, required = false) @Nullable String tenant) {
		boolean noOverwrite = EntitiesApi.option(parameters, "noOverwrite");
		var outcome = each(request, contentType, link, tenants.existing(tenant), (t, entity, id) -> {
			// 5.6.9: each entity's attributes appended (5.6.3), overwriting unless noOverwrite; its types added
			var fragment = JSON.createObjectBuilder(entity).remove("@id").build();
			var result = entities.append(t, id, fragment, noOverwrite);
			if (!result.notUpdated().isEmpty()) {
				throw new HubRefused(Type.BAD_REQUEST_DATA, result.notUpdated().getFirst().reason());
			}
			return false;
		});
		return outcome.errors().isEmpty() ? ResponseEntity.noContent().build() : result(outcome);
	}

	/** Query parameters POST /entityOperations/query takes; the rest of the query is in its body. */
	private static final java.util.Set<String> QUERY_PARAMETERS = java.util.Set.of("limit", "offset", "count", "options",
			"local", "format", "geometryProperty");

	/** Members of a Query (5.2.23) the hub reads; the others the standard has are refused as not supported here. */
	private static final java.util.Set<String> QUERY_MEMBERS = java.util.Set.of("type", "entities", "attrs", "q", "geoQ",
			"geometryProperty", "pick", "omit", "join", "joinLevel", "@context");

	/**
	 * POST /entityOperations/query (5.7.2): a query of entities written as a Query object (5.2.23),
	 * for one too long for a URL: entity selectors, attrs, q and a geo-query; answered as GET /entities.
	 */
	@PostMapping("/query")
	ResponseEntity<byte[]> query(HttpServletRequest request, @RequestParam MultiValueMap<String, String> parameters,
			@RequestHeader(name = HttpHeaders.CONTENT_TYPE, required = false) @Nullable String contentType,
			@RequestHeader(name = HttpHeaders.LINK, required = false) @Nullable String link,
			@RequestHeader(name = HttpHeaders.ACCEPT, required = false) @Nullable String accept,
			@RequestHeader(name = EntitiesApi.TENANT, required = false) @Nullable String tenant,
			@RequestHeader(name = "Prefer", required = false) @Nullable String prefer) {
		var format = EntitiesApi.format(accept, true);
		Requests.known(parameters, QUERY_PARAMETERS);
		var body = Requests.object(request, contentType, false);
		var context = EntitiesApi.context(body, contentType, link);
		Requests.query(body, QUERY_MEMBERS, name -> name.equals("temporalQ") ? "temporalQ is for queries of histories"
				: name + " is not a member of a query the hub reads");
		var query = new org.springframework.util.LinkedMultiValueMap<String, String>(parameters);
		if (body.containsKey("entities")) {
			selectors(body.get("entities"), query);
		}
		if (body.containsKey("attrs")) {
			query.add("attrs", String.join(",", strings(body.get("attrs"), "attrs")));
		}
		if (body.containsKey("q")) {
			query.add("q", string(body.get("q"), "q"));
		}
		for (var projection : List.of("pick", "omit")) {
			if (body.containsKey(projection)) {
				query.add(projection, String.join(",", strings(body.get(projection), projection)));
			}
		}
		if (body.containsKey("join")) {
			query.add("join", string(body.get("join"), "join"));
		}
		if (body.containsKey("joinLevel")) {
			if (!(body.get("joinLevel") instanceof jakarta.json.JsonNumber level) || !level.isIntegral()) {
				throw new HubRefused(Type.BAD_REQUEST_DATA, "joinLevel is a whole number");
			}
			query.add("joinLevel", level.toString());
		}
		if (body.containsKey("geometryProperty")) {
			query.add("geometryProperty", string(body.get("geometryProperty"), "geometryProperty"));
		}
		if (body.containsKey("geoQ")) {
			if (!(body.get("geoQ") instanceof JsonObject geo)) {
				throw new HubRefused(Type.BAD_REQUEST_DATA, "geoQ is an object: geometry, coordinates, georel, geoproperty");
			}
			for (var member : geo.entrySet()) {
				switch (member.getKey()) {
					case "geometry", "georel", "geoproperty" -> query.add(member.getKey(), string(member.getValue(), member.getKey()));
					case "coordinates" -> query.add("coordinates", member.getValue() instanceof JsonString text ? text.getString()
							: member.getValue().toString());
					default -> throw new HubRefused(Type.BAD_REQUEST_DATA, "geoQ holds geometry, coordinates, georel, geoproperty");
				}
			}
		}
		// the query is in the body: no page links a GET could follow
		return queries.query(query, context, format, tenant, prefer, false);
	}

	/** Entity selectors (5.2.33) as the query's type, id and idPattern; an id takes precedence over an idPattern. */
	static void selectors(JsonValue value, MultiValueMap<String, String> query) {
		if (!(value instanceof JsonArray selectors) || selectors.isEmpty()) {
			throw new HubRefused(Type.BAD_REQUEST_DATA, "entities is a list of at least one entity selector");
		}
		var types = new java.util.LinkedHashSet<String>();
		var ids = new java.util.LinkedHashSet<String>();
		var patterns = new java.util.LinkedHashSet<String>();
		for (var selector : selectors) {
			if (!(selector instanceof JsonObject object) || !(object.get("type") instanceof JsonString type)
					|| type.getString().isBlank()) {
				throw new HubRefused(Type.BAD_REQUEST_DATA, "each entity selector has a type");
			}
			types.add(type.getString());
			var id = object.get("id");
			if (id != null) {
				var given = id instanceof JsonArray list ? strings(list, "id") : List.of(string(id, "id"));
				for (var each : given) {
					if (!Entities.isUri(each)) {
						throw new HubRefused(Type.BAD_REQUEST_DATA, "an entity selector's id is a URI");
					}
					ids.add(each);
				}
			}
			else if (object.get("idPattern") != null) {
				patterns.add(string(object.get("idPattern"), "idPattern"));
			}
		}
		query.add("type", String.join(",", types));
		if (!ids.isEmpty()) {
			query.add("id", String.join(",", ids));
		}
		else if (!patterns.isEmpty()) {
			query.add("idPattern", patterns.size() == 1 ? patterns.iterator().next()
					: patterns.stream().map(p -> "(" + p + ")").collect(java.util.stream.Collectors.joining("|")));
		}
	}

	static List<String> strings(JsonValue value, String name) {
		if (!(value instanceof JsonArray array) || array.isEmpty()) {
			throw new HubRefused(Type.BAD_REQUEST_DATA, name + " is a list of at least one");
		}
		var all = new ArrayList<String>();
		for (var each : array) {
			all.add(string(each, name));
		}
		return all;
	}

	static String string(JsonValue value, String name) {
		if (!(value instanceof JsonString text) || text.getString().isBlank()) {
			throw new HubRefused(Type.BAD_REQUEST_DATA, name + " is a string");
		}
		return text.getString();
	}

	/** Batch merge (5.6.20): each entity merged as PATCH /entities/{id} merges it (5.6.17). */
	@PostMapping("/merge")
	ResponseEntity<byte[]> merge(HttpServletRequest request,
			@RequestHeader(name = HttpHeaders.CONTENT_TYPE, required = false) @Nullable String contentType,
			@RequestHeader(name = HttpHeaders.LINK, required = false) @Nullable String link,
			@RequestHeader(name = EntitiesApi.TENANT, required = false) @Nullable String tenant) {
		var outcome = each(request, contentType, link, tenants.existing(tenant), (t, entity, id) -> {
			entities.merge(t, id, JSON.createObjectBuilder(entity).remove("@id").build());
			return false;
		});
		return outcome.errors().isEmpty() ? ResponseEntity.noContent().build() : result(outcome);
	}

	@PostMapping("/delete")
	ResponseEntity<byte[]> delete(HttpServletRequest request,
			@RequestHeader(name = HttpHeaders.CONTENT_TYPE, required = false) @Nullable String contentType,
			@RequestHeader(name = EntitiesApi.TENANT, required = false) @Nullable String tenant) {
		var tenantName = tenants.existing(tenant);
		var ids = list(Requests.json(request, contentType));
		var succeeded = new ArrayList<String>();
		var errors = JSON.createArrayBuilder();
		for (var value : ids) {
			var id = value instanceof JsonString s ? s.getString() : value.toString();
			try {
				if (!(value instanceof JsonString) || !Entities.isUri(id)) {
					throw new HubRefused(Type.BAD_REQUEST_DATA, "an entity id is a URI");
				}
				if (!entities.delete(tenantName, id)) {
					throw new HubRefused(Type.RESOURCE_NOT_FOUND, "no entity " + id);
				}
				succeeded.add(id);
			}
			catch (HubRefused refused) {
				errors.add(error(id, refused.type(), refused.status(), refused.detail()));
			}
		}
		var outcome = new Outcome(succeeded, List.of(), errors.build());
		return outcome.errors().isEmpty() ? ResponseEntity.noContent().build() : result(outcome);
	}

	/** Applies an operation to every entity of the body, each on its own. */
	private Outcome each(HttpServletRequest request, @Nullable String contentType, @Nullable String link,
			String tenantName, Operation operation) {
		var body = list(Requests.json(request, contentType));
		// what is wrong with the request as a whole refuses it whole, before any entity is touched
		for (var value : body) {
			if (!(value instanceof JsonObject entity) || entity.isEmpty()) {
				throw new HubRefused(Type.BAD_REQUEST_DATA, "each entity of a batch is a JSON object");
			}
		}
		if (contentType != null && contentType.startsWith(NgsiLd.JSON_LD) && link != null
				&& link.contains(NgsiLd.CONTEXT_RELATION)) {
			throw new HubRefused(Type.BAD_REQUEST_DATA, "application/ld+json names its context in the body, not a Link header");
		}
		var succeeded = new ArrayList<String>();
		var created = new ArrayList<String>();
		var errors = JSON.createArrayBuilder();
		for (var value : body) {
			String id = value instanceof JsonObject o && o.get("id") instanceof JsonString s ? s.getString() : "";
			try {
				if (!(value instanceof JsonObject entity) || entity.isEmpty()) {
					throw new HubRefused(Type.BAD_REQUEST_DATA, "each entity is a JSON object");
				}
				var context = EntitiesApi.context(entity, contentType, link);
				var expanded = ld.expand(jp.tsunagu.hub.jsonld.Concise.normalized(entity), context.context());
				id = expanded.get("@id") instanceof JsonString s ? s.getString() : id;
				if (!Entities.isUri(id)) {
					throw new HubRefused(Type.BAD_REQUEST_DATA, "an entity needs an id that is a URI");
				}
				if (operation.apply(tenantName, expanded, id)) {
					created.add(id);
				}
				succeeded.add(id);
			}
			catch (HubRefused refused) {
				errors.add(error(id, refused.type(), refused.status(), refused.detail()));
			}
			catch (LinkedDataRefused refused) {
				var type = refused.contextUnavailable() ? Type.LD_CONTEXT_NOT_AVAILABLE : Type.BAD_REQUEST_DATA;
				errors.add(error(id, type, type.status(), refused.getMessage()));
			}
		}
		return new Outcome(succeeded, created, errors.build());
	}

	private static JsonArray list(JsonValue body) {
		if (!(body instanceof JsonArray array)) {
			throw new HubRefused(Type.INVALID_REQUEST, "a batch is a JSON array");
		}
		if (array.isEmpty()) {
			throw new HubRefused(Type.BAD_REQUEST_DATA, "a batch holds at least one entity");
		}
		if (array.size() > MAX_ENTITIES) {
			throw new HubRefused(Type.BAD_REQUEST_DATA, HttpStatus.CONTENT_TOO_LARGE,
					"a batch holds at most " + MAX_ENTITIES + " entities");
		}
		return array;
	}

	private static JsonObject error(String id, Type type, HttpStatus status, @Nullable String detail) {
		var problem = JSON.createObjectBuilder().add("type", type.uri()).add("title", type.title()).add("status",
				status.value());
		if (detail != null) {
			problem.add("detail", detail);
		}
		return JSON.createObjectBuilder().add("entityId", id).add("error", problem).build();
	}

	private static ResponseEntity<byte[]> ids(HttpStatus status, List<String> ids) {
		var array = JSON.createArrayBuilder();
		ids.forEach(array::add);
		return ResponseEntity.status(status)
			.header(HttpHeaders.CONTENT_TYPE, "application/json")
			.body(array.build().toString().getBytes(StandardCharsets.UTF_8));
	}

	/** 207 and the standard's BatchOperationResult: the ids that succeeded, and each error. */
	private static ResponseEntity<byte[]> result(Outcome outcome) {
		var success = JSON.createArrayBuilder();
		outcome.succeeded().forEach(success::add);
		var body = JSON.createObjectBuilder().add("success", success).add("errors", outcome.errors()).build();
		return ResponseEntity.status(HttpStatus.MULTI_STATUS)
			.header(HttpHeaders.CONTENT_TYPE, "application/json")
			.body(body.toString().getBytes(StandardCharsets.UTF_8));
	}
}
