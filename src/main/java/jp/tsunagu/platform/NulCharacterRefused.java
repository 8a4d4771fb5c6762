package jp.tsunagu.platform;

/** A request carried a NUL character (U+0000), which no text column may store (PostgreSQL refuses it). */
public final class NulCharacterRefused extends RuntimeException {

	public NulCharacterRefused() {
		super("NUL character in request");
	}
}
