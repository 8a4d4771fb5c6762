package jp.tsunagu.bench;

/**
 * One operation went wrong. {@code kind} groups failures in the report (it names the step and the
 * status, never a token or code); {@code detail} is kept for the first few of each kind.
 */
final class BenchFailure extends Exception {

	private static final long serialVersionUID = 1L;

	private final String kind;

	BenchFailure(String kind, String detail) {
		super(detail == null || detail.isBlank() ? kind : kind + ": " + detail, null, false, false);
		this.kind = kind;
	}

	BenchFailure(String kind) {
		this(kind, null);
	}

	String kind() {
		return kind;
	}
}
