package jp.tsunagu.hub.api;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives a request's {@code NGSILD-Tenant} back on its answer, refusals included (NGSI-LD clause
 * 6.3.14), so that a client sees which tenant was applied; ahead of the security filters, so a 401
 * says it too. A header that is not a tenant name is not repeated (it is refused as BadRequestData).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class TenantEcho extends OncePerRequestFilter {

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !request.getRequestURI().startsWith(HubProblems.PREFIX);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		var tenant = request.getHeader(EntitiesApi.TENANT);
		if (tenant != null && tenant.length() <= 64 && tenant.matches("[A-Za-z0-9_\\-]+")) {
			response.setHeader(EntitiesApi.TENANT, tenant);
		}
		chain.doFilter(request, response);
	}
}
