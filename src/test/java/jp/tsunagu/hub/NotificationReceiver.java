package jp.tsunagu.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

import jakarta.json.Json;
import jakarta.json.JsonObject;

/**
 * A subscriber's own HTTP server, as a partner's back end would run it: it serves the subscriber's
 * JSON-LD context at {@code /context.jsonld} and records the notifications POSTed to {@code /notify}.
 */
final class NotificationReceiver implements AutoCloseable {

	/** One request the receiver was sent. */
	record Received(String path, Map<String, List<String>> headers, JsonObject body) {
	}

	/** What the receiver was sent, in order. */
	final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

	/** How many more requests the receiver answers 503 before it answers 200. */
	final AtomicInteger refusals = new AtomicInteger();

	/** Where the subscriber's context is. */
	final String context;

	private final HttpServer server;

	private NotificationReceiver(HttpServer server) {
		this.server = server;
		this.context = "http://127.0.0.1:" + server.getAddress().getPort() + "/context.jsonld";
	}

	/** Serves this context document ({@code {"@context": ...}}) and takes notifications until closed. */
	static NotificationReceiver start(String contextDocument) throws java.io.IOException {
		var server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		var receiver = new NotificationReceiver(server);
		var contextBytes = contextDocument.getBytes(StandardCharsets.UTF_8);
		server.createContext("/context.jsonld", exchange -> {
			exchange.getResponseHeaders().add("Content-Type", "application/ld+json");
			exchange.sendResponseHeaders(200, contextBytes.length);
			exchange.getResponseBody().write(contextBytes);
			exchange.close();
		});
		server.createContext("/notify", exchange -> {
			var body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			if (receiver.refusals.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
				exchange.sendResponseHeaders(503, -1);
				exchange.close();
				return;
			}
			try (var json = Json.createReader(new StringReader(body))) {
				receiver.received.add(new Received(exchange.getRequestURI().getPath(),
						Map.copyOf(exchange.getRequestHeaders()), json.readObject()));
			}
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		server.start();
		return receiver;
	}

	/** The URI a subscription names to be notified here. */
	String endpoint() {
		return "http://127.0.0.1:" + server.getAddress().getPort() + "/notify";
	}

	/** The next notification, which comes within 10 s. */
	Received next() throws InterruptedException {
		var next = received.poll(10, TimeUnit.SECONDS);
		assertThat(next).as("a notification within 10 s").isNotNull();
		return next;
	}

	@Override
	public void close() {
		server.stop(0);
	}
}
