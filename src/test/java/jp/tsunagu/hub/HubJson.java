package jp.tsunagu.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Comparator;
import java.util.Set;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/** Reading the hub's answers as the ETSI suite reads them: whole, arrays in any order, problems by their type. */
final class HubJson {

	private HubJson() {
	}

	static JsonObject object(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		if (response.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
			assertThat(response.body()).as("plain JSON carries no @context").doesNotContain("\"@context\"");
		}
		return (JsonObject) parse(response.body());
	}

	static JsonArray array(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return (JsonArray) parse(response.body());
	}

	static JsonValue parse(String text) {
		try (var json = Json.createReader(new StringReader(text))) {
			return json.readValue();
		}
	}

	static JsonObject without(JsonObject object, String member) {
		return Json.createObjectBuilder(object).remove(member).build();
	}

	/** Both the same JSON, arrays in any order (as the suite compares them): a member too many fails as one missing does. */
	static void assertSame(JsonValue actual, String expected) {
		assertThat(canonical(actual)).isEqualTo(canonical(parse(expected)));
	}

	private static String canonical(JsonValue value) {
		if (value instanceof JsonObject object) {
			var members = new java.util.TreeMap<String, String>();
			object.forEach((name, member) -> members.put(name, canonical(member)));
			return members.toString();
		}
		if (value instanceof JsonArray array) {
			return array.stream().map(HubJson::canonical).sorted(Comparator.naturalOrder()).toList().toString();
		}
		return value.toString();
	}

	/** A ProblemDetails of the standard's type, with a title. */
	static void assertProblem(HttpResponse<String> response, int status, String type) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		var problem = (JsonObject) parse(response.body());
		assertThat(problem.getString("type")).isEqualTo("https://uri.etsi.org/ngsi-ld/errors/" + type);
		assertThat(problem.getString("title")).isNotBlank();
	}

	// ---- as the suite reads an entity (DeepDiff, with its leniencies)

	static void assertEntity(JsonValue actual, String expected) {
		assertEntity(actual, expected, false);
	}

	/**
	 * Whole, as the suite's DeepDiff: arrays in any order, observedAt as an instant, createdAt, modifiedAt and
	 * deletedAt only as timestamps, @context as a string or a one-element array alike; members by these names left out
	 * at any depth, instanceIds too when asked.
	 */
	static void assertEntity(JsonValue actual, String expected, boolean ignoreInstanceIds, String... ignored) {
		var leftOut = new java.util.HashSet<>(Set.of(ignored));
		if (ignoreInstanceIds) {
			leftOut.add("instanceId");
		}
		assertSame(suiteView(actual, leftOut), suiteView(parse(expected), leftOut).toString());
	}

	static JsonValue suiteView(JsonValue value, Set<String> leftOut) {
		if (value instanceof JsonObject object) {
			var builder = Json.createObjectBuilder();
			object.forEach((name, member) -> {
				if (leftOut.contains(name)) {
					return;
				}
				if (name.equals("@context") && member instanceof JsonString) {
					builder.add(name, Json.createArrayBuilder().add(member));
				}
				else if (name.equals("observedAt") && member instanceof JsonString text && instant(text.getString()) != null) {
					builder.add(name, instant(text.getString()).toString());
				}
				else if (Set.of("createdAt", "modifiedAt", "deletedAt").contains(name) && member instanceof JsonString text
						&& instant(text.getString()) != null) {
					builder.add(name, "a timestamp");
				}
				else {
					builder.add(name, suiteView(member, leftOut));
				}
			});
			return builder.build();
		}
		if (value instanceof JsonArray array) {
			var builder = Json.createArrayBuilder();
			array.forEach(item -> builder.add(suiteView(item, leftOut)));
			return builder.build();
		}
		return value;
	}

	static Instant instant(String text) {
		try {
			return Instant.parse(text);
		}
		catch (java.time.format.DateTimeParseException notOne) {
			return null;
		}
	}


	static String withContext(String json, JsonValue value) {
		// the id placeholder is no JSON string until formatted: keep it through the parse
		var object = (JsonObject) parse(json.replace("%1$s", "ID-PLACEHOLDER"));
		return Json.createObjectBuilder(object).add("@context", value).build().toString().replace("ID-PLACEHOLDER", "%1$s");
	}
}
