package jp.tsunagu.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The subscriber of the notification phase: an HTTP server on 127.0.0.1 (an ephemeral port) that
 * takes the hub's notifications on {@code POST /notify}, answers 204 at once, and then reads each:
 * a {@code Notification} of the expected subscription whose {@code data} entities carry the
 * {@code numValue.observedAt} the load generator sent. Every PATCH has its own observedAt
 * ({@code base + n} ms), so the arrival is matched to the PATCH by that alone; the first arrival
 * of each is kept (its nanoTime), later ones are counted as duplicates (delivery is at least once).
 */
final class HubReceiver implements AutoCloseable {

	private final HttpServer server;

	private final ExecutorService executor = Executors.newFixedThreadPool(2);

	private final Instant base;

	private volatile String subscriptionId = "";

	/** PATCH number → nanoTime of the first notification that carried it. */
	private final Map<Long, Long> arrived = new ConcurrentHashMap<>();

	private final AtomicLong requests = new AtomicLong();

	private final AtomicLong entities = new AtomicLong();

	private final AtomicLong duplicates = new AtomicLong();

	private final AtomicLong unmatched = new AtomicLong();

	private final AtomicLong lastArrival = new AtomicLong();

	private final AtomicReference<String> firstProblem = new AtomicReference<>();

	HubReceiver(Instant base) throws IOException {
		this.base = base;
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
		server.createContext("/notify", this::handle);
		server.setExecutor(executor);
		server.start();
	}

	String endpoint() {
		return "http://127.0.0.1:" + server.getAddress().getPort() + "/notify";
	}

	void expect(String subscriptionId) {
		this.subscriptionId = subscriptionId;
	}

	private void handle(HttpExchange exchange) throws IOException {
		byte[] body;
		String method = exchange.getRequestMethod();
		try (exchange) {
			body = exchange.getRequestBody().readAllBytes();
			exchange.sendResponseHeaders(204, -1);
		}
		long now = System.nanoTime();
		requests.incrementAndGet();
		lastArrival.set(now);
		if (!"POST".equals(method)) {
			problem("a " + method + " request on /notify");
			return;
		}
		read(new String(body, java.nio.charset.StandardCharsets.UTF_8), now);
	}

	@SuppressWarnings("unchecked")
	private void read(String text, long now) {
		try {
			var json = JSONObjectUtils.parse(text);
			if (!"Notification".equals(json.get("type"))) {
				problem("not a Notification: " + FhirBench.shorten(text));
				return;
			}
			if (!subscriptionId.equals(json.get("subscriptionId"))) {
				problem("a notification of another subscription: " + json.get("subscriptionId"));
				return;
			}
			if (!(json.get("data") instanceof List<?> data) || data.isEmpty()) {
				problem("a notification without data: " + FhirBench.shorten(text));
				return;
			}
			for (var element : data) {
				entities.incrementAndGet();
				if (!(element instanceof Map<?, ?> entity)
						|| !(((Map<String, Object>) entity).get("numValue") instanceof Map<?, ?> attribute)
						|| !(attribute.get("observedAt") instanceof String observedAt)) {
					problem("an entity without numValue.observedAt: " + FhirBench.shorten(String.valueOf(element)));
					continue;
				}
				long n = Instant.parse(observedAt).toEpochMilli() - base.toEpochMilli();
				if (HubData.number(String.valueOf(entity.get("id"))) < 0) {
					problem("an entity that is not one of the bench's: " + entity.get("id"));
					continue;
				}
				if (arrived.putIfAbsent(n, now) != null) {
					duplicates.incrementAndGet();
				}
			}
		}
		catch (java.text.ParseException | RuntimeException ex) {
			problem("unreadable notification (" + ex.getMessage() + "): " + FhirBench.shorten(text));
		}
	}

	private void problem(String what) {
		unmatched.incrementAndGet();
		firstProblem.compareAndSet(null, what);
	}

	/** nanoTime of the first notification carrying PATCH number {@code n}, or null. */
	Long arrival(long n) {
		return arrived.get(n);
	}

	long requests() {
		return requests.get();
	}

	long entities() {
		return entities.get();
	}

	long duplicates() {
		return duplicates.get();
	}

	/** Notifications (or entities in them) that could not be matched to a PATCH of this run. */
	long unmatched() {
		return unmatched.get();
	}

	String firstProblem() {
		return firstProblem.get();
	}

	long lastArrival() {
		return lastArrival.get();
	}

	@Override
	public void close() {
		server.stop(0);
		executor.shutdownNow();
	}
}
