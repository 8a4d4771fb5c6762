package jp.tsunagu.platform;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The guards at the edge, outside Spring Session and Spring Security (which would read the
 * parameters and the database first): the outage guard outermost, then the text guard, both after
 * the character-encoding filter so parameters are decoded as UTF-8.
 */
@Configuration(proxyBeanMethods = false)
class EdgeConfiguration {

	@Bean
	FilterRegistrationBean<DatabaseOutageGuard> databaseOutageGuard(EdgeAnswers answers, javax.sql.DataSource dataSource) {
		var registration = new FilterRegistrationBean<>(new DatabaseOutageGuard(answers, dataSource));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		return registration;
	}

	@Bean
	FilterRegistrationBean<RequestTextGuard> requestTextGuard(EdgeAnswers answers) {
		var registration = new FilterRegistrationBean<>(new RequestTextGuard(answers));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
		return registration;
	}

	/**
	 * No rewriting of every link a page writes. Spring Boot adds the resource URL encoding filter
	 * because the WebJars locator (Swagger UI's) is on the class path; it would only version static
	 * links, which Tsunagu does not, and it looked every link up in the jar again on every page, the
	 * links to screens too, whose misses no cache keeps: over half the server's CPU in the redemption
	 * bench. Registered disabled, so Boot adds none.
	 */
	@Bean
	FilterRegistrationBean<org.springframework.web.servlet.resource.ResourceUrlEncodingFilter> noResourceUrlEncoding() {
		var registration = new FilterRegistrationBean<>(new org.springframework.web.servlet.resource.ResourceUrlEncodingFilter());
		registration.setEnabled(false);
		return registration;
	}
}
