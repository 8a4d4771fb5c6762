package jp.tsunagu.vitals;

/** Two posts of the same reading at the same moment on the embedded database: the loser may simply post again (503, Retry-After). */
public class MeasurementsRaced extends RuntimeException {

	public MeasurementsRaced(Throwable cause) {
		super("the same measurement was stored at the same moment", cause);
	}
}
