package jp.tsunagu.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.net.http.HttpResponse;
import java.util.Comparator;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
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
}
