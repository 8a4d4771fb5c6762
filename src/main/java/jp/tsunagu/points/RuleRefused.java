package jp.tsunagu.points;

/** An award rule that cannot be: negative points, caps below the points or out of order, or beyond the budget. */
public class RuleRefused extends RuntimeException {

	private final String field;

	public RuleRefused(String field, String message) {
		super(message);
		this.field = field;
	}

	/** The field at fault, for the form: {@code points}, {@code dailyCap}, {@code monthlyCap}. */
	public String field() {
		return field;
	}
}
