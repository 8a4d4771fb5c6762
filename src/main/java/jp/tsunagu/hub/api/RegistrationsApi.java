package jp.tsunagu.hub.api;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
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

import jakarta.json.JsonObject;
import jp.tsunagu.hub.Entities;
import jp.tsunagu.hub.HubRefused;
import jp.tsunagu.hub.HubRefused.Type;
import jp.tsunagu.hub.NgsiLd;
import jp.tsunagu.hub.Tenants;
import jp.tsunagu.hub.jsonld.LinkedData;
import jp.tsunagu.hub.query.GeoQuery;
import jp.tsunagu.hub.query.QueryParser;
import jp.tsunagu.hub.registrations.Registrations;

import static jp.tsunagu.hub.jsonld.Jsons.JSON;

/**
 * {@code /ngsi-ld/v1/csourceRegistrations} (NGSI-LD clauses 5.9.2 to 5.9.4, 5.10.1, 5.10.2):
 * register a context source (201 with its Location), retrieve, query (by the entities and
 * attributes it holds, {@code q} on its own properties, {@code csf}, {@code scopeQ}, a geo-query on
 * its location, a time window on its intervals; paged with {@code prev} and {@code next} links),
 * update (204) and delete (204). A registration is given back as its client wrote it, names in the
 * request's context.
 */
@RestController
@RequestMapping(RegistrationsApi.PATH)
class RegistrationsApi {

	static final String PATH = "/ngsi-ld/v1/csourceRegistrations";

	private static final Set<String> PARAMETERS = Set.of("type", "id", "idPattern", "attrs", "q", "csf", "georel",
			"geometry", "coordinates", "geoproperty", "timerel", "timeAt", "endTimeAt", "timeproperty", "scopeQ", "limit",
			"offset", "count", "options");

	private final Registrations registrations;

	private final LinkedData ld;

	private final Tenants tenants;


	RegistrationsApi(Registrations registrations, LinkedData ld, Tenants tenants) {
		this.registrations = registrations;
		this.ld = ld;
		this.tenants = tenants;
	}

	@PostMapping({ "", "/" })
	ResponseEntity<byte[]> create(HttpServletRequest request,
			@RequestHeader(name = HttpHeaders.CONTENT_TYPE, required = false) @Nullable String contentType,
			@RequestHeader(name = HttpHeaders.LINK, required = false) @Nullable String link,
			@RequestHeader(name = EntitiesApi.TENANT, required = false) @Nullable String tenant) {
		var body = Requests.object(request, contentType, false);
		var context = EntitiesApi.context(body, contentType, link);
		var id = registrations.create(Tenants.checked(tenant), body, context.context());
		return ResponseEntity.created(URI.create(PATH + "/" + id)).build();
	}

	@GetMapping({ "", "/" })
	ResponseEntity<byte[]> query(HttpServletRequest request, @RequestParam MultiValueMap<String, String> parameters,
			@RequestHeader(name = HttpHeaders.LINK, required = false) @Nullable String link,
			@RequestHeader(name = HttpHeaders.ACCEPT, required = false) @Nullable String accept,
			@RequestHeader(name = EntitiesApi.TENANT, required = false) @Nullable String tenant) {
		var format = EntitiesApi.format(accept);
		Requests.known(parameters, PARAMETERS);
		var context = RequestContext.ofLink(link);
		var own = context.context();
		var types = new LinkedHashSet<String>();
		for (var name : EntitiesApi.list(EntitiesApi.single(parameters, "type"))) {
			types.add(ld.expandType(name, own));
		}
		var ids = new LinkedHashSet<String>();
		for (var id : EntitiesApi.list(EntitiesApi.single(parameters, "id"))) {
			ids.add(EntitiesApi.checkedId(id));
		}
		Pattern idPattern = null;
		if (EntitiesApi.single(parameters, "idPattern") != null) {
			try {
				idPattern = Pattern.compile(EntitiesApi.single(parameters, "idPattern"));
			}
			catch (PatternSyntaxException ex) {
				throw new HubRefused(Type.BAD_REQUEST_DATA, "idPattern is not a regular expression");
			}
		}
		var attrs = new LinkedHashSet<String>();
		for (var name : EntitiesApi.list(EntitiesApi.single(parameters, "attrs"))) {
			attrs.add(ld.expandTerm(name, own));
		}
		var q = EntitiesApi.single(parameters, "q");
		var csf = EntitiesApi.single(parameters, "csf");
		var scopeQ = EntitiesApi.single(parameters, "scopeQ");
		if (scopeQ != null && !scopeQ.matches("[^\\s()]+")) {
			throw new HubRefused(Type.BAD_REQUEST_DATA, "scopeQ is scopes, as /Sapporo/#, joined by , or ;");
		}
		var geoproperty = EntitiesApi.single(parameters, "geoproperty");
		if (geoproperty != null && !geoproperty.equals("location")) {
			throw new HubRefused(Type.BAD_REQUEST_DATA, "a registration is found by its location");
		}
		var geo = GeoQuery.of(EntitiesApi.single(parameters, "georel"), EntitiesApi.single(parameters, "geometry"),
				EntitiesApi.single(parameters, "coordinates"), NgsiLd.NS + "location");
		var window = TemporalApi.window(parameters);
		var filter = new Registrations.Filter(types, ids, idPattern, attrs,
				q == null ? null : QueryParser.parse(q).expanded(term -> ld.expandTerm(term, own)),
				csf == null ? null : QueryParser.parse(csf).expanded(term -> ld.expandTerm(term, own)), scopeQ, geo,
				window.relation() == null ? null : window);
		if (types.isEmpty() && ids.isEmpty() && idPattern == null && attrs.isEmpty() && q == null && csf == null
				&& scopeQ == null && geo == null && window.relation() == null) {
			throw new HubRefused(Type.BAD_REQUEST_DATA,
					"a query of registrations needs type, id, idPattern, attrs, q, csf, scopeQ, a geo-query or timerel");
		}
		int limit = EntitiesApi.number(parameters, "limit", EntitiesApi.DEFAULT_LIMIT);
		int offset = EntitiesApi.number(parameters, "offset", 0);
		if (limit > Entities.MAX_LIMIT) {
			throw new HubRefused(Type.TOO_MANY_RESULTS, "limit is at most " + Entities.MAX_LIMIT);
		}
		var page = registrations.query(tenants.existing(tenant), filter, offset, limit, own);
		var array = JSON.createArrayBuilder();
		page.registrations().forEach(array::add);
		var answer = ResponseEntity.ok();
		if (offset > 0 && limit > 0) {
			answer.header(HttpHeaders.LINK, "<" + PATH + "?" + withOffset(request.getQueryString(), Math.max(0, offset - limit))
					+ ">; rel=\"prev\"; type=\"" + format + "\"");
		}
		if (limit > 0 && offset + limit < page.total()) {
			answer.header(HttpHeaders.LINK, "<" + PATH + "?" + withOffset(request.getQueryString(), offset + limit)
					+ ">; rel=\"next\"; type=\"" + format + "\"");
		}
		return EntitiesApi.answer(answer, array.build(), context, format,
				"true".equals(EntitiesApi.single(parameters, "count")) ? page.total() : null);
	}

	/** The request's query, in its order, with another offset. */
	private static String withOffset(@Nullable String query, int offset) {
		var out = new StringBuilder();
		boolean replaced = false;
		for (var pair : (query == null ? "" : query).split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			out.append(out.isEmpty() ? "" : "&");
			if (pair.startsWith("offset=")) {
				out.append("offset=").append(offset);
				replaced = true;
			}
			else {
				out.append(pair);
			}
		}
		if (!replaced) {
			out.append(out.isEmpty() ? "" : "&").append("offset=").append(offset);
		}
		return out.toString();
	}

	@GetMapping("/{id}")
	ResponseEntity<byte[]> retrieve(@PathVariable String id,
			@RequestHeader(name = HttpHeaders.LINK, required = false) @Nullable String link,
			@RequestHeader(name = HttpHeaders.ACCEPT, required = false) @Nullable String accept,
			@RequestHeader(name = EntitiesApi.TENANT, required = false) @Nullable String tenant) {
		var format = EntitiesApi.format(accept);
		var context = RequestContext.ofLink(link);
		var found = registrations.find(tenants.existing(tenant), checkedId(id), context.context())
			.orElseThrow(() -> new HubRefused(Type.RESOURCE_NOT_FOUND, "no registration " + id));
		return EntitiesApi.answer(ResponseEntity.ok(), found, context, format, null);
	}

	@PatchMapping("/{id}")
	ResponseEntity<byte[]> update(@PathVariable String id, HttpServletRequest request,
			@RequestHeader(name = HttpHeaders.CONTENT_TYPE, required = false) @Nullable String contentType,
			@RequestHeader(name = HttpHeaders.LINK, required = false) @Nullable String link,
			@RequestHeader(name = EntitiesApi.TENANT, required = false) @Nullable String tenant) {
		checkedId(id);
		JsonObject body = Requests.object(request, contentType, false);
		var context = EntitiesApi.context(body, contentType, link);
		boolean given = body.containsKey("@context") || link != null && link.contains(NgsiLd.CONTEXT_RELATION);
		registrations.update(tenants.existing(tenant), id, body, context.context(), given);
		return ResponseEntity.noContent().build();
	}

	@DeleteMapping("/{id}")
	ResponseEntity<byte[]> delete(@PathVariable String id,
			@RequestHeader(name = EntitiesApi.TENANT, required = false) @Nullable String tenant) {
		if (!registrations.delete(tenants.existing(tenant), checkedId(id))) {
			throw new HubRefused(Type.RESOURCE_NOT_FOUND, "no registration " + id);
		}
		return ResponseEntity.noContent().build();
	}

	private static String checkedId(String id) {
		if (!Entities.isUri(id)) {
			throw new HubRefused(Type.BAD_REQUEST_DATA, "a registration's id is a URI");
		}
		return id;
	}
}
