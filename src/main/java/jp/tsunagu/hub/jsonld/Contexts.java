package jp.tsunagu.hub.jsonld;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import com.apicatalog.jsonld.JsonLdError;
import com.apicatalog.jsonld.JsonLdErrorCode;
import com.apicatalog.jsonld.document.Document;
import com.apicatalog.jsonld.document.JsonDocument;
import com.apicatalog.jsonld.http.media.MediaType;
import com.apicatalog.jsonld.loader.DocumentLoader;
import com.apicatalog.jsonld.loader.DocumentLoaderOptions;

import jp.tsunagu.hub.NgsiLd;

/**
 * Where JSON-LD contexts come from. The NGSI-LD core context (any of its published URLs) is read
 * once from the class path: the hub never asks the network for it. Any other context is fetched
 * over HTTP(S) when a request names it, with short time limits and a size limit, and kept in a
 * bounded cache ({@value #MAX_CACHED} contexts, each for {@link #KEEP}); a context that cannot be
 * had makes the request fail with {@code LdContextNotAvailable}, never a 500. Addresses of this
 * machine and of private networks are refused unless {@code tsunagu.hub.contexts.private-addresses}
 * allows them (a context URL must not become a way into the city's internal network). A context the
 * hub hosts itself ({@code /ngsi-ld/v1/jsonldContexts/<localId>}, on whatever host the client names
 * it) is read from the database, never over the network.
 */
@Component
public class Contexts implements DocumentLoader {

	static final int MAX_CACHED = 256;

	static final Duration KEEP = Duration.ofHours(1);

	static final int MAX_BYTES = 512 * 1024;

	private final JsonDocument core;

	private final HttpClient http = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(3))
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	private final boolean privateAddresses;

	private final Clock clock;

	private record Cached(JsonDocument document, Instant fetchedAt, Instant until) {
	}

	/** Where the contexts the hub hosts are found, by their local id; null if there is none. */
	public interface Hosted {

		@Nullable String document(String localId);
	}

	/** A context fetched from elsewhere and kept: its URL and when it was fetched. */
	public record Entry(String url, Instant fetchedAt) {
	}

	/** The path of a context the hub hosts. */
	public static final java.util.regex.Pattern HOSTED_PATH = java.util.regex.Pattern
		.compile("/ngsi-ld/v1/jsonldContexts/([A-Za-z0-9_-]{1,64})");

	private final Hosted hosted;

	private final Instant started;

	private final Map<String, Cached> cache = new LinkedHashMap<>(64, 0.75f, true) {
		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
			return size() > MAX_CACHED;
		}
	};

	Contexts(@Value("${tsunagu.hub.contexts.private-addresses:false}") boolean privateAddresses, Clock clock,
			Hosted hosted) {
		this.privateAddresses = privateAddresses;
		this.clock = clock;
		this.hosted = hosted;
		this.started = clock.instant();
		try (InputStream in = Contexts.class.getResourceAsStream(NgsiLd.CORE_CONTEXT_RESOURCE)) {
			if (in == null) {
				throw new IllegalStateException("the NGSI-LD core context is not on the class path");
			}
			this.core = JsonDocument.of(MediaType.JSON_LD, in);
			this.core.setDocumentUrl(URI.create(NgsiLd.CORE_CONTEXT));
		}
		catch (IOException | JsonLdError ex) {
			throw new IllegalStateException("cannot read the NGSI-LD core context", ex);
		}
	}

	/** Whether a URL names the NGSI-LD core context (of this or an earlier version of the standard). */
	public static boolean isCore(String url) {
		return url.startsWith("https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context") && url.endsWith(".jsonld");
	}

	@Override
	public Document loadDocument(URI url, DocumentLoaderOptions options) throws JsonLdError {
		var text = url.toString();
		if (isCore(text)) {
			return core;
		}
		var scheme = url.getScheme();
		if (!"http".equals(scheme) && !"https".equals(scheme)) {
			throw new JsonLdError(JsonLdErrorCode.LOADING_REMOTE_CONTEXT_FAILED, "only http and https contexts are read");
		}
		var own = url.getRawPath() == null ? null : HOSTED_PATH.matcher(url.getRawPath());
		if (own != null && own.matches() && url.getRawQuery() == null) {
			var document = hosted.document(own.group(1));
			if (document != null) {
				return parsed(document, url);
			}
		}
		synchronized (cache) {
			var cached = cache.get(text);
			if (cached != null && clock.instant().isBefore(cached.until())) {
				return cached.document();
			}
		}
		return fetched(url);
	}

	private JsonDocument fetched(URI url) throws JsonLdError {
		var fetched = fetch(url);
		var now = clock.instant();
		synchronized (cache) {
			cache.put(url.toString(), new Cached(fetched, now, now.plus(KEEP)));
		}
		return fetched;
	}

	/** The contexts fetched from elsewhere and kept now, the core context first (read from the class path at start). */
	public java.util.List<Entry> cached() {
		var all = new java.util.ArrayList<Entry>();
		all.add(new Entry(NgsiLd.CORE_CONTEXT, started));
		var now = clock.instant();
		synchronized (cache) {
			cache.forEach((url, cached) -> {
				if (now.isBefore(cached.until())) {
					all.add(new Entry(url, cached.fetchedAt()));
				}
			});
		}
		return all;
	}

	/** The document of a kept context (the core's for any of its URLs); null if it is not kept. */
	public jakarta.json.@Nullable JsonStructure cachedDocument(String url) {
		if (isCore(url)) {
			return core.getJsonContent().orElse(null);
		}
		synchronized (cache) {
			var cached = cache.get(url);
			return cached == null || !clock.instant().isBefore(cached.until()) ? null
					: cached.document().getJsonContent().orElse(null);
		}
	}

	/** Forgets a kept context, so that the next request naming it fetches it again; whether it was kept. */
	public boolean forget(String url) {
		synchronized (cache) {
			return cache.remove(url) != null;
		}
	}

	/**
	 * Fetches a kept context again now (the core context is read from the class path, as at start).
	 *
	 * @throws LinkedDataRefused (context unavailable) if it cannot be had; the one kept stays
	 */
	public void reload(String url) {
		if (isCore(url)) {
			return;
		}
		try {
			fetched(URI.create(url));
		}
		catch (JsonLdError | IllegalArgumentException ex) {
			throw new LinkedDataRefused(true, "the context " + url + " could not be fetched again");
		}
	}

	private static JsonDocument parsed(String document, URI url) throws JsonLdError {
		var parsed = JsonDocument.of(MediaType.JSON_LD, new java.io.StringReader(document));
		parsed.setDocumentUrl(url);
		return parsed;
	}

	private JsonDocument fetch(URI url) throws JsonLdError {
		if (!privateAddresses && isPrivate(url.getHost())) {
			throw new JsonLdError(JsonLdErrorCode.LOADING_REMOTE_CONTEXT_FAILED,
					"contexts on this machine or private networks are not read");
		}
		try {
			var request = HttpRequest.newBuilder(url)
				.timeout(Duration.ofSeconds(5))
				.header("Accept", "application/ld+json, application/json;q=0.9")
				.GET()
				.build();
			var response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
			try (var body = response.body()) {
				if (response.statusCode() != 200) {
					throw new JsonLdError(JsonLdErrorCode.LOADING_REMOTE_CONTEXT_FAILED,
							"the context answered " + response.statusCode());
				}
				var bytes = body.readNBytes(MAX_BYTES + 1);
				if (bytes.length > MAX_BYTES) {
					throw new JsonLdError(JsonLdErrorCode.LOADING_REMOTE_CONTEXT_FAILED, "the context is too large");
				}
				var document = JsonDocument.of(MediaType.JSON_LD, new ByteArrayInputStream(bytes));
				document.setDocumentUrl(url);
				return document;
			}
		}
		catch (IOException ex) {
			throw new JsonLdError(JsonLdErrorCode.LOADING_REMOTE_CONTEXT_FAILED, "the context could not be read", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new JsonLdError(JsonLdErrorCode.LOADING_REMOTE_CONTEXT_FAILED, "interrupted", ex);
		}
	}

	/** Whether a host is this machine, a private or link-local network, or cannot be resolved. */
	public static boolean isPrivate(@Nullable String host) {
		if (host == null || host.isBlank()) {
			return true;
		}
		try {
			for (var address : InetAddress.getAllByName(host)) {
				if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
						|| address.isAnyLocalAddress() || address.isMulticastAddress()
						|| (address.getAddress().length == 16 && (address.getAddress()[0] & 0xfe) == 0xfc)) {
					return true;
				}
			}
			return false;
		}
		catch (UnknownHostException ex) {
			return true;
		}
	}
}
