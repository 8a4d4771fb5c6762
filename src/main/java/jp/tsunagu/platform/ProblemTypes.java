package jp.tsunagu.platform;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

/**
 * The single table from fact to problem type: the rows every module contributes, plus the
 * platform's own for what the web layer itself refuses (a body it cannot read, a method or media
 * type it does not serve, a database it cannot reach). The JSON API edge and the page edge both
 * answer from it, so a fact means the same status on a screen and in an API.
 */
@Component
public class ProblemTypes {

	/** What the platform answers by status when no fact names the problem. */
	static final Map<HttpStatus, String> BY_STATUS = Map.ofEntries(Map.entry(HttpStatus.BAD_REQUEST, "validation"),
			Map.entry(HttpStatus.UNAUTHORIZED, "unauthorized"), Map.entry(HttpStatus.FORBIDDEN, "forbidden"),
			Map.entry(HttpStatus.NOT_FOUND, "not-found"), Map.entry(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed"),
			Map.entry(HttpStatus.NOT_ACCEPTABLE, "not-acceptable"), Map.entry(HttpStatus.CONFLICT, "conflict"),
			Map.entry(HttpStatus.CONTENT_TOO_LARGE, "too-large"),
			Map.entry(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type"),
			Map.entry(HttpStatus.UNPROCESSABLE_CONTENT, "validation"),
			Map.entry(HttpStatus.SERVICE_UNAVAILABLE, "unavailable"), Map.entry(HttpStatus.INTERNAL_SERVER_ERROR, "internal"));

	private final List<ProblemType> rows;

	private final Problems problems;

	ProblemTypes(List<ProblemType> contributed, Problems problems) {
		var all = new ArrayList<>(contributed);
		all.add(new ProblemType(NulCharacterRefused.class, HttpStatus.BAD_REQUEST, "nul-character"));
		this.rows = List.copyOf(all);
		this.problems = problems;
	}

	/** The row for this exception or its nearest superclass that has one. */
	public Optional<ProblemType> find(Throwable ex) {
		for (Class<?> c = ex.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
			for (var row : rows) {
				if (row.fact() == c) {
					return Optional.of(row);
				}
			}
		}
		return Optional.empty();
	}

	public ProblemDetail problem(ProblemType type, Locale locale) {
		return problems.of(type.status(), type.slug(), locale);
	}

	/** A problem for a status alone (a 415 from Spring MVC, a 503 when the database is away). */
	public ProblemDetail problem(HttpStatus status, Locale locale) {
		var slug = BY_STATUS.get(status);
		if (slug == null) {
			slug = status.is4xxClientError() ? "validation" : "internal";
		}
		return problems.of(status, slug, locale);
	}

	/** Every slug the table can answer, so a test can check each has its ja and en messages. */
	public Collection<String> slugs() {
		var slugs = new java.util.TreeSet<>(BY_STATUS.values());
		rows.forEach(r -> slugs.add(r.slug()));
		return slugs;
	}
}
