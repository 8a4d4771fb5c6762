package jp.tsunagu.hub;

import java.io.StringReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;

import jakarta.json.Json;
import jakarta.json.JsonObject;

/**
 * A subscriber of the machine's Mosquitto (127.0.0.1:1883): the JSON messages published on a topic
 * filter, each with the topic it came on as {@code "topic"}. Without a broker the test is skipped,
 * unless CI requires one ({@code TSUNAGU_REQUIRE_MQTT}), where it fails.
 */
final class MqttListener implements AutoCloseable {

	static final int PORT = 1883;

	private final BlockingQueue<JsonObject> messages = new LinkedBlockingQueue<>();

	private final MqttClient client;

	private MqttListener(MqttClient client) {
		this.client = client;
	}

	/** Listening (QoS 1) to this topic filter, as this client id. */
	static MqttListener listen(String filter, String clientId) throws Exception {
		Assumptions.assumeTrue(reachable(PORT) || "true".equals(System.getenv("TSUNAGU_REQUIRE_MQTT")),
				"no MQTT broker on 127.0.0.1:1883 (apt-get install mosquitto)");
		var client = new MqttClient("tcp://127.0.0.1:" + PORT, clientId, new MemoryPersistence());
		var listener = new MqttListener(client);
		client.connect();
		client.subscribe(filter, 1, (name, message) -> {
			try (var json = Json.createReader(new StringReader(new String(message.getPayload(), StandardCharsets.UTF_8)))) {
				listener.messages.add(Json.createObjectBuilder(json.readObject()).add("topic", name).build());
			}
		});
		return listener;
	}

	/** The next message, or null if none comes within this time. */
	@Nullable JsonObject poll(long timeout, TimeUnit unit) throws InterruptedException {
		return messages.poll(timeout, unit);
	}

	private static boolean reachable(int port) {
		try (var socket = new java.net.Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
			return true;
		}
		catch (java.io.IOException ex) {
			return false;
		}
	}

	@Override
	public void close() throws Exception {
		if (client.isConnected()) {
			client.disconnect();
		}
		client.close();
	}
}
