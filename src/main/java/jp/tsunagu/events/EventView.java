package jp.tsunagu.events;

import org.jspecify.annotations.Nullable;

/** An event with its seats counted, and the viewer's own sign-up if any. */
public record EventView(Event event, int signedUp, int waitlisted, @Nullable Signup mine) {

	public int seatsLeft() {
		return Math.max(0, event.capacity() - signedUp);
	}
}
