package jp.tsunagu.events;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/** The event is offered to other areas than the resident's: they cannot sign up for it (403). */
@ResponseStatus(HttpStatus.FORBIDDEN)
public final class EventNotOffered extends RuntimeException {

	public EventNotOffered() {
		super("The event is not offered to the resident's area");
	}
}
