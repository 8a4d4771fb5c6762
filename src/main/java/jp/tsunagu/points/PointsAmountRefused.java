package jp.tsunagu.points;

/** An amount of points that is zero, negative where it may not be, or beyond what one entry may move. */
public class PointsAmountRefused extends RuntimeException {

	public PointsAmountRefused(long amount) {
		super("Not an amount of points one entry may move: " + amount);
	}
}
