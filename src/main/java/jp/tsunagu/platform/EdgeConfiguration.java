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
	FilterRegistrationBean<DatabaseOutageGuard> databaseOutageGuard(EdgeAnswers answers) {
		var registration = new FilterRegistrationBean<>(new DatabaseOutageGuard(answers));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		return registration;
	}

	@Bean
	FilterRegistrationBean<RequestTextGuard> requestTextGuard(EdgeAnswers answers) {
		var registration = new FilterRegistrationBean<>(new RequestTextGuard(answers));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
		return registration;
	}
}
