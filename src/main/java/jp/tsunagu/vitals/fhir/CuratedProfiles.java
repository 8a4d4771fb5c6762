package jp.tsunagu.vitals.fhir;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.ElementDefinition;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.ValueSet;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import jp.tsunagu.vitals.VitalKind;

/**
 * The part of the R4 specification that validating vitals' resources can reach, taken once at
 * start-up from the specification's own bundles that HAPI's default support reads (the same files
 * of {@code hapi-fhir-structures-r4}); the rest is let go. (HAPI's {@code DefaultProfileValidationSupport}
 * itself is not used: it keeps the whole specification in a static field for the life of the JVM.)
 * <p>
 * Kept: the StructureDefinitions of the resources vitals reads and writes ({@link #RESOURCES}) and of
 * the profiles it names, followed through their base definitions and the types, type profiles and
 * extensions of every element, all the way down to the primitive types; the resource types an
 * element may refer to, without their elements (the validator checks a reference's type against
 * them; it validates no referred resource here); the ValueSets bound to any of their elements and
 * the ValueSets and CodeSystems those include. UCUM, languages and the other common code systems
 * come from HAPI's {@code CommonCodeSystemsTerminologyService}, as before.
 * <p>
 * Not kept, so not validated against their definitions: resources of other types contained in an
 * Observation, and core extensions that no kept definition names (any extension is allowed, as in
 * HAPI's FhirInstanceValidator set as vitals sets it).
 */
final class CuratedProfiles {

	static final String CORE = "http://hl7.org/fhir/StructureDefinition/";

	/** The resources vitals reads (Observation, Bundle) and writes (those, OperationOutcome, CapabilityStatement). */
	static final List<String> RESOURCES = List.of("Observation", "Bundle", "OperationOutcome", "CapabilityStatement");

	private CuratedProfiles() {
	}

	static PrePopulatedValidationSupport of(FhirContext context) {
		var whole = Specification.read(context);
		var definitions = new LinkedHashMap<String, StructureDefinition>();
		var valueSets = new LinkedHashSet<String>();
		var queue = new ArrayDeque<String>();
		RESOURCES.forEach(r -> queue.add(CORE + r));
		for (var kind : VitalKind.values()) {
			queue.add(kind.profile());
		}
		Set<String> referredOnly = new LinkedHashSet<>();
		while (!queue.isEmpty()) {
			var url = queue.poll();
			if (definitions.containsKey(url)) {
				continue;
			}
			var definition = whole.fetchStructureDefinition(url);
			if (definition == null) {
				continue;
			}
			definitions.put(url, definition);
			referredOnly.remove(url);
			if (definition.hasBaseDefinition()) {
				queue.add(definition.getBaseDefinition());
			}
			for (var element : elements(definition)) {
				for (var type : element.getType()) {
					var code = type.getCode();
					if (code != null && !code.contains(":") && !code.contains("/")) {
						queue.add(CORE + code);
					}
					type.getProfile().forEach(p -> queue.add(p.getValue()));
					for (var target : type.getTargetProfile()) {
						if (!definitions.containsKey(target.getValue())) {
							referredOnly.add(target.getValue());
						}
					}
				}
				if (element.hasBinding() && element.getBinding().hasValueSet()) {
					valueSets.add(element.getBinding().getValueSet());
				}
			}
		}
		// a referred resource type: its definition (for its name and base), not what it holds
		for (var url : referredOnly) {
			var definition = whole.fetchStructureDefinition(url);
			if (definition != null) {
				definitions.put(url, definition);
				if (definition.hasBaseDefinition() && !definitions.containsKey(definition.getBaseDefinition())) {
					var base = whole.fetchStructureDefinition(definition.getBaseDefinition());
					if (base != null) {
						definitions.put(base.getUrl(), base);
					}
				}
			}
		}
		var curated = new PrePopulatedValidationSupport(context);
		definitions.values().forEach(d -> curated.addStructureDefinition(withoutProse(d)));
		var codeSystems = new LinkedHashMap<String, CodeSystem>();
		var sets = new ArrayDeque<>(valueSets);
		var seen = new LinkedHashMap<String, ValueSet>();
		while (!sets.isEmpty()) {
			var url = sets.poll();
			var bare = Specification.bare(url);
			if (seen.containsKey(bare)) {
				continue;
			}
			var set = whole.fetchValueSet(bare);
			if (set == null) {
				continue;
			}
			seen.put(bare, set);
			var includes = new java.util.ArrayList<ValueSet.ConceptSetComponent>(set.getCompose().getInclude());
			includes.addAll(set.getCompose().getExclude());
			for (var include : includes) {
				include.getValueSet().forEach(v -> sets.add(v.getValue()));
				if (include.hasSystem()) {
					codeSystem(whole, include.getSystem(), codeSystems);
				}
			}
			for (var contains : set.getExpansion().getContains()) {
				if (contains.hasSystem()) {
					codeSystem(whole, contains.getSystem(), codeSystems);
				}
			}
		}
		seen.values().forEach(v -> curated.addValueSet(v.setText(null)));
		codeSystems.values().forEach(c -> curated.addCodeSystem(c.setText(null)));
		org.slf4j.LoggerFactory.getLogger(CuratedProfiles.class)
			.info("FHIR validation support: {} StructureDefinitions, {} ValueSets, {} CodeSystems of the R4 specification",
					definitions.size(), seen.size(), codeSystems.size());
		return curated;
	}

	private static void codeSystem(Specification whole, String url, Map<String, CodeSystem> into) {
		if (!into.containsKey(url)) {
			var system = whole.fetchCodeSystem(url);
			if (system != null) {
				into.put(url, system);
			}
		}
	}

	/** The R4 specification's conformance resources by canonical URL, as the files hold them. */
	record Specification(Map<String, StructureDefinition> definitions, Map<String, ValueSet> valueSets,
			Map<String, CodeSystem> codeSystems) {

		/** The files HAPI's default support reads for R4 (its DefaultProfileValidationSupportBundleStrategy). */
		static final List<String> FILES = List.of("/org/hl7/fhir/r4/model/valueset/valuesets.xml",
				"/org/hl7/fhir/r4/model/valueset/v2-tables.xml", "/org/hl7/fhir/r4/model/valueset/v3-codesystems.xml",
				"/org/hl7/fhir/r4/model/profile/profiles-resources.xml", "/org/hl7/fhir/r4/model/profile/profiles-types.xml",
				"/org/hl7/fhir/r4/model/profile/profiles-others.xml",
				"/org/hl7/fhir/r4/model/extension/extension-definitions.xml");

		static Specification read(FhirContext context) {
			var spec = new Specification(new java.util.HashMap<>(), new java.util.HashMap<>(), new java.util.HashMap<>());
			var parser = context.newXmlParser().setParserErrorHandler(new ca.uhn.fhir.parser.LenientErrorHandler(false));
			for (var file : FILES) {
				try (var in = CuratedProfiles.class.getResourceAsStream(file)) {
					if (in == null) {
						throw new IllegalStateException("the R4 specification file " + file + " is not on the class path");
					}
					var bundle = parser.parseResource(org.hl7.fhir.r4.model.Bundle.class,
							new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
					for (var entry : bundle.getEntry()) {
						var resource = entry.getResource();
						if (resource == null) {
							continue;
						}
						// as HAPI's default support marks them: the core package
						resource.setUserData(DefaultProfileValidationSupport.SOURCE_PACKAGE_ID, "hl7.fhir.r4.core");
						switch (resource) {
							case StructureDefinition d -> spec.definitions.putIfAbsent(d.getUrl(), d);
							case ValueSet v -> spec.valueSets.putIfAbsent(v.getUrl(), v);
							case CodeSystem c -> spec.codeSystems.putIfAbsent(c.getUrl(), c);
							default -> {
							}
						}
					}
				}
				catch (java.io.IOException ex) {
					throw new java.io.UncheckedIOException(ex);
				}
			}
			return spec;
		}

		@org.jspecify.annotations.Nullable StructureDefinition fetchStructureDefinition(String url) {
			return definitions.get(bare(url));
		}

		@org.jspecify.annotations.Nullable ValueSet fetchValueSet(String url) {
			return valueSets.get(bare(url));
		}

		@org.jspecify.annotations.Nullable CodeSystem fetchCodeSystem(String url) {
			return codeSystems.get(bare(url));
		}

		/** A canonical URL without its {@code |version}. */
		static String bare(String url) {
			int bar = url.indexOf('|');
			return bar < 0 ? url : url.substring(0, bar);
		}
	}

	/**
	 * A definition without what is written for people (its narrative, the elements' comments,
	 * requirements and mappings to other standards): the validator reads none of it, and it is
	 * most of a definition's size.
	 */
	private static StructureDefinition withoutProse(StructureDefinition definition) {
		definition.setText(null);
		definition.getMapping().clear();
		for (var element : elements(definition)) {
			element.setComment(null);
			element.setRequirements(null);
			element.getMapping().clear();
		}
		return definition;
	}

	private static List<ElementDefinition> elements(StructureDefinition definition) {
		var all = new java.util.ArrayList<ElementDefinition>(definition.getSnapshot().getElement());
		all.addAll(definition.getDifferential().getElement());
		return all;
	}
}
