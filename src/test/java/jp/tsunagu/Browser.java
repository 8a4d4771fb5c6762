package jp.tsunagu;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.jsoup.Jsoup;

/**
 * A person's browser over real HTTP: keeps cookies, never follows redirects on its own (tests look
 * at each Location), and fills in the CSRF token the way a page's form would.
 */
public final class Browser {

	private final String base;

	private final HttpClient http;

	private final CookieManager cookies = new CookieManager();

	private final String[] headers;

	public Browser(int port) {
		this(port, Map.of());
	}

	/** A browser whose every request carries these headers too (e.g. the proxy's X-Forwarded-For). */
	public Browser(int port, Map<String, String> headers) {
		this.base = "http://localhost:" + port;
		this.http = HttpClient.newBuilder()
			.cookieHandler(cookies)
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		this.headers = headers.entrySet().stream().flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue()))
			.toArray(String[]::new);
	}

	public String base() {
		return base;
	}

	public CookieManager cookies() {
		return cookies;
	}

	public HttpResponse<String> get(String pathOrUrl) {
		return send(HttpRequest.newBuilder(uri(pathOrUrl)).header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8").GET().build());
	}

	/** A download (a PDF, a CSV, an image) as its bytes. */
	public HttpResponse<byte[]> getForBytes(String path) {
		try {
			var request = HttpRequest.newBuilder(uri(path)).GET();
			if (headers.length > 0) {
				request.headers(headers);
			}
			return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
		}
		catch (IOException | InterruptedException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public HttpResponse<byte[]> postForBytes(String path, List<Map.Entry<String, String>> fields) {
		try {
			var request = form(path, fields);
			if (headers.length > 0) {
				request = HttpRequest.newBuilder(request, (name, value) -> true).headers(headers).build();
			}
			return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
		}
		catch (IOException | InterruptedException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Posts a form as the page at {@code pagePath} would, with that page's CSRF token. */
	public HttpResponse<String> submit(String pagePath, String action, List<Map.Entry<String, String>> fields) {
		var csrf = csrfOf(get(pagePath).body());
		var all = new java.util.ArrayList<>(fields);
		all.add(Map.entry("_csrf", csrf));
		return send(form(action, all));
	}

	public HttpResponse<String> post(String action, List<Map.Entry<String, String>> fields) {
		return send(form(action, fields));
	}

	/** Signs in through the login form; returns where the server sent the browser next. */
	public String signIn(String login, String password) {
		var response = submit("/login", "/login", List.of(Map.entry("username", login), Map.entry("password", password)));
		return response.headers().firstValue("Location").orElse("");
	}

	public static String csrfOf(String html) {
		var input = Jsoup.parse(html).selectFirst("input[name=_csrf]");
		if (input == null) {
			throw new IllegalStateException("No CSRF token on the page");
		}
		return input.attr("value");
	}

	private HttpRequest form(String path, List<Map.Entry<String, String>> fields) {
		var body = fields.stream()
			.map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
			.collect(Collectors.joining("&"));
		return HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
	}

	private HttpResponse<String> send(HttpRequest request) {
		if (headers.length > 0) {
			request = HttpRequest.newBuilder(request, (name, value) -> true).headers(headers).build();
		}
		try {
			return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		}
		catch (IOException | InterruptedException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private URI uri(String pathOrUrl) {
		return URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : base + pathOrUrl);
	}

	private static String enc(String s) {
		return URLEncoder.encode(s, StandardCharsets.UTF_8);
	}
}
