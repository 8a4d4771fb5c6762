package jp.tsunagu.hub.jsonld;

import static jp.tsunagu.hub.jsonld.Jsons.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;

import com.apicatalog.jsonld.JsonLd;
import com.apicatalog.jsonld.document.JsonDocument;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jp.tsunagu.hub.NgsiLd;

/**
 * The hub expands and compacts from contexts it processed once and keeps (see
 * {@link LinkedData}), not through titanium's front door, which processes the context on every
 * call. Whatever the entity and the context, the answer must be the one the front door gives:
 * here for seeded random NGSI-LD entities under the core context, a {@code @vocab} context, term
 * definitions and a type-scoped context, from many threads at once on the same kept contexts.
 */
class LinkedDataTests {

	private final Contexts contexts = new Contexts(false, Clock.systemUTC(), localId -> null);

	private final LinkedData ld = new LinkedData(contexts);

	private static final List<JsonArray> CONTEXTS = List.of(
			LinkedData.contextOf(List.of()),
			LinkedData.contextOf(List.of(object("{\"@vocab\": \"https://example.org/v/\"}"))),
			LinkedData.contextOf(List.of(object("""
					{"Sensor": "https://example.org/Sensor", "temperature": {"@id": "https://example.org/temperature"},
					 "owner": {"@id": "https://example.org/owner", "@type": "@id"}, "numValue": "https://example.org/num"}"""))),
			LinkedData.contextOf(List.of(object("""
					{"Shop": {"@id": "https://example.org/Shop", "@context": {"name": "https://example.org/shopName"}},
					 "open": "https://example.org/open"}"""))));

	private static final List<String> TYPES = List.of("Sensor", "Shop", "Building", "https://example.org/Other");

	private static final List<String> NAMES = List.of("temperature", "numValue", "name", "owner", "open", "location",
			"https://example.org/full/iri", "description", "snow_depth");

	@Test
	void whenEntitiesAreExpandedAndCompactedThenTheAnswersAreTitaniumsOwn() throws Exception {
		var random = new Random(18);
		var cases = new ArrayList<Callable<Void>>();
		for (int i = 0; i < 400; i++) {
			var entity = entity(random, i);
			var context = CONTEXTS.get(random.nextInt(CONTEXTS.size()));
			cases.add(() -> {
				var expanded = ld.expand(entity, context);
				assertThat(expanded).as("expanded %s", entity).isEqualTo(reference(entity, context));
				var again = ld.compact(expanded, context);
				assertThat(again).as("compacted %s", expanded).isEqualTo(referenceCompaction(expanded, context));
				return null;
			});
		}
		try (var pool = Executors.newFixedThreadPool(8)) {
			for (var done : pool.invokeAll(cases)) {
				done.get();
			}
		}
	}

	@Test
	void whenAPageIsCompactedTogetherThenEachEntityIsAsIfAlone() {
		var random = new Random(7);
		for (var context : CONTEXTS) {
			var nodes = new ArrayList<JsonObject>();
			for (int i = 0; i < 30; i++) {
				nodes.add(ld.expand(entity(random, i), context));
			}
			var together = ld.compactAll(nodes, context);
			assertThat(together).hasSize(nodes.size());
			for (int i = 0; i < nodes.size(); i++) {
				assertThat(together.get(i)).isEqualTo(referenceCompaction(nodes.get(i), context));
			}
			assertThat(ld.compactAll(List.of(), context)).isEmpty();
		}
	}

	/**
	 * A history is compacted from its instances' compactions, kept: the same answer as the whole
	 * node's, for random histories under the contexts above and under contexts that make a term a
	 * set, an index map or a language map (which must fall back to the whole node), read twice (the
	 * second time from what was kept).
	 */
	@Test
	void whenAHistoryIsCompactedInstanceByInstanceThenItIsAsIfWhole() {
		var random = new Random(21);
		var contexts = new ArrayList<>(CONTEXTS);
		contexts.add(LinkedData.contextOf(List.of(object("""
				{"numValue": {"@id": "https://example.org/num", "@container": "@set"},
				 "temperature": {"@id": "https://example.org/temperature", "@type": "@vocab"}}"""))));
		contexts.add(LinkedData.contextOf(List.of(object("""
				{"temperature": {"@id": "https://example.org/temperature", "@container": "@index"},
				 "description": {"@id": "https://example.org/description", "@container": "@language"}}"""))));
		long before = ld.pieced.get();
		for (int i = 0; i < 300; i++) {
			var context = contexts.get(random.nextInt(contexts.size()));
			var node = ld.expand(history(random, i), context);
			var whole = referenceCompaction(node, context);
			assertThat(pieced(node, context)).as("history %s under %s", node, context).isEqualTo(whole);
			assertThat(pieced(node, context)).as("again, from what was kept").isEqualTo(whole);
		}
		assertThat(ld.pieced.get() - before).as("histories made of their instances (not all fell back)").isGreaterThan(200);
	}

	@Test
	void whenTermsAreLookedUpThenTheyMeanWhatTheContextSays() {
		var own = CONTEXTS.get(2);
		assertThat(ld.expandTerm("temperature", own)).isEqualTo("https://example.org/temperature");
		assertThat(ld.expandType("Sensor", own)).isEqualTo("https://example.org/Sensor");
		assertThat(ld.compactTerm("https://example.org/temperature", own)).isEqualTo("temperature");
		assertThat(ld.expandTerm("temperature", CONTEXTS.get(0))).isEqualTo(NgsiLd.NS + "default-context/temperature");
		assertThat(ld.expandTerm("temperature", CONTEXTS.get(1))).as("the core context comes last, its @vocab with it")
			.isEqualTo(NgsiLd.NS + "default-context/temperature");
	}

	private JsonObject reference(JsonObject entity, JsonArray context) throws Exception {
		var withContext = JSON.createObjectBuilder(entity).add("@context", context).build();
		var expanded = JsonLd.expand(JsonDocument.of(withContext)).loader(contexts).get();
		assertThat(expanded).hasSize(1);
		return expanded.getJsonObject(0);
	}

	private JsonObject referenceCompaction(JsonObject expanded, JsonArray context) {
		try {
			var compacted = JsonLd.compact(JsonDocument.of(JSON.createArrayBuilder().add(expanded).build()),
					JsonDocument.of(JSON.createObjectBuilder().add("@context", context).build())).loader(contexts).get();
			return JSON.createObjectBuilder(compacted).remove("@context").build();
		}
		catch (com.apicatalog.jsonld.JsonLdError ex) {
			throw new AssertionError(ex);
		}
	}

	/** An expanded history compacted by its instances, as Temporal hands it over (each instance keyed by its text). */
	private JsonObject pieced(JsonObject node, JsonArray context) {
		var header = JSON.createObjectBuilder();
		var attributes = new java.util.LinkedHashMap<String, List<LinkedData.Instance>>();
		node.forEach((name, value) -> {
			if (name.startsWith("@")) {
				header.add(name, value);
			}
			else {
				attributes.put(name, value.asJsonArray().stream()
					.map(instance -> new LinkedData.Instance(instance.toString(), instance::asJsonObject))
					.toList());
			}
		});
		return ld.compactHistory(header.build(), attributes, context);
	}

	/** A random temporal entity in the compact form: attributes each a list of instances, with their instance ids. */
	private static JsonObject history(Random random, int n) {
		var entity = thing(random, n);
		int attributes = 1 + random.nextInt(3);
		for (int i = 0; i < attributes; i++) {
			var instances = JSON.createArrayBuilder();
			int count = 1 + random.nextInt(5);
			for (int j = 0; j < count; j++) {
				var attribute = attribute(random, 1);
				var one = attribute instanceof JsonArray array ? array.getJsonObject(0) : (JsonObject) attribute;
				instances.add(JSON.createObjectBuilder(one).add("instanceId", "urn:ngsi-ld:Instance:" + n + "-" + i + "-" + j));
			}
			entity.add(NAMES.get(random.nextInt(NAMES.size())), instances);
		}
		return entity.build();
	}

	/** A random NGSI-LD entity in the compact form: the attribute kinds and members the standard has. */
	private static JsonObject entity(Random random, int n) {
		var entity = thing(random, n);
		int attributes = 1 + random.nextInt(5);
		for (int i = 0; i < attributes; i++) {
			entity.add(NAMES.get(random.nextInt(NAMES.size())), attribute(random, 2));
		}
		return entity.build();
	}

	/** The id and a random type of a thing. */
	private static jakarta.json.JsonObjectBuilder thing(Random random, int n) {
		return JSON.createObjectBuilder().add("id", "urn:ngsi-ld:Thing:" + n).add("type", TYPES.get(random.nextInt(TYPES.size())));
	}

	private static JsonValue attribute(Random random, int depth) {
		var attribute = JSON.createObjectBuilder();
		switch (random.nextInt(5)) {
			case 0 -> attribute.add("type", "Relationship").add("object", "urn:ngsi-ld:Person:" + random.nextInt(9));
			case 1 -> attribute.add("type", "GeoProperty").add("value", JSON.createObjectBuilder().add("type", "Point")
				.add("coordinates", JSON.createArrayBuilder().add(141.35 + random.nextDouble() / 10).add(43.06)));
			case 2 -> attribute.add("type", "LanguageProperty")
				.add("languageMap", JSON.createObjectBuilder().add("ja", "札幌").add("en", "Sapporo"));
			default -> attribute.add("type", "Property").add("value", value(random));
		}
		if (random.nextInt(3) == 0) {
			attribute.add("observedAt", "2026-12-02T10:0" + random.nextInt(10) + ":00Z");
		}
		if (random.nextInt(4) == 0) {
			attribute.add("unitCode", "CEL");
		}
		if (random.nextInt(5) == 0) {
			attribute.add("datasetId", "urn:ngsi-ld:Dataset:" + random.nextInt(3));
		}
		if (depth > 0 && random.nextInt(3) == 0) {
			attribute.add(NAMES.get(random.nextInt(NAMES.size())), attribute(random, depth - 1));
		}
		if (random.nextInt(6) == 0) {
			return JSON.createArrayBuilder().add(attribute).add(JSON.createObjectBuilder().add("type", "Property")
				.add("value", value(random)).add("datasetId", "urn:ngsi-ld:Dataset:other")).build();
		}
		return attribute.build();
	}

	private static JsonValue value(Random random) {
		return switch (random.nextInt(6)) {
			case 0 -> JSON.createValue(random.nextInt(100));
			case 1 -> JSON.createValue(random.nextDouble() * 40 - 10);
			case 2 -> JSON.createValue("text " + random.nextInt(50));
			case 3 -> random.nextBoolean() ? JsonValue.TRUE : JsonValue.FALSE;
			case 4 -> JSON.createObjectBuilder().add("depth", random.nextInt(80)).add("unit", "cm").build();
			default -> JSON.createArrayBuilder().add(1).add("two").add(3.5).build();
		};
	}

	private static JsonObject object(String json) {
		try (var reader = JSON.createReader(new java.io.StringReader(json))) {
			return reader.readObject();
		}
	}
}
