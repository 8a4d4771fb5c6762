package jp.tsunagu.platform;

import java.io.IOException;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;

/**
 * An API that answers refusals in its own standard's words instead of problem details, such as
 * FHIR's OperationOutcome on {@code /fhir}. {@link EdgeAnswers} asks each dialect whether it speaks
 * for a request before writing a problem detail; status and headers are set by then.
 */
public interface EdgeDialect {

	boolean speaks(HttpServletRequest request);

	/** Writes the body of a refusal with this status; {@code slug} names it as in the problem table. */
	void answer(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String slug, Locale locale)
			throws IOException;
}
