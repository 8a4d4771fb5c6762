package jp.tsunagu.events;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/** No such event, or it is over: a 404 page wherever it comes from. */
@ResponseStatus(HttpStatus.NOT_FOUND)
public class EventNotFound extends RuntimeException {

	public EventNotFound() {
		super("No such event");
	}
}
