package jp.tsunagu.hub.jsonld;

import jakarta.json.spi.JsonProvider;

/**
 * The one JSON-P provider of the hub. {@code jakarta.json.Json.createObjectBuilder()} and its kin
 * look the provider up through the {@link java.util.ServiceLoader} on every call; under the data
 * hub benchmark that lookup took three quarters of the server's CPU (JFR, 10k entities). The hub
 * builds every JSON value through this one instance instead.
 */
public final class Jsons {

	/** Thread-safe: Parsson's provider keeps no per-call state. */
	public static final JsonProvider JSON = JsonProvider.provider();

	private Jsons() {
	}

	/** A JSON object the hub stored itself (an entity's body, a subscription), read back. */
	public static jakarta.json.JsonObject object(String stored) {
		try (var reader = JSON.createReader(new java.io.StringReader(stored))) {
			return reader.readObject();
		}
	}

	/** A JSON array the hub stored itself (a context), read back. */
	public static jakarta.json.JsonArray array(String stored) {
		try (var reader = JSON.createReader(new java.io.StringReader(stored))) {
			return reader.readArray();
		}
	}
}
