package jp.tsunagu.bench;

/**
 * A FHIR server under load, as the load generator needs it: who the residents are (the subject a
 * writer puts in an Observation, the {@code patient} a reader searches for) and the Authorization
 * header of each side (none on HAPI, whose default settings need no authentication).
 */
interface FhirTarget {

	/** {@code hapi} or {@code tsunagu}. */
	String id();

	String title();

	/**
	 * Makes the residents ({@code writers} to post the measured creates and Bundles, {@code searchers}
	 * whose three years of measurements are seeded, searched and read) and whatever the server needs
	 * before it accepts them; prints what it did.
	 */
	void prepare(int writers, int searchers) throws Exception;

	/** The {@code subject} of an Observation for writer {@code i} (a JSON object). */
	String writerSubject(int i);

	/** The {@code subject} of an Observation for searcher {@code i} (a JSON object). */
	String searcherSubject(int i);

	/** The {@code patient} search parameter naming searcher {@code i}. */
	String patient(int i);

	/** The Authorization header of the writing side (a measuring station), or null. */
	String writeAuthorization() throws Exception;

	/** The Authorization header of the reading side (a health partner), or null. */
	String readAuthorization() throws Exception;
}
