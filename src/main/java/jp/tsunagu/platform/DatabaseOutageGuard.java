package jp.tsunagu.platform;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Outermost: when the database cannot be reached (also while the session is loaded or saved, which
 * happens outside any controller), the request in flight answers 503 with a problem detail or a
 * plain page, instead of the servlet container's bare 500.
 */
final class DatabaseOutageGuard extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(DatabaseOutageGuard.class);

	private final EdgeAnswers answers;

	DatabaseOutageGuard(EdgeAnswers answers) {
		this.answers = answers;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		catch (ServletException | IOException | RuntimeException ex) {
			if (!DatabaseUnavailable.causedIt(ex)) {
				throw ex;
			}
			log.warn("Database unavailable while answering {} {}: {}", request.getMethod(), request.getRequestURI(),
					ex.toString());
			answers.answer(request, response, HttpStatus.SERVICE_UNAVAILABLE, "unavailable");
		}
	}
}
