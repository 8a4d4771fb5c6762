package jp.tsunagu.points;

/** A spend or a correction asked for more points than the resident holds; nothing moved. */
public class NotEnoughPoints extends RuntimeException {

	private final long balance;

	private final long asked;

	public NotEnoughPoints(long balance, long asked) {
		super("The resident holds " + balance + " points, " + asked + " were asked for");
		this.balance = balance;
		this.asked = asked;
	}

	public long balance() {
		return balance;
	}

	public long asked() {
		return asked;
	}
}
