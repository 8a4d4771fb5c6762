package jp.tsunagu.identity.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * Registered clients, remembered for a few seconds. Spring Authorization Server reads a client
 * (a query and a JSON parse) several times for every sign-in and token, and once more for every
 * authorization it loads; clients change only when an administrator registers one. Saving here
 * forgets at once; another instance sees a change within {@link #FOR}.
 */
final class CachedClients implements RegisteredClientRepository {

	static final Duration FOR = Duration.ofSeconds(30);

	private record Entry(RegisteredClient client, Instant until) {
	}

	private final RegisteredClientRepository delegate;

	private final Clock clock;

	private final Map<String, Entry> byId = new ConcurrentHashMap<>();

	private final Map<String, Entry> byClientId = new ConcurrentHashMap<>();

	CachedClients(RegisteredClientRepository delegate, Clock clock) {
		this.delegate = delegate;
		this.clock = clock;
	}

	@Override
	public void save(RegisteredClient client) {
		delegate.save(client);
		byId.remove(client.getId());
		byClientId.remove(client.getClientId());
	}

	@Override
	public @Nullable RegisteredClient findById(String id) {
		return cached(byId, id, delegate::findById);
	}

	@Override
	public @Nullable RegisteredClient findByClientId(String clientId) {
		return cached(byClientId, clientId, delegate::findByClientId);
	}

	private @Nullable RegisteredClient cached(Map<String, Entry> cache, String key,
			Function<String, @Nullable RegisteredClient> load) {
		var now = clock.instant();
		var entry = cache.get(key);
		if (entry != null && entry.until().isAfter(now)) {
			return entry.client();
		}
		var client = load.apply(key);
		if (client == null) {
			cache.remove(key);
			return null;
		}
		if (cache.size() > 10_000) {
			cache.clear();
		}
		cache.put(key, new Entry(client, now.plus(FOR)));
		return client;
	}
}
