package jp.tsunagu.platform;

import java.util.List;
import java.util.UUID;

/**
 * Something waiting for a resident that shows on their home screen until it is dealt with
 * (SENIOR-UX): a reserved pickup, a coupon about to lapse. Modules contribute a
 * {@link Waiting.Source} bean; the home screen asks every one of them.
 *
 * @param text what to say, already in the resident's words (a module words it with its own messages)
 * @param action the words on the button
 * @param path where the button leads
 */
public record Waiting(String text, String action, String path) {

	/** A module's things waiting for one resident (the account's id), soonest first. */
	@FunctionalInterface
	public interface Source {

		List<Waiting> of(UUID resident);
	}
}
