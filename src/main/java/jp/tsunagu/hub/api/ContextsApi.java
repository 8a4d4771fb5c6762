package jp.tsunagu.hub.api;

import static jp.tsunagu.hub.jsonld.Jsons.JSON;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import jakarta.json.JsonValue;
import jp.tsunagu.hub.HubRefused;
import jp.tsunagu.hub.HubRefused.Type;
import jp.tsunagu.hub.Tenants;
import jp.tsunagu.hub.jsonld.ContextStore;

/**
 * {@code /ngsi-ld/v1/jsonldContexts} (NGSI-LD clause 5.13): add a context for the hub to host (201
 * with its Location), list the contexts (URLs, or with {@code details=true} what each is), serve one
 * ({@code application/json}, as it was sent or fetched; {@code details=true}: what it is), delete one
 * or, with {@code reload=true}, fetch a cached one again. A hosted context's URL is on the host the
 * request came to (behind a reverse proxy, the public one).
 */
@RestController
class ContextsApi {

	private static final String PATH = "/ngsi-ld/v1/jsonldContexts";

	private static final Set<String> KINDS = Set.of(ContextStore.HOSTED, ContextStore.CACHED, ContextStore.IMPLICITLY_CREATED);

	private final ContextStore store;


	ContextsApi(ContextStore store) {
		this.store = store;
	}

	@PostMapping({ PATH, PATH + "/" })
	ResponseEntity<byte[]> add(HttpServletRequest request,
			@RequestHeader(name = HttpHeaders.CONTENT_TYPE, required = false) @Nullable String contentType,
			@RequestHeader(name = EntitiesApi.TENANT, required = false) @Nullable String tenant) {
		JsonValue document = Requests.json(request, contentType);
		var localId = store.add(Tenants.checked(tenant), document);
		return ResponseEntity.created(URI.create(PATH + "/" + localId)).build();
	}

	@GetMapping({ PATH, PATH + "/" })
	ResponseEntity<byte[]> list(@RequestParam MultiValueMap<String, String> parameters,
			@RequestHeader(name = EntitiesApi.TENANT, required = false) @Nullable String tenant) {
		checkParameters(parameters, Set.of("details", "kind"));
		boolean details = bool(parameters, "details");
		var kind = EntitiesApi.single(parameters, "kind");
		if (kind != null && !KINDS.contains(kind)) {
			throw new HubRefused(Type.BAD_REQUEST_DATA, "kind is Hosted, Cached or ImplicitlyCreated");
		}
		var all = JSON.createArrayBuilder();
		for (var entry : store.list(Tenants.checked(tenant), kind)) {
			if (details) {
				all.add(entry.details());
			}
			else {
				all.add(entry.url());
			}
		}
		return json(all.build());
	}

	@GetMapping(PATH + "/{id}")
	ResponseEntity<byte[]> serve(@PathVariable String id, @RequestParam MultiValueMap<String, String> parameters,
			@RequestHeader(name = EntitiesApi.TENANT, required = false) @Nullable String tenant) {
		checkParameters(parameters, Set.of("details"));
		boolean details = bool(parameters, "details");
		var name = Tenants.checked(tenant);
		var entry = store.find(name, id).orElseThrow(() -> new HubRefused(Type.RESOURCE_NOT_FOUND, "no context " + id));
		if (details) {
			return json(entry.details());
		}
		return json(store.document(name, entry)
			.orElseThrow(() -> new HubRefused(Type.RESOURCE_NOT_FOUND, "the context " + id + " is no longer kept")));
	}

	@DeleteMapping(PATH + "/{id}")
	ResponseEntity<byte[]> delete(@PathVariable String id, @RequestParam MultiValueMap<String, String> parameters,
			@RequestHeader(name = EntitiesApi.TENANT, required = false) @Nullable String tenant) {
		checkParameters(parameters, Set.of("reload"));
		store.delete(Tenants.checked(tenant), id, bool(parameters, "reload"));
		return ResponseEntity.noContent().build();
	}

	private static void checkParameters(MultiValueMap<String, String> parameters, Set<String> taken) {
		Requests.known(parameters, taken);
	}

	private static boolean bool(MultiValueMap<String, String> parameters, String name) {
		var value = EntitiesApi.single(parameters, name);
		if (value == null || value.equals("false")) {
			return false;
		}
		if (value.equals("true")) {
			return true;
		}
		throw new HubRefused(Type.BAD_REQUEST_DATA, name + " is true or false");
	}

	/** Exactly {@code application/json}, as the standard has a served context. */
	private static ResponseEntity<byte[]> json(JsonValue body) {
		return ResponseEntity.ok()
			.header(HttpHeaders.CONTENT_TYPE, "application/json")
			.body(body.toString().getBytes(StandardCharsets.UTF_8));
	}
}
