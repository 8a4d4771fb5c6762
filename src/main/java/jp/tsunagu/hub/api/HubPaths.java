package jp.tsunagu.hub.api;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
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
 */
@Configuration(proxyBeanMethods = false)
class HubPaths {

	@Bean
	TomcatConnectorCustomizer encodedSlashesPassThrough() {
		return connector -> connector.setEncodedSolidusHandling("passthrough");
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
