package jp.tsunagu.vitals;

/**
 * What became of a measurement handed to {@link Vitals#record}: stored now, stored before (the same
 * reading: a retry), or refused because this device's reading of this kind at this time is stored
 * for the resident with another value.
 */
public record Recorded(Measurement measurement, Outcome outcome) {

	public enum Outcome {
		CREATED, EXISTING, CONFLICT
	}

	public boolean created() {
		return outcome == Outcome.CREATED;
	}
}
