package jp.tsunagu.events;

/** No such event, or it is over. */
public class EventNotFound extends RuntimeException {

	public EventNotFound() {
		super("No such event");
	}
}
