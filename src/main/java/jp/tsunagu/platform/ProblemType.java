package jp.tsunagu.platform;

import java.net.URI;

import org.springframework.http.HttpStatus;

/**
 * One row of the problem table: an exception named as a fact ({@code EventNotFound}), the HTTP
 * status it means and the slug of its RFC 9457 type; the title and detail are the messages
 * {@code problem.<slug>.title/detail} in Japanese and English. Modules contribute their rows as
 * beans, as they contribute tiles; {@link ProblemTypes} is the whole table.
 */
public record ProblemType(Class<? extends Throwable> fact, HttpStatus status, String slug) {

	public ProblemType {
		if (!slug.matches("[a-z][a-z0-9-]*")) {
			throw new IllegalArgumentException("A problem slug is lower-case words joined by '-': " + slug);
		}
	}

	public URI type() {
		return URI.create(Problems.TYPE_PREFIX + slug);
	}
}
