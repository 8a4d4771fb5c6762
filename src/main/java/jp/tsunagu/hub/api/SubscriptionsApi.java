package jp.tsunagu.hub.api;

import static jp.tsunagu.hub.jsonld.Jsons.JSON;

import java.net.URI;

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
import jp.tsunagu.hub.subscriptions.Subscriptions;

/**
 * {@code /ngsi-ld/v1/subscriptions} (NGSI-LD clauses 5.8.1 to 5.8.5): create (201 with its
 * Location), retrieve, query (paged, with {@code prev} and {@code next} links), update (204) and
 * delete (204). A subscription is given back compacted with the request's context.
 */
@RestController
@RequestMapping(SubscriptionsApi.PATH)
class SubscriptionsApi {

	static final String PATH = "/ngsi-ld/v1/subscriptions";

	private static final java.util.Set<String> PARAMETERS = java.util.Set.of("limit", "offset", "count");

	private final Subscriptions subscriptions;


	private final jp.tsunagu.hub.Tenants tenants;

	SubscriptionsApi(jp.tsunagu.hub.Tenants tenants, Subscriptions subscriptions) {
		this.tenants = tenants;
		this.subscriptions = subscriptions;
	}

	@PostMapping({ "", "/" })
	ResponseEntity<byte[]> create(HttpServletRequest request,
			@RequestHeader(name = HttpHeaders.CONTENT_TYPE, required = false) @Nullable String contentType,
			@RequestHeader(name = HttpHeaders.LINK, required = false) @Nullable String link,
			@RequestHeader(name = EntitiesApi.TENANT, required = false) @Nullable String tenant) {
		var body = body(request, contentType);
		var context = EntitiesApi.context(body, contentType, link);
		var id = subscriptions.create(jp.tsunagu.hub.Tenants.checked(tenant), body, context.context());
		// the id as it is (a URN's colons need no escaping in a path)
		return ResponseEntity.created(URI.create(PATH + "/" + id)).build();
	}

	@GetMapping({ "", "/" })
	ResponseEntity<byte[]> query(@RequestParam MultiValueMap<String, String> parameters,
			@RequestHeader(name = HttpHeaders.LINK, required = false) @Nullable String link,
			@RequestHeader(name = HttpHeaders.ACCEPT, required = false) @Nullable String accept,
			@RequestHeader(name = EntitiesApi.TENANT, required = false) @Nullable String tenant) {
		var format = EntitiesApi.format(accept);
		Requests.known(parameters, PARAMETERS);
		int limit = EntitiesApi.number(parameters, "limit", 20);
		int offset = EntitiesApi.number(parameters, "offset", 0);
		if (limit > Subscriptions.MAX_PER_TENANT) {
			throw new HubRefused(Type.TOO_MANY_RESULTS, "limit is at most " + Subscriptions.MAX_PER_TENANT);
		}
		var context = RequestContext.ofLink(link);
		var page = subscriptions.page(tenants.existing(tenant), offset, limit, context.context());
		var array = JSON.createArrayBuilder();
		page.subscriptions().forEach(array::add);
		var answer = ResponseEntity.ok();
		var links = new java.util.ArrayList<String>();
		if (offset > 0 && limit > 0) {
			links.add("<" + PATH + "?limit=" + limit + "&offset=" + Math.max(0, offset - limit)
					+ ">; rel=\"prev\"; type=\"" + format + "\"");
		}
		if (limit > 0 && offset + limit < page.total()) {
			links.add("<" + PATH + "?limit=" + limit + "&offset=" + (offset + limit) + ">; rel=\"next\"; type=\"" + format
					+ "\"");
		}
		links.forEach(l -> answer.header(HttpHeaders.LINK, l));
		return EntitiesApi.answer(answer, array.build(), context, format,
				"true".equals(parameters.getFirst("count")) ? page.total() : null);
	}

	@GetMapping("/{id}")
	ResponseEntity<byte[]> retrieve(@PathVariable String id,
			@RequestHeader(name = HttpHeaders.LINK, required = false) @Nullable String link,
			@RequestHeader(name = HttpHeaders.ACCEPT, required = false) @Nullable String accept,
			@RequestHeader(name = EntitiesApi.TENANT, required = false) @Nullable String tenant) {
		var format = EntitiesApi.format(accept);
		var context = RequestContext.ofLink(link);
		var found = subscriptions.find(tenants.existing(tenant), checkedId(id), context.context())
			.orElseThrow(() -> new HubRefused(Type.RESOURCE_NOT_FOUND, "no subscription " + id));
		return EntitiesApi.answer(ResponseEntity.ok(), found, context, format, null);
	}

	@PatchMapping("/{id}")
	ResponseEntity<byte[]> update(@PathVariable String id, HttpServletRequest request,
			@RequestHeader(name = HttpHeaders.CONTENT_TYPE, required = false) @Nullable String contentType,
			@RequestHeader(name = HttpHeaders.LINK, required = false) @Nullable String link,
			@RequestHeader(name = EntitiesApi.TENANT, required = false) @Nullable String tenant) {
		checkedId(id);
		var body = body(request, contentType);
		var context = EntitiesApi.context(body, contentType, link);
		boolean given = body.containsKey("@context") || link != null && link.contains(NgsiLd.CONTEXT_RELATION);
		if (body.get("id") instanceof jakarta.json.JsonString other && !other.getString().equals(id)) {
			throw new HubRefused(Type.BAD_REQUEST_DATA, "the fragment's id is not the subscription's");
		}
		subscriptions.update(tenants.existing(tenant), id, body, context.context(), given);
		return ResponseEntity.noContent().build();
	}

	@DeleteMapping("/{id}")
	ResponseEntity<byte[]> delete(@PathVariable String id,
			@RequestHeader(name = EntitiesApi.TENANT, required = false) @Nullable String tenant) {
		if (!subscriptions.delete(tenants.existing(tenant), checkedId(id))) {
			throw new HubRefused(Type.RESOURCE_NOT_FOUND, "no subscription " + id);
		}
		return ResponseEntity.noContent().build();
	}

	private static String checkedId(String id) {
		if (!Entities.isUri(id)) {
			throw new HubRefused(Type.BAD_REQUEST_DATA, "a subscription id is a URI");
		}
		return id;
	}

	private JsonObject body(HttpServletRequest request, @Nullable String contentType) {
		return Requests.object(request, contentType, true);
	}

}
