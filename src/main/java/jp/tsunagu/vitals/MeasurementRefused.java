package jp.tsunagu.vitals;

/**
 * A measurement that cannot be stored as given, naming the field and what is wrong with it (a
 * message key {@code vitals.refused.<problem>}): nothing of it, nor of the batch it came in, is stored.
 *
 * @param index which measurement of a batch, from 0
 */
public class MeasurementRefused extends RuntimeException {

	private final int index;

	private final String field;

	private final String problem;

	public MeasurementRefused(int index, String field, String problem) {
		super(field + ": " + problem);
		this.index = index;
		this.field = field;
		this.problem = problem;
	}

	public int index() {
		return index;
	}

	public String field() {
		return field;
	}

	public String problem() {
		return problem;
	}
}
