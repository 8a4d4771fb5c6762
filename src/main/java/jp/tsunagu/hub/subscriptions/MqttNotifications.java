package jp.tsunagu.hub.subscriptions;

import static jp.tsunagu.hub.jsonld.Jsons.JSON;

import jp.tsunagu.hub.internal.SubscriptionRows;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;

/**
 * Notifications to MQTT endpoints ({@code mqtt://[user[:password]@]host[:port]/topic}, clause
 * 5.2.22 and annex on MQTT notification): the topic is the URI's path, the message is
 * {@code {"metadata": {Content-Type, Link, receiverInfo...}, "body": notification}}, published with
 * the QoS ({@code MQTT-QoS}, 0 unless given) and protocol version ({@code MQTT-Version}:
 * {@code mqtt3.1.1} unless {@code mqtt5.0}) that the endpoint's notifierInfo names, with Eclipse
 * Paho. One connection per endpoint serves a worker's run of notifications, and is closed after it,
 * so a broker restarted in between costs nothing but a new connection.
 */
final class MqttNotifications implements AutoCloseable {

	private final URI endpoint;

	private @Nullable Connection connection;

	private interface Connection extends AutoCloseable {

		void publish(String topic, byte[] message, int qos) throws Exception;

		@Override
		void close();
	}

	MqttNotifications(URI endpoint) {
		this.endpoint = endpoint;
	}

	/** Publishes one notification; null when the broker took it, else what went wrong. */
	@Nullable String send(SubscriptionRows.Waiting waiting, JsonObject headers) {
		var notifier = new java.util.HashMap<String, String>();
		var metadata = JSON.createObjectBuilder().add("Content-Type", waiting.contentType());
		headers.forEach((name, value) -> {
			var text = ((JsonString) value).getString();
			if (name.startsWith("notifier:")) {
				notifier.put(name.substring("notifier:".length()), text);
			}
			else {
				metadata.add(name, text);
			}
		});
		int qos;
		try {
			qos = Integer.parseInt(notifier.getOrDefault("MQTT-QoS", "0"));
		}
		catch (NumberFormatException ex) {
			qos = -1;
		}
		if (qos < 0 || qos > 2) {
			return "MQTT-QoS is 0, 1 or 2";
		}
		var version = notifier.getOrDefault("MQTT-Version", "mqtt3.1.1");
		if (!version.equals("mqtt3.1.1") && !version.equals("mqtt5.0")) {
			return "MQTT-Version is mqtt3.1.1 or mqtt5.0";
		}
		var topic = endpoint.getPath() == null || endpoint.getPath().length() <= 1 ? "" : endpoint.getPath().substring(1);
		if (topic.isEmpty() || topic.contains("#") || topic.contains("+")) {
			return "the endpoint names no topic to publish to";
		}
		JsonObject body;
		try (var reader = JSON.createReader(new java.io.StringReader(waiting.payload()))) {
			body = reader.readObject();
		}
		var message = JSON.createObjectBuilder().add("metadata", metadata).add("body", body).build().toString()
			.getBytes(StandardCharsets.UTF_8);
		try {
			if (connection == null) {
				connection = connect(version.equals("mqtt5.0"));
			}
			connection.publish(topic, message, qos);
			return null;
		}
		catch (Exception ex) {
			close();
			return "MQTT: " + ex.getMessage();
		}
	}

	private Connection connect(boolean five) throws Exception {
		boolean tls = "mqtts".equalsIgnoreCase(endpoint.getScheme());
		int port = endpoint.getPort() > 0 ? endpoint.getPort() : tls ? 8883 : 1883;
		var server = (tls ? "ssl://" : "tcp://") + endpoint.getHost() + ":" + port;
		String user = null;
		String password = null;
		if (endpoint.getRawUserInfo() != null) {
			var parts = endpoint.getRawUserInfo().split(":", 2);
			user = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
			password = parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : null;
		}
		var clientId = "tsunagu-hub-" + UUID.randomUUID().toString().substring(0, 12);
		if (five) {
			var client = new org.eclipse.paho.mqttv5.client.MqttClient(server, clientId,
					new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
			var options = new org.eclipse.paho.mqttv5.client.MqttConnectionOptions();
			options.setCleanStart(true);
			options.setConnectionTimeout(3);
			options.setAutomaticReconnect(false);
			if (user != null) {
				options.setUserName(user);
			}
			if (password != null) {
				options.setPassword(password.getBytes(StandardCharsets.UTF_8));
			}
			client.connect(options);
			return new Connection() {
				@Override
				public void publish(String topic, byte[] message, int qos) throws Exception {
					client.publish(topic, message, qos, false);
				}

				@Override
				public void close() {
					quietly(() -> client.disconnect(1000));
					quietly(client::close);
				}
			};
		}
		var client = new org.eclipse.paho.client.mqttv3.MqttClient(server, clientId,
				new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
		var options = new org.eclipse.paho.client.mqttv3.MqttConnectOptions();
		options.setCleanSession(true);
		options.setConnectionTimeout(3);
		options.setAutomaticReconnect(false);
		options.setMqttVersion(org.eclipse.paho.client.mqttv3.MqttConnectOptions.MQTT_VERSION_3_1_1);
		if (user != null) {
			options.setUserName(user);
		}
		if (password != null) {
			options.setPassword(password.toCharArray());
		}
		client.connect(options);
		return new Connection() {
			@Override
			public void publish(String topic, byte[] message, int qos) throws Exception {
				client.publish(topic, message, qos, false);
			}

			@Override
			public void close() {
				quietly(() -> client.disconnect(1000));
				quietly(client::close);
			}
		};
	}

	private interface Step {
		void run() throws Exception;
	}

	private static void quietly(Step step) {
		try {
			step.run();
		}
		catch (Exception ignored) {
			// closing a connection that is already gone
		}
	}

	@Override
	public void close() {
		if (connection != null) {
			connection.close();
			connection = null;
		}
	}

	/** An endpoint as a log may show it: without its user and password. */
	static String shown(URI endpoint) {
		return endpoint.getScheme() + "://" + endpoint.getHost() + (endpoint.getPort() > 0 ? ":" + endpoint.getPort() : "")
				+ endpoint.getPath();
	}
}
