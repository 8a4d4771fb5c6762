package jp.tsunagu.identity.internal;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * One database transaction per token request: the authorization it reads, the refresh token it
 * spends and the authorization it saves commit together or not at all, with one commit instead of
 * one per statement. Token errors are answered, not thrown, so they commit too (a revoked chain
 * stays revoked).
 */
final class TokenRequestTransaction extends OncePerRequestFilter {

	private final String endpoint;

	private final TransactionTemplate tx;

	TokenRequestTransaction(String endpoint, TransactionTemplate tx) {
		this.endpoint = endpoint;
		this.tx = tx;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !("POST".equals(request.getMethod()) && endpoint.equals(request.getServletPath()));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			tx.executeWithoutResult(status -> {
				try {
					chain.doFilter(request, response);
				}
				catch (IOException | ServletException ex) {
					throw new Failed(ex);
				}
			});
		}
		catch (Failed failed) {
			if (failed.getCause() instanceof IOException io) {
				throw io;
			}
			throw (ServletException) failed.getCause();
		}
	}

	private static final class Failed extends RuntimeException {

		Failed(Exception cause) {
			super(cause);
		}
	}
}
