package jp.tsunagu.identity.internal;

import java.util.List;

import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthentication;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import jp.tsunagu.identity.ApiCaller;
import jp.tsunagu.identity.SignedIn;

/**
 * Lets controllers take a {@link SignedIn} parameter instead of looking the account up themselves,
 * and API controllers an {@link ApiCaller}.
 */
@Configuration(proxyBeanMethods = false)
class SignedInResolver implements WebMvcConfigurer, HandlerMethodArgumentResolver {

	private final AccountRepository accounts;

	SignedInResolver(AccountRepository accounts) {
		this.accounts = accounts;
	}

	@Override
	public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
		resolvers.add(this);
	}

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return SignedIn.class.equals(parameter.getParameterType()) || ApiCaller.class.equals(parameter.getParameterType());
	}

	@Override
	public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mav, NativeWebRequest request,
			WebDataBinderFactory binders) {
		var authentication = SecurityContextHolder.getContext().getAuthentication();
		if (ApiCaller.class.equals(parameter.getParameterType())) {
			return ApiCaller.current()
				.orElseThrow(() -> new AuthenticationCredentialsNotFoundException("No access token"));
		}
		var account = authentication == null ? null : accounts.findBySubject(authentication.getName()).orElse(null);
		if (account == null) {
			throw new AuthenticationCredentialsNotFoundException("Not signed in with a Tsunagu account");
		}
		return new SignedIn(account.id(), account.subject());
	}
}
