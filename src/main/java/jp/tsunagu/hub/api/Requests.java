package jp.tsunagu.hub.api;

import static jp.tsunagu.hub.jsonld.Jsons.JSON;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

import jakarta.json.JsonValue;
import jp.tsunagu.hub.HubRefused;
import jp.tsunagu.hub.HubRefused.Type;
import jp.tsunagu.hub.NgsiLd;

/** Reading the hub's requests: bodies, the same for every endpoint. */
final class Requests {

	private Requests() {
	}

	/** A request's JSON body: JSON or JSON-LD (else 415), at most 1 MB, no NUL, no member given twice. */
	/** Parsson, refusing an object that names a member twice (JSON-P 2.1's key strategy NONE). */
	private static final jakarta.json.JsonReaderFactory STRICT = JSON.createReaderFactory(
			java.util.Map.of(jakarta.json.JsonConfig.KEY_STRATEGY, jakarta.json.JsonConfig.KeyStrategy.NONE));

	static JsonValue json(HttpServletRequest request, @Nullable String contentType) {
		var type = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(java.util.Locale.ROOT);
		if (!type.equals("application/json") && !type.equals(NgsiLd.JSON_LD)) {
			throw new EntitiesApi.UnsupportedMediaType();
		}
		if (request.getContentLengthLong() > EntitiesApi.MAX_BODY) {
			throw new HubRefused(Type.BAD_REQUEST_DATA, HttpStatus.CONTENT_TOO_LARGE, "the body is over 1 MB");
		}
		String text;
		try (var in = request.getInputStream()) {
			var bytes = in.readNBytes(EntitiesApi.MAX_BODY + 1);
			if (bytes.length > EntitiesApi.MAX_BODY) {
				throw new HubRefused(Type.BAD_REQUEST_DATA, HttpStatus.CONTENT_TOO_LARGE, "the body is over 1 MB");
			}
			text = new String(bytes, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new HubRefused(Type.INVALID_REQUEST, "the body could not be read");
		}
		if (text.isBlank()) {
			throw new HubRefused(Type.INVALID_REQUEST, "the body is empty");
		}
		if (text.indexOf('\u0000') >= 0 || text.contains("\\u0000")) {
			throw new HubRefused(Type.BAD_REQUEST_DATA, "the body holds a NUL character");
		}
		// one strict read: a member given twice is refused, as on every JSON API here
		try (var reader = STRICT.createReader(new StringReader(text))) {
			return reader.readValue();
		}
		catch (jakarta.json.JsonException ex) {
			throw new HubRefused(Type.INVALID_REQUEST, "the body is not valid JSON");
		}
		catch (NumberFormatException ex) {
			// JSON allows 1e99999999999; no number here can be that
			throw new HubRefused(Type.BAD_REQUEST_DATA, "the body holds a number out of range");
		}
	}

	/** A request's body that must be a JSON object, not empty (else InvalidRequest). */
	static jakarta.json.JsonObject object(HttpServletRequest request, @Nullable String contentType, boolean mayBeEmpty) {
		if (!(json(request, contentType) instanceof jakarta.json.JsonObject object)) {
			throw new HubRefused(Type.INVALID_REQUEST, "the body is not a JSON object");
		}
		if (object.isEmpty() && !mayBeEmpty) {
			throw new HubRefused(Type.INVALID_REQUEST, "the body is an empty object");
		}
		return object;
	}

	/**
	 * Refuses a request with a parameter not among these as BadRequestData ("unknown parameter"):
	 * the hub answers what it was asked or says what it does not read, never ignores a part.
	 */
	static void known(org.springframework.util.MultiValueMap<String, String> parameters, java.util.Set<String> known) {
		for (var name : parameters.keySet()) {
			if (!known.contains(name)) {
				throw new jp.tsunagu.hub.HubRefused(jp.tsunagu.hub.HubRefused.Type.BAD_REQUEST_DATA, "unknown parameter " + name);
			}
		}
	}

	/**
	 * Checks a body is a Query (5.2.23) of only these members; {@code whyNot} says why a member is
	 * not read here.
	 */
	static void query(jakarta.json.JsonObject body, java.util.Set<String> members,
			java.util.function.UnaryOperator<String> whyNot) {
		if (!(body.get("type") instanceof jakarta.json.JsonString type) || !type.getString().equals("Query")) {
			throw new jp.tsunagu.hub.HubRefused(jp.tsunagu.hub.HubRefused.Type.BAD_REQUEST_DATA, "a query's type is \"Query\"");
		}
		for (var name : body.keySet()) {
			if (!members.contains(name)) {
				throw new jp.tsunagu.hub.HubRefused(jp.tsunagu.hub.HubRefused.Type.BAD_REQUEST_DATA, whyNot.apply(name));
			}
		}
	}
}
