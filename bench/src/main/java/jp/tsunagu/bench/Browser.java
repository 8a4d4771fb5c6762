package jp.tsunagu.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One person's browser: its own cookie jar (the server is one host, so a name-to-value map is
 * enough), redirects never followed so that every hop is seen and checked. Not thread-safe: one
 * worker owns one browser. Several browsers may share an {@link HttpClient} (its connection pool).
 */
final class Browser {

	private final HttpClient http;

	private final Duration timeout;

	private final String acceptLanguage;

	private final Map<String, String> cookies = new LinkedHashMap<>();

	Browser(HttpClient http, Duration timeout, String acceptLanguage) {
		this.http = http;
		this.timeout = timeout;
		this.acceptLanguage = acceptLanguage;
	}

	static HttpClient newClient() {
		return HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
	}

	/** A new visitor: no session, no CSRF token. */
	void forget() {
		cookies.clear();
	}

	boolean hasCookie(String name) {
		return cookies.containsKey(name);
	}

	Page get(URI uri) throws IOException, InterruptedException {
		return send(request(uri).GET().build());
	}

	Page postForm(URI uri, List<Map.Entry<String, String>> fields) throws IOException, InterruptedException {
		return send(request(uri).header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(formEncode(fields)))
			.build());
	}

	private HttpRequest.Builder request(URI uri) {
		var builder = HttpRequest.newBuilder(uri)
			.timeout(timeout)
			.header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
			.header("Accept-Language", acceptLanguage)
			.header("User-Agent", "tsunagu-bench");
		if (!cookies.isEmpty()) {
			builder.header("Cookie", cookies.entrySet()
				.stream()
				.map(c -> c.getKey() + "=" + c.getValue())
				.collect(Collectors.joining("; ")));
		}
		return builder;
	}

	private Page send(HttpRequest request) throws IOException, InterruptedException {
		var response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		for (var header : response.headers().allValues("Set-Cookie")) {
			remember(header);
		}
		return new Page(response.statusCode(), request.uri(), response.body(),
				response.headers().firstValue("Location").map(request.uri()::resolve));
	}

	private void remember(String setCookie) {
		var parts = setCookie.split(";");
		int eq = parts[0].indexOf('=');
		if (eq <= 0) {
			return;
		}
		var name = parts[0].substring(0, eq).strip();
		var value = parts[0].substring(eq + 1).strip();
		boolean expired = value.isEmpty();
		for (int i = 1; i < parts.length; i++) {
			var attribute = parts[i].strip().toLowerCase(Locale.ROOT);
			if (attribute.equals("max-age=0") || attribute.startsWith("expires=thu, 01 jan 1970")) {
				expired = true;
			}
		}
		if (expired) {
			cookies.remove(name);
		}
		else {
			cookies.put(name, value);
		}
	}

	static String formEncode(List<Map.Entry<String, String>> fields) {
		return fields.stream()
			.map(f -> encode(f.getKey()) + "=" + encode(f.getValue()))
			.collect(Collectors.joining("&"));
	}

	static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

	/** A response as the benchmark needs it: status, body, and the resolved Location if any. */
	record Page(int status, URI uri, String body, Optional<URI> location) {

		boolean redirect() {
			return status == 302 || status == 303 || status == 301 || status == 307;
		}

		String describe() {
			return "HTTP " + status + location.map(l -> " -> " + shorten(l)).orElse("");
		}

		static String shorten(URI uri) {
			var path = uri.getRawPath();
			var query = uri.getRawQuery();
			if (query == null) {
				return path;
			}
			// Keep only parameter names (and well-known flags), never codes or tokens
			var names = java.util.Arrays.stream(query.split("&"))
				.map(p -> p.contains("=") ? p.substring(0, p.indexOf('=')) : p)
				.collect(Collectors.joining("&"));
			return path + "?" + names;
		}
	}
}
