package jp.tsunagu.hub;

import java.util.Set;

/** The IRIs and media types of the NGSI-LD API that the hub speaks (ETSI GS CIM 009 V1.8). */
public final class NgsiLd {

	/** The core context's published URL; the hub serves it from the class path and never fetches it. */
	public static final String CORE_CONTEXT = "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld";

	/** Where the core context lies on the class path. */
	public static final String CORE_CONTEXT_RESOURCE = "/hub/ngsi-ld-core-context-v1.8.jsonld";

	public static final String NS = "https://uri.etsi.org/ngsi-ld/";

	public static final String PROPERTY = NS + "Property";

	public static final String RELATIONSHIP = NS + "Relationship";

	public static final String GEO_PROPERTY = NS + "GeoProperty";

	public static final String LANGUAGE_PROPERTY = NS + "LanguageProperty";

	public static final String JSON_PROPERTY = NS + "JsonProperty";

	public static final String VOCAB_PROPERTY = NS + "VocabProperty";

	public static final String LIST_PROPERTY = NS + "ListProperty";

	public static final String LIST_RELATIONSHIP = NS + "ListRelationship";

	public static final String HAS_VALUE = NS + "hasValue";

	public static final String HAS_OBJECT = NS + "hasObject";

	public static final String HAS_LANGUAGE_MAP = NS + "hasLanguageMap";

	public static final String HAS_JSON = NS + "hasJSON";

	public static final String HAS_VOCAB = NS + "hasVocab";

	public static final String HAS_VALUE_LIST = NS + "hasValueList";

	public static final String HAS_OBJECT_LIST = NS + "hasObjectList";

	public static final String CREATED_AT = NS + "createdAt";

	public static final String MODIFIED_AT = NS + "modifiedAt";

	public static final String DATE_TIME = NS + "DateTime";

	/** The attribute types an entity's attribute may have, and the member each must hold. */
	public static final Set<String> ATTRIBUTE_TYPES = Set.of(PROPERTY, RELATIONSHIP, GEO_PROPERTY, LANGUAGE_PROPERTY,
			JSON_PROPERTY, VOCAB_PROPERTY, LIST_PROPERTY, LIST_RELATIONSHIP);

	/** The Link header's relation that names a JSON-LD context. */
	public static final String CONTEXT_RELATION = "http://www.w3.org/ns/json-ld#context";

	public static final String JSON_LD = "application/ld+json";

	/** The problem types of the standard (its clause 5.5.2). */
	public static final String ERRORS = "https://uri.etsi.org/ngsi-ld/errors/";

	private NgsiLd() {
	}

	/** The member holding an attribute's content, for its type. */
	public static String memberOf(String attributeType) {
		return switch (attributeType) {
			case RELATIONSHIP -> HAS_OBJECT;
			case LANGUAGE_PROPERTY -> HAS_LANGUAGE_MAP;
			case JSON_PROPERTY -> HAS_JSON;
			case VOCAB_PROPERTY -> HAS_VOCAB;
			case LIST_PROPERTY -> HAS_VALUE_LIST;
			case LIST_RELATIONSHIP -> HAS_OBJECT_LIST;
			default -> HAS_VALUE;
		};
	}
}
