package jp.tsunagu.points;

/** The programme's budget holds less than was to be given; nothing moved. */
public class BudgetExhausted extends RuntimeException {

	public BudgetExhausted(long left, long asked) {
		super("The programme's budget has " + left + " points left, " + asked + " were asked for");
	}
}
