package jp.tsunagu.hub.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jp.tsunagu.hub.HubRefused;

/**
 * The query-language and geo-query parsers against junk: random text over the languages' own
 * characters, and valid queries with characters cut, doubled and swapped. Whatever comes in, the
 * parsers give a query or refuse it with the standard's problem (BadRequestData, TooComplexQuery),
 * and a parsed query evaluates on an entity without any other exception: nothing reaches the API
 * as a 500. (Jazzer, which the issue names, is not served here; a seeded generator runs in every
 * build instead, and prints its seed so that a failure can be replayed.)
 */
class QueryFuzzTests {

	private static final String Q_ALPHABET = "abcxyz_019.[](){}!=<>~;|,\"\\-+:/#@ eE TZ\u0000\u00e9日";

	private static final List<String> VALID = List.of("speed>25", "speed==10..40", "name~=(?i)^bus|a",
			"(a==1;b!=2)|c", "!heading", "speed.observedAt>=2026-12-01T10:00:00Z", "address[city]==\"Sapporo\"",
			"ref==urn:ngsi-ld:X:1", "a==\"x\",\"y\"", "https://example.org/a#b>=1.5e3", "t==12:00:00Z",
			"d<2026-12-01", "ref{speed}<50", "ref{name}~=Bus;!ref{a}");

	private static final JsonObject ENTITY = entity();

	@Test
	void qParserAndMatcherRefuseOrAnswerWhateverTheText() {
		long seed = Long.getLong("fuzz.seed", System.nanoTime());
		System.out.println("QueryFuzzTests seed " + seed);
		var random = new Random(seed);
		int parsed = 0;
		for (int i = 0; i < 20_000; i++) {
			var text = i % 2 == 0 ? randomText(random, Q_ALPHABET, 1 + random.nextInt(40)) : mutated(random);
			try {
				var query = QueryParser.parse(text).expanded(term -> "https://example.org/" + term);
				parsed++;
				QueryMatcher.matches(query, ENTITY, id -> java.util.Optional.of(ENTITY));
			}
			catch (HubRefused expected) {
				assertThat(expected.getMessage()).as(text).isNotBlank();
			}
		}
		assertThat(parsed).as("some of the junk is a query, so the matcher is exercised too").isGreaterThan(100);
	}

	@Test
	void aDateTimeInUtcReadsAsJavaTimeReadsIt() {
		long seed = Long.getLong("fuzz.seed", System.nanoTime());
		System.out.println("QueryFuzzTests date-time seed " + seed);
		var random = new Random(seed);
		var alphabet = "0123456789-:TZ.+ ";
		for (int i = 0; i < 20_000; i++) {
			String text;
			if (i % 2 == 0) {
				// a date-time near the common form, sometimes with a digit or a field out of range
				text = String.format("%04d-%02d-%02dT%02d:%02d:%02d%sZ", random.nextInt(3000), random.nextInt(14),
						random.nextInt(33), random.nextInt(26), random.nextInt(62), random.nextInt(62),
						random.nextBoolean() ? "" : "." + "123456789".substring(0, 1 + random.nextInt(9)));
			}
			else {
				text = "2026-12-01T10:00:00Z".substring(0, random.nextInt(21))
						+ randomText(random, alphabet, random.nextInt(12));
			}
			java.time.Instant expected;
			try {
				expected = java.time.OffsetDateTime.parse(text).toInstant();
			}
			catch (java.time.format.DateTimeParseException ex) {
				expected = null;
			}
			var read = QueryMatcher.instant(text);
			if (expected != null) {
				assertThat(read).as(text).isEqualTo(expected);
			}
			else if (text.endsWith("Z") && text.length() >= 20) {
				assertThat(read).as(text + " is no date-time").isNull();
			}
		}
	}

	@Test
	void aLinkedEntitySubqueryLooksIntoTheEntityItsRelationshipNames() {
		var query = QueryParser.parse("ref{speed}<50").expanded(term -> "https://example.org/" + term);
		assertThat(query.toString()).contains("ref{https://example.org/speed}");
		var linkedSpeeds = new java.util.HashMap<String, JsonObject>();
		assertThat(QueryMatcher.matches(query, ENTITY, id -> java.util.Optional.ofNullable(linkedSpeeds.get(id))))
			.as("no linked entity: nothing to compare").isFalse();
		linkedSpeeds.put("urn:ngsi-ld:X:1", ENTITY);
		assertThat(QueryMatcher.matches(query, ENTITY, id -> java.util.Optional.ofNullable(linkedSpeeds.get(id))))
			.as("the linked entity's speed is 30").isTrue();
		assertThat(QueryMatcher.matches(QueryParser.parse("ref{speed}>50").expanded(term -> "https://example.org/" + term),
				ENTITY, id -> java.util.Optional.ofNullable(linkedSpeeds.get(id)))).isFalse();
		assertThat(QueryMatcher.matches(query, ENTITY)).as("without linked entities a subquery finds nothing").isFalse();
		assertThatThrownBy(() -> QueryParser.parse("ref{speed<50")).isInstanceOf(HubRefused.class);
	}

	@Test
	void geoParserRefusesOrAnswersWhateverTheText() {
		long seed = Long.getLong("fuzz.seed", System.nanoTime());
		System.out.println("QueryFuzzTests geo seed " + seed);
		var random = new Random(seed);
		var georels = List.of("near;maxDistance==1000", "near;minDistance==5", "near", "within", "contains", "intersects",
				"equals", "disjoint", "overlaps", "near;maxDistance==", "near;x==1", "within;a", "", "near;maxDistance==1e400");
		var geometries = List.of("Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon", "Circle",
				"", "point");
		var point = GeoJson.FACTORY.createPoint(new org.locationtech.jts.geom.Coordinate(141.35, 43.06));
		int parsed = 0;
		for (int i = 0; i < 20_000; i++) {
			var coordinates = switch (random.nextInt(3)) {
				case 0 -> randomText(random, "[],0123456789.-e \"", 1 + random.nextInt(30));
				case 1 -> nested(random, 1 + random.nextInt(4));
				default -> mutatedShape(random);
			};
			try {
				var geo = GeoQuery.of(georels.get(random.nextInt(georels.size())),
						geometries.get(random.nextInt(geometries.size())), coordinates, "location");
				if (geo != null) {
					parsed++;
					geo.matches(point);
					geo.searchBox();
				}
			}
			catch (HubRefused expected) {
				assertThat(expected.getMessage()).isNotBlank();
			}
		}
		assertThat(parsed).isGreaterThan(100);
	}

	@Test
	void aPatternThatBacktracksForeverIsStoppedAsTooComplex() {
		var query = QueryParser.parse("name~=(.*a){20}$").expanded(term -> "https://example.org/" + term);
		var entity = Json.createObjectBuilder()
			.add("https://example.org/name", Json.createArrayBuilder().add(Json.createObjectBuilder()
				.add("@type", Json.createArrayBuilder().add("https://uri.etsi.org/ngsi-ld/Property"))
				.add("https://uri.etsi.org/ngsi-ld/hasValue",
						Json.createArrayBuilder().add(Json.createObjectBuilder().add("@value", "a".repeat(30) + "!")))))
			.build();
		assertThatThrownBy(() -> QueryMatcher.matches(query, entity)).isInstanceOf(HubRefused.class)
			.hasMessageContaining("too long");
	}

	private static String mutated(Random random) {
		var text = new StringBuilder(VALID.get(random.nextInt(VALID.size())));
		for (int edits = 1 + random.nextInt(3); edits > 0 && !text.isEmpty(); edits--) {
			int at = random.nextInt(text.length());
			switch (random.nextInt(4)) {
				case 0 -> text.deleteCharAt(at);
				case 1 -> text.insert(at, text.charAt(at));
				case 2 -> text.setCharAt(at, Q_ALPHABET.charAt(random.nextInt(Q_ALPHABET.length())));
				default -> text.insert(at, VALID.get(random.nextInt(VALID.size())));
			}
		}
		return text.toString();
	}

	private static final List<String> SHAPES = List.of("[141.35,43.06]", "[[141.35,43.06],[141.36,43.07]]",
			"[[[141.3,43.0],[141.4,43.0],[141.4,43.1],[141.3,43.0]]]",
			"[[[[141.3,43.0],[141.4,43.0],[141.4,43.1],[141.3,43.0]]]]");

	private static String mutatedShape(Random random) {
		var text = new StringBuilder(SHAPES.get(random.nextInt(SHAPES.size())));
		if (random.nextInt(3) == 0) {
			int at = random.nextInt(text.length());
			text.setCharAt(at, "[],0123456789.-".charAt(random.nextInt(15)));
		}
		return text.toString();
	}

	private static String randomText(Random random, String alphabet, int length) {
		var text = new StringBuilder();
		for (int i = 0; i < length; i++) {
			text.append(alphabet.charAt(random.nextInt(alphabet.length())));
		}
		return text.toString();
	}

	private static String nested(Random random, int depth) {
		if (depth == 0) {
			return String.valueOf(random.nextInt(400) - 200 + random.nextDouble());
		}
		var items = new StringBuilder("[");
		for (int i = random.nextInt(5); i >= 0; i--) {
			items.append(nested(random, depth - 1)).append(i > 0 ? "," : "");
		}
		return items.append("]").toString();
	}

	private static JsonObject entity() {
		var text = """
				{"https://example.org/speed": [{"@type": ["https://uri.etsi.org/ngsi-ld/Property"],
				   "https://uri.etsi.org/ngsi-ld/hasValue": [{"@value": 30}],
				   "https://example.org/observedAt": [{"@type": "https://uri.etsi.org/ngsi-ld/DateTime", "@value": "2026-12-01T10:00:00Z"}]}],
				 "https://example.org/name": [{"@type": ["https://uri.etsi.org/ngsi-ld/Property"],
				   "https://uri.etsi.org/ngsi-ld/hasValue": [{"@value": "Bus 1"}]}],
				 "https://example.org/a": [{"@type": ["https://uri.etsi.org/ngsi-ld/Property"],
				   "https://uri.etsi.org/ngsi-ld/hasValue": [{"@list": [{"@value": 1}, {"@value": true}]}]}],
				 "https://example.org/address": [{"@type": ["https://uri.etsi.org/ngsi-ld/Property"],
				   "https://uri.etsi.org/ngsi-ld/hasValue": [{"https://example.org/city": [{"@value": "Sapporo"}]}]}],
				 "https://example.org/ref": [{"@type": ["https://uri.etsi.org/ngsi-ld/Relationship"],
				   "https://uri.etsi.org/ngsi-ld/hasObject": [{"@id": "urn:ngsi-ld:X:1"}]}]}
				""";
		try (var reader = Json.createReader(new StringReader(text))) {
			return reader.readObject();
		}
	}
}
