package jp.tsunagu.platform;

import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ProblemsConfiguration {

	@Bean
	Problems problems(MessageSource messages) {
		return new Problems(messages);
	}
}
