package jp.tsunagu.hub;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpServer;

/** A partner's own JSON-LD context, served over HTTP by a small server of the test, as a partner's web site would. */
final class UserContext implements AutoCloseable {

	private final HttpServer server;

	/** Where the context is. */
	final String url;

	private UserContext(HttpServer server, String url) {
		this.server = server;
		this.url = url;
	}

	/** Serves this context document ({@code {"@context": ...}}) until closed. */
	static UserContext serve(String document) throws java.io.IOException {
		var server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		var bytes = document.getBytes(StandardCharsets.UTF_8);
		server.createContext("/city.jsonld", exchange -> {
			exchange.getResponseHeaders().add("Content-Type", "application/ld+json");
			exchange.sendResponseHeaders(200, bytes.length);
			exchange.getResponseBody().write(bytes);
			exchange.close();
		});
		server.start();
		return new UserContext(server, "http://127.0.0.1:" + server.getAddress().getPort() + "/city.jsonld");
	}

	@Override
	public void close() {
		server.stop(0);
	}
}
