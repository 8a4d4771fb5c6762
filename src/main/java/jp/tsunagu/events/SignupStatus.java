package jp.tsunagu.events;

/** Where a resident stands for an event. */
public enum SignupStatus {
	SIGNED_UP, WAITLISTED, CANCELLED
}
