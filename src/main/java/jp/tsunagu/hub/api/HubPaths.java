package jp.tsunagu.hub.api;

import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.accept.ContentNegotiationManager;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.security.web.firewall.FirewalledRequest;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * IRIs in paths: NGSI-LD names a type, an attribute or an entity by its IRI in a path segment
 * ({@code /types/https%3A%2F%2Fexample.org%2Fcity%23Building}), so a percent-encoded slash must
 * reach the hub as part of one segment. Tomcat refuses {@code %2F} by default; here it passes it
 * through undecoded (so no container or filter ever sees it as a path separator, and Spring MVC
 * decodes it into the path variable only), and Spring Security's firewall lets it through on
 * {@code /ngsi-ld/} only; everywhere else the platform refuses it as before.
 * <p>
 * And a handler mapping of the hub's own, asked first: Spring MVC finds the method for a path with
 * a variable in it ({@code /entities/{id}}) by trying every mapping of the application in turn,
 * which on a GET of one entity cost a sixth of the server's CPU (docs/hub.md); the hub's paths are
 * looked up among the hub's few dozen mappings only, and every other path passes by untouched.
 */
@Configuration(proxyBeanMethods = false)
class HubPaths {

	@Bean
	TomcatConnectorCustomizer encodedSlashesPassThrough() {
		return connector -> connector.setEncodedSolidusHandling("passthrough");
	}

	@Bean
	RequestMappingHandlerMapping hubHandlerMapping(
			@Qualifier("mvcContentNegotiationManager") ContentNegotiationManager negotiation) {
		var mapping = new HubHandlerMapping();
		mapping.setOrder(Ordered.HIGHEST_PRECEDENCE);
		mapping.setContentNegotiationManager(negotiation);
		return mapping;
	}

	/** The controllers of this package only, for paths under {@code /ngsi-ld/} only. */
	static final class HubHandlerMapping extends RequestMappingHandlerMapping {

		@Override
		protected boolean isHandler(Class<?> beanType) {
			return beanType.getPackageName().equals(HubPaths.class.getPackageName()) && super.isHandler(beanType);
		}

		@Override
		protected @Nullable HandlerMethod getHandlerInternal(HttpServletRequest request) throws Exception {
			var uri = request.getRequestURI();
			if (uri == null || !uri.startsWith(HubProblems.PREFIX)) {
				return null;
			}
			return super.getHandlerInternal(request);
		}
	}

	@Bean
	HttpFirewall firewall() {
		var strict = new StrictHttpFirewall();
		var hub = new StrictHttpFirewall();
		hub.setAllowUrlEncodedSlash(true);
		hub.setAllowUrlEncodedDoubleSlash(true); // https%3A%2F%2F...
		// Tomcat leaves %2F (and so %25) encoded in the servlet path, which the firewall reads decoded
		hub.setAllowUrlEncodedPercent(true);
		return new HttpFirewall() {
			@Override
			public FirewalledRequest getFirewalledRequest(HttpServletRequest request) {
				var uri = request.getRequestURI();
				return (uri != null && uri.startsWith(HubProblems.PREFIX) ? hub : strict).getFirewalledRequest(request);
			}

			@Override
			public jakarta.servlet.http.HttpServletResponse getFirewalledResponse(
					jakarta.servlet.http.HttpServletResponse response) {
				return strict.getFirewalledResponse(response);
			}
		};
	}
}
