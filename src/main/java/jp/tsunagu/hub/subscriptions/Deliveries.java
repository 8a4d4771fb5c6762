package jp.tsunagu.hub.subscriptions;

import static jp.tsunagu.hub.jsonld.Jsons.JSON;

import jp.tsunagu.hub.internal.SubscriptionRows;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import jp.tsunagu.hub.jsonld.Contexts;

/**
 * Delivers queued notifications, at least once: each endpoint is its own queue, delivered in order
 * by a worker of its own (a virtual thread), so one dead or slow endpoint holds up only its own
 * notifications. A failed attempt (no answer in 10 s, or an answer that is not 2xx) is tried again
 * after a backoff that doubles from 1 s to 5 minutes, for at most {@value #MAX_ATTEMPTS} attempts;
 * each attempt is counted on the subscription (timesSent, lastSuccess, lastFailure). Notifications
 * are taken from the database (several instances share the queue; PostgreSQL's SKIP LOCKED keeps
 * them apart), right after the change that queued them commits, and every half second otherwise,
 * so those left by a crash or a restart go out too.
 */
@Component
class Deliveries implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(Deliveries.class);

	static final int MAX_ATTEMPTS = 12;

	private static final int BATCH = 200;

	/** Delivered rows taken off the queue together: at most this many, or those of this long. */
	private static final int FLUSH_ROWS = 50;

	private static final long FLUSH_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

	private static final Duration LEASE = Duration.ofSeconds(60);

	private final SubscriptionRows rows;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final boolean privateEndpoints;

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(3))
		.followRedirects(HttpClient.Redirect.NEVER)
		.executor(Executors.newVirtualThreadPerTaskExecutor())
		.build();

	private final Map<String, Boolean> busy = new ConcurrentHashMap<>();

	private final Semaphore signal = new Semaphore(0);

	private volatile boolean running;

	private ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();

	private Thread taker;

	Deliveries(SubscriptionRows rows, TransactionTemplate transactions, Clock clock,
			@Value("${tsunagu.hub.notifications.private-addresses:false}") boolean privateEndpoints) {
		this.rows = rows;
		this.transactions = transactions;
		this.clock = clock;
		this.privateEndpoints = privateEndpoints;
	}

	/** Something was queued: look now rather than at the next half second. */
	void wake() {
		signal.release();
	}

	@Override
	public void start() {
		running = true;
		workers = Executors.newVirtualThreadPerTaskExecutor();
		taker = Thread.ofPlatform().daemon().name("hub-notifications").start(this::take);
	}

	@Override
	public void stop() {
		running = false;
		signal.release();
		workers.shutdownNow();
		try {
			taker.join(5000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	private void take() {
		while (running) {
			try {
				signal.tryAcquire(500, TimeUnit.MILLISECONDS);
				signal.drainPermits();
				boolean more = true;
				while (running && more) {
					more = takeOnce();
				}
			}
			catch (InterruptedException ex) {
				return;
			}
			catch (RuntimeException ex) {
				// the database may be away for a moment: the queue is still there when it is back
				log.warn("hub notifications: {}", ex.toString());
				sleep(1000);
			}
		}
	}

	/** Takes one batch and hands each endpoint's part to its worker; whether a whole batch was taken. */
	private boolean takeOnce() {
		var now = clock.instant();
		// the endpoints being delivered to are left out: their rows wait for their worker, unclaimed
		var working = java.util.Set.copyOf(busy.keySet());
		var claimed = transactions.execute(status -> rows.claim(now, now.plus(LEASE), BATCH, working));
		if (claimed == null || claimed.isEmpty()) {
			return false;
		}
		var byEndpoint = new LinkedHashMap<String, List<SubscriptionRows.Waiting>>();
		for (var waiting : claimed) {
			byEndpoint.computeIfAbsent(waiting.endpoint(), e -> new ArrayList<>()).add(waiting);
		}
		for (var queue : byEndpoint.entrySet()) {
			if (busy.putIfAbsent(queue.getKey(), true) != null) {
				// (only this thread starts workers, and busy endpoints are not claimed: a guard, so that no
				// claimed row is ever left claimed and forgotten)
				transactions.executeWithoutResult(status -> rows.release(ids(queue.getValue()), now));
				continue;
			}
			workers.submit(() -> deliver(queue.getKey(), queue.getValue()));
		}
		return claimed.size() == BATCH;
	}

	private void deliver(String endpoint, List<SubscriptionRows.Waiting> queue) {
		URI uri;
		try {
			uri = URI.create(endpoint);
		}
		catch (IllegalArgumentException ex) {
			uri = URI.create("http://invalid.invalid/");
		}
		var shown = MqttNotifications.shown(uri);
		var mqtt = uri.getScheme() != null && uri.getScheme().toLowerCase(java.util.Locale.ROOT).startsWith("mqtt")
				? new MqttNotifications(uri) : null;
		// delivered rows are taken off the queue a few at a time: a crash before that sends them again,
		// which at least once allows, and the queue is not committed to once per notification
		var done = new ArrayList<SubscriptionRows.Waiting>();
		long since = 0;
		try {
			for (int i = 0; i < queue.size(); i++) {
				var waiting = queue.get(i);
				var error = mqtt == null ? send(waiting)
						: !privateEndpoints && Contexts.isPrivate(uri.getHost()) ? "the endpoint is on a private network"
								: mqtt.send(waiting, headers(waiting));
				var at = clock.instant();
				if (error == null) {
					if (done.isEmpty()) {
						since = System.nanoTime();
					}
					done.add(waiting);
					if (done.size() >= FLUSH_ROWS || System.nanoTime() - since > FLUSH_NANOS) {
						flush(done, at);
					}
					continue;
				}
				int attempt = waiting.attempts() + 1;
				var backoff = Duration.ofSeconds(Math.min(300, 1L << Math.min(attempt - 1, 9)));
				var next = attempt >= MAX_ATTEMPTS ? null : at.plus(backoff);
				log.info("hub notification to {} failed ({}), attempt {}{}", shown, error, attempt,
						next == null ? ", given up" : ", again at " + next);
				var rest = ids(queue.subList(i + 1, queue.size()));
				transactions.executeWithoutResult(status -> {
					rows.failed(waiting, at, next);
					rows.release(rest, next == null ? at : next);
				});
				return;
			}
		}
		catch (RuntimeException ex) {
			log.warn("hub notifications to {}: {}", shown, ex.toString());
		}
		finally {
			try {
				// what is left of the run's deliveries (after an error too)
				flush(done, clock.instant());
			}
			catch (RuntimeException ex) {
				// left claimed: sent again when the lease runs out
				log.warn("hub notifications to {}: delivered, but not taken off the queue: {}", shown, ex.toString());
			}
			if (mqtt != null) {
				mqtt.close();
			}
			busy.remove(endpoint);
			wake();
		}
	}

	private void flush(List<SubscriptionRows.Waiting> done, Instant at) {
		if (done.isEmpty()) {
			return;
		}
		transactions.executeWithoutResult(status -> rows.delivered(done, at));
		done.clear();
	}

	/** Sends one notification; null when it was taken (2xx), else what went wrong. */
	private String send(SubscriptionRows.Waiting waiting) {
		URI uri;
		try {
			uri = URI.create(waiting.endpoint());
		}
		catch (IllegalArgumentException ex) {
			return "not a URI";
		}
		if (!privateEndpoints && Contexts.isPrivate(uri.getHost())) {
			return "the endpoint is on a private network";
		}
		var request = HttpRequest.newBuilder(uri)
			.timeout(Duration.ofSeconds(10))
			.header("Content-Type", waiting.contentType())
			.POST(HttpRequest.BodyPublishers.ofByteArray(waiting.payload().getBytes(StandardCharsets.UTF_8)));
		try {
			headers(waiting).forEach((name, value) -> {
				if (!name.startsWith("notifier:")) {
					request.header(name, ((jakarta.json.JsonString) value).getString());
				}
			});
		}
		catch (IllegalArgumentException ex) {
			return "a receiverInfo header is not allowed: " + ex.getMessage();
		}
		try {
			var response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
			return response.statusCode() / 100 == 2 ? null : "HTTP " + response.statusCode();
		}
		catch (java.io.IOException ex) {
			return ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": " + ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "interrupted";
		}
	}

	private static jakarta.json.JsonObject headers(SubscriptionRows.Waiting waiting) {
		try (var reader = JSON.createReader(new StringReader(waiting.headers()))) {
			return reader.readObject();
		}
	}

	private static List<Long> ids(List<SubscriptionRows.Waiting> waiting) {
		return waiting.stream().map(SubscriptionRows.Waiting::id).toList();
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}
}
