package jp.tsunagu.hub.api;

import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import jp.tsunagu.hub.Discovery;
import jp.tsunagu.hub.HubRefused;
import jp.tsunagu.hub.HubRefused.Type;
import jp.tsunagu.hub.Tenants;

/**
 * {@code /ngsi-ld/v1/types} and {@code /ngsi-ld/v1/attributes} (NGSI-LD clauses 5.7.5 to 5.7.10):
 * the entity types and the attributes of a tenant's entities, as a list of names or with details
 * ({@code details=true}), and one type or attribute by its name or IRI. A parameter the operation
 * does not take is 400 InvalidRequest, before anything is looked up.
 */
@RestController
class DiscoveryApi {

	private static final Set<String> LIST_PARAMETERS = Set.of("details", "local");

	private static final Set<String> ONE_PARAMETERS = Set.of("local");

	private final Discovery discovery;

	private final Tenants tenants;

	DiscoveryApi(Discovery discovery, Tenants tenants) {
		this.discovery = discovery;
		this.tenants = tenants;
	}

	@GetMapping({ "/ngsi-ld/v1/types", "/ngsi-ld/v1/types/" })
	ResponseEntity<byte[]> types(@RequestParam MultiValueMap<String, String> parameters,
			@RequestHeader(name = HttpHeaders.LINK, required = false) @Nullable String link,
			@RequestHeader(name = HttpHeaders.ACCEPT, required = false) @Nullable String accept,
			@RequestHeader(name = EntitiesApi.TENANT, required = false) @Nullable String tenant) {
		return list(parameters, link, accept, tenant, discovery::typeList, discovery::types);
	}

	@GetMapping("/ngsi-ld/v1/types/{type}")
	ResponseEntity<byte[]> type(@PathVariable String type, @RequestParam MultiValueMap<String, String> parameters,
			@RequestHeader(name = HttpHeaders.LINK, required = false) @Nullable String link,
			@RequestHeader(name = HttpHeaders.ACCEPT, required = false) @Nullable String accept,
			@RequestHeader(name = EntitiesApi.TENANT, required = false) @Nullable String tenant) {
		var format = EntitiesApi.format(accept);
		details(parameters, ONE_PARAMETERS);
		var context = RequestContext.ofLink(link);
		return EntitiesApi.answer(ResponseEntity.ok(),
				discovery.type(tenants.existing(tenant), checkedName(type), context.context()), context, format, null);
	}

	@GetMapping({ "/ngsi-ld/v1/attributes", "/ngsi-ld/v1/attributes/" })
	ResponseEntity<byte[]> attributes(@RequestParam MultiValueMap<String, String> parameters,
			@RequestHeader(name = HttpHeaders.LINK, required = false) @Nullable String link,
			@RequestHeader(name = HttpHeaders.ACCEPT, required = false) @Nullable String accept,
			@RequestHeader(name = EntitiesApi.TENANT, required = false) @Nullable String tenant) {
		return list(parameters, link, accept, tenant, discovery::attributeList, discovery::attributes);
	}

	/** A list of names, or with {@code details=true} of details, of a tenant's entities in the request's context. */
	private ResponseEntity<byte[]> list(MultiValueMap<String, String> parameters, @Nullable String link,
			@Nullable String accept, @Nullable String tenant,
			java.util.function.BiFunction<String, jakarta.json.JsonArray, ? extends jakarta.json.JsonValue> names,
			java.util.function.BiFunction<String, jakarta.json.JsonArray, ? extends jakarta.json.JsonValue> details) {
		var format = EntitiesApi.format(accept);
		var detailed = details(parameters, LIST_PARAMETERS);
		var context = RequestContext.ofLink(link);
		var name = tenants.existing(tenant);
		return EntitiesApi.answer(ResponseEntity.ok(), (detailed ? details : names).apply(name, context.context()), context,
				format, null);
	}

	@GetMapping("/ngsi-ld/v1/attributes/{attribute}")
	ResponseEntity<byte[]> attribute(@PathVariable String attribute, @RequestParam MultiValueMap<String, String> parameters,
			@RequestHeader(name = HttpHeaders.LINK, required = false) @Nullable String link,
			@RequestHeader(name = HttpHeaders.ACCEPT, required = false) @Nullable String accept,
			@RequestHeader(name = EntitiesApi.TENANT, required = false) @Nullable String tenant) {
		var format = EntitiesApi.format(accept);
		details(parameters, ONE_PARAMETERS);
		var context = RequestContext.ofLink(link);
		return EntitiesApi.answer(ResponseEntity.ok(),
				discovery.attribute(tenants.existing(tenant), checkedName(attribute), context.context()), context, format,
				null);
	}

	/** Refuses parameters the operation does not take; whether {@code details=true}. */
	private static boolean details(MultiValueMap<String, String> parameters, Set<String> taken) {
		for (var name : parameters.keySet()) {
			if (!taken.contains(name)) {
				throw new HubRefused(Type.INVALID_REQUEST, "unknown parameter " + name);
			}
		}
		var details = EntitiesApi.single(parameters, "details");
		if (details == null || details.equals("false")) {
			return false;
		}
		if (details.equals("true")) {
			return true;
		}
		throw new HubRefused(Type.BAD_REQUEST_DATA, "details is true or false");
	}

	private static String checkedName(String name) {
		if (name.isBlank() || name.length() > 1024 || name.indexOf('\u0000') >= 0 || name.chars().anyMatch(Character::isISOControl)) {
			throw new HubRefused(Type.BAD_REQUEST_DATA, "a type or attribute is a name or an IRI of at most 1,024 characters");
		}
		return name;
	}
}
