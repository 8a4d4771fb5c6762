package jp.tsunagu.hub.jsonld;

import static jp.tsunagu.hub.jsonld.Jsons.JSON;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import jp.tsunagu.hub.HubRefused;
import jp.tsunagu.hub.HubRefused.Type;
import jp.tsunagu.hub.Tenants;
import jp.tsunagu.hub.internal.ContextRows;

/**
 * The JSON-LD contexts of {@code /ngsi-ld/v1/jsonldContexts} (NGSI-LD clause 5.13): those the hub
 * hosts for its clients (kind Hosted, in the database, private to their tenant in this API), and
 * those it fetched from elsewhere and keeps (kind Cached, the core context among them; kept in each
 * instance's memory by {@link Contexts}, shared by all tenants). A hosted context is served at its
 * URL for any client to use; a cached one can be forgotten or fetched again.
 */
@Service
public class ContextStore {

	public static final String PATH = "/ngsi-ld/v1/jsonldContexts/";

	public static final String HOSTED = "Hosted";

	public static final String CACHED = "Cached";

	public static final String IMPLICITLY_CREATED = "ImplicitlyCreated";

	/** Most contexts one tenant may host. */
	public static final int MAX_PER_TENANT = 1_000;

	private final ContextRows rows;

	private final Contexts contexts;

	private final LinkedData ld;

	private final Tenants tenants;

	private final Clock clock;

	ContextStore(ContextRows rows, Contexts contexts, LinkedData ld, Tenants tenants, Clock clock) {
		this.rows = rows;
		this.contexts = contexts;
		this.ld = ld;
		this.tenants = tenants;
		this.clock = clock;
	}

	/** A context of the store: its URL (a hosted one's on this hub), id, kind, when it came, and its document if read. */
	public record Entry(String url, String localId, String kind, Instant createdAt) {

		public JsonObject details() {
			return JSON.createObjectBuilder()
				.add("URL", url)
				.add("localId", localId)
				.add("kind", kind)
				.add("createdAt", createdAt.truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString())
				.build();
		}
	}

	/**
	 * Hosts a context document ({@code {"@context": ...}}) for a tenant; its local id.
	 *
	 * @throws HubRefused InvalidRequest if it has no {@code @context}, BadRequestData if that is no context
	 */
	@Transactional
	public String add(String tenant, JsonValue document) {
		if (!(document instanceof JsonObject object) || !object.containsKey("@context")) {
			throw new HubRefused(Type.INVALID_REQUEST, "a context is a JSON object with an @context");
		}
		var context = object.get("@context");
		var all = context instanceof JsonArray array ? array : JSON.createArrayBuilder().add(context).build();
		for (var each : all) {
			if (!(each instanceof JsonObject) && !(each instanceof JsonString)) {
				throw new HubRefused(Type.BAD_REQUEST_DATA, "an @context is a URL, an object of terms, or a list of them");
			}
			if (each instanceof JsonString url && !url.getString().matches("https?://\\S+")) {
				throw new HubRefused(Type.BAD_REQUEST_DATA, "a context named in an @context is an http(s) URL");
			}
		}
		if (rows.count(tenant) >= MAX_PER_TENANT) {
			throw new HubRefused(Type.OPERATION_NOT_SUPPORTED, "a tenant hosts at most " + MAX_PER_TENANT + " contexts");
		}
		var localId = UUID.randomUUID().toString().replace("-", "");
		tenants.creating(tenant);
		rows.insert(tenant, localId, HOSTED, object.toString(), clock.instant());
		return localId;
	}

	/**
	 * Hosts the context a subscription was written in when it is no single URL (an object of terms,
	 * or a list), kind ImplicitlyCreated, so that its notifications can name it by one URL (5.13.1);
	 * that URL.
	 */
	public String implicit(String tenant, JsonValue context) {
		var localId = UUID.randomUUID().toString().replace("-", "");
		rows.insert(tenant, localId, IMPLICITLY_CREATED, JSON.createObjectBuilder().add("@context", context).build().toString(),
				clock.instant());
		return base() + PATH + localId;
	}

	/** Where this hub is, as the client of the request being answered reached it (the public host behind a proxy). */
	public static String base() {
		if (org.springframework.web.context.request.RequestContextHolder.getRequestAttributes() == null) {
			return "http://localhost";
		}
		return org.springframework.web.servlet.support.ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString();
	}

	/** The contexts a tenant sees, of a kind (all if none): its own hosted ones, then the cached ones. */
	@Transactional(readOnly = true)
	public List<Entry> list(String tenant, @Nullable String kind) {
		var base = base();
		var all = new ArrayList<Entry>();
		if (kind == null || !kind.equals(CACHED)) {
			for (var row : rows.list(tenant, kind)) {
				all.add(new Entry(base + PATH + row.localId(), row.localId(), row.kind(), row.createdAt()));
			}
		}
		if (kind == null || kind.equals(CACHED)) {
			for (var cached : contexts.cached()) {
				all.add(new Entry(cached.url(), idOf(cached.url()), CACHED, cached.fetchedAt()));
			}
		}
		return all;
	}

	/** A context by its local id, or a cached one by its URL (or its local id). */
	@Transactional(readOnly = true)
	public Optional<Entry> find(String tenant, String id) {
		var base = base();
		var row = rows.find(tenant, id);
		if (row.isPresent()) {
			var found = row.get();
			return Optional.of(new Entry(base + PATH + found.localId(), found.localId(), found.kind(), found.createdAt()));
		}
		for (var cached : contexts.cached()) {
			if (cached.url().equals(id) || idOf(cached.url()).equals(id) || Contexts.isCore(id) && Contexts.isCore(cached.url())) {
				return Optional.of(new Entry(cached.url(), idOf(cached.url()), CACHED, cached.fetchedAt()));
			}
		}
		return Optional.empty();
	}

	/** The document of a context of the store, as it was sent or fetched. */
	@Transactional(readOnly = true)
	public Optional<JsonStructure> document(String tenant, Entry entry) {
		if (entry.kind().equals(CACHED)) {
			return Optional.ofNullable(contexts.cachedDocument(entry.url()));
		}
		return rows.find(tenant, entry.localId()).map(row -> Jsons.object(row.body()));
	}

	/**
	 * Deletes a context (5.13.5): a hosted one for good, a cached one from memory (fetched again
	 * when next named); with {@code reload} a cached one is fetched again now instead.
	 *
	 * @throws HubRefused ResourceNotFound; BadRequestData to delete the core context, or to reload one not fetched
	 * @throws LinkedDataRefused (unavailable) if a reload cannot fetch it (the one kept stays)
	 */
	@Transactional
	public void delete(String tenant, String id, boolean reload) {
		var entry = find(tenant, id);
		if (reload) {
			if (entry.isEmpty() || !entry.get().kind().equals(CACHED)) {
				throw new HubRefused(Type.BAD_REQUEST_DATA, "only a context fetched from elsewhere is reloaded");
			}
			contexts.reload(entry.get().url());
			ld.forget();
			return;
		}
		var found = entry.orElseThrow(() -> new HubRefused(Type.RESOURCE_NOT_FOUND, "no context " + id));
		if (found.kind().equals(CACHED)) {
			if (Contexts.isCore(found.url())) {
				throw new HubRefused(Type.BAD_REQUEST_DATA, "the core context is always there; it can be reloaded, not deleted");
			}
			contexts.forget(found.url());
		}
		else {
			rows.delete(tenant, found.localId());
		}
		ld.forget();
	}

	/** The local id of a cached context: the first 128 bits of its URL's SHA-256, in hex. */
	static String idOf(String url) {
		try {
			var digest = MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest, 0, 16);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}
}
