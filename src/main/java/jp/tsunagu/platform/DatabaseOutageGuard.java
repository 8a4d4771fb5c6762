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

	private final javax.sql.DataSource dataSource;

	DatabaseOutageGuard(EdgeAnswers answers, javax.sql.DataSource dataSource) {
		this.answers = answers;
		this.dataSource = dataSource;
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
			evictPooledConnections();
			answers.answer(request, response, HttpStatus.SERVICE_UNAVAILABLE, "unavailable");
		}
	}

	/**
	 * When the database dropped one connection it has usually dropped all of them (a restart, a
	 * failover, connections terminated): the pool lets go of every idle one now, and of the others when
	 * they come back, so the next requests get fresh connections instead of one 503 per dead one.
	 */
	private void evictPooledConnections() {
		try {
			if (dataSource.isWrapperFor(com.zaxxer.hikari.HikariDataSource.class)) {
				var pool = dataSource.unwrap(com.zaxxer.hikari.HikariDataSource.class).getHikariPoolMXBean();
				if (pool != null) {
					pool.softEvictConnections();
				}
			}
		}
		catch (java.sql.SQLException | RuntimeException cannotTell) {
			log.debug("Could not ask the pool to let go of its connections", cannotTell);
		}
	}
}
