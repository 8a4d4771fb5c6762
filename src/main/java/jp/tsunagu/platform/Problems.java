package jp.tsunagu.platform;

import java.net.URI;
import java.util.Locale;

import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * Builds RFC 9457 problem details with a stable {@code type} and a message in the reader's language
 * (Japanese by default). The title and detail come from {@code problem.<slug>.title/detail}.
 */
public final class Problems {

	public static final String TYPE_PREFIX = "https://tsunagu.example/problems/";

	private final MessageSource messages;

	public Problems(MessageSource messages) {
		this.messages = messages;
	}

	public ProblemDetail of(HttpStatus status, String slug, Locale locale, Object... args) {
		var problem = ProblemDetail.forStatusAndDetail(status,
				messages.getMessage("problem." + slug + ".detail", args, locale));
		problem.setType(URI.create(TYPE_PREFIX + slug));
		problem.setTitle(messages.getMessage("problem." + slug + ".title", null, locale));
		return problem;
	}
}
