package jp.tsunagu.platform;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.tomcat.util.http.InvalidParameterException;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses, before anything reads them, request texts no column can hold: a NUL character
 * (U+0000, which PostgreSQL refuses) in the path, a parameter name or value, or a header (400), and
 * a form body larger than Tomcat parses (413). One guard for every page and API instead of a check
 * per field; JSON strings get the same rule from {@link JsonInput}.
 */
final class RequestTextGuard extends OncePerRequestFilter {

	private final EdgeAnswers answers;

	RequestTextGuard(EdgeAnswers answers) {
		this.answers = answers;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			if (carriesNul(request)) {
				answers.answer(request, response, HttpStatus.BAD_REQUEST, "nul-character");
				return;
			}
		}
		catch (InvalidParameterException ex) {
			var status = HttpStatus.resolve(ex.getErrorCode());
			if (status == HttpStatus.CONTENT_TOO_LARGE) {
				answers.answer(request, response, status, "too-large");
			}
			else {
				answers.answer(request, response, HttpStatus.BAD_REQUEST, "validation");
			}
			return;
		}
		chain.doFilter(request, response);
	}

	private static boolean carriesNul(HttpServletRequest request) {
		if (hasNul(request.getRequestURI()) || hasNul(request.getQueryString())
				|| encodedNul(request.getRequestURI()) || encodedNul(request.getQueryString())) {
			return true;
		}
		for (var parameter : request.getParameterMap().entrySet()) {
			if (hasNul(parameter.getKey())) {
				return true;
			}
			for (var value : parameter.getValue()) {
				if (hasNul(value)) {
					return true;
				}
			}
		}
		for (var names = request.getHeaderNames(); names.hasMoreElements();) {
			for (var values = request.getHeaders(names.nextElement()); values.hasMoreElements();) {
				if (hasNul(values.nextElement())) {
					return true;
				}
			}
		}
		return false;
	}

	private static boolean hasNul(String text) {
		return text != null && text.indexOf('\u0000') >= 0;
	}

	private static boolean encodedNul(String raw) {
		return raw != null && raw.contains("%00");
	}
}
