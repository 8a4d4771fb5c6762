package jp.tsunagu.identity.web;

import java.util.ArrayList;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;

import org.springframework.security.authentication.LockedException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;

import jp.tsunagu.identity.AccountSummary;
import jp.tsunagu.identity.Accounts;
import jp.tsunagu.identity.CredentialRejected;
import jp.tsunagu.identity.FirstLoginRefused;
import jp.tsunagu.identity.internal.SignInThrottle;
import jp.tsunagu.identity.internal.TooManySignInFailures;

/**
 * First sign-in on the lent tablet: the login id and one-time code from the printed sheet, then a
 * six-digit PIN chosen by the resident. Success signs them in straight away and lands on home.
 */
@Controller
class FirstLoginController {

	record FirstLoginForm(@NotBlank String loginName, @NotBlank String code, @NotBlank String pin,
			@NotBlank String pinAgain) {

		static FirstLoginForm empty() {
			return new FirstLoginForm("", "", "", "");
		}
	}

	private final Accounts accounts;

	private final SignInThrottle throttle;

	private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();

	FirstLoginController(Accounts accounts, SignInThrottle throttle) {
		this.accounts = accounts;
		this.throttle = throttle;
	}

	@GetMapping("/first-login")
	String form(Model model) {
		model.addAttribute("form", FirstLoginForm.empty());
		return "identity/first-login";
	}

	@PostMapping("/first-login")
	String complete(@Valid @ModelAttribute("form") FirstLoginForm form, BindingResult result,
			HttpServletRequest request, HttpServletResponse response) {
		if (result.hasErrors()) {
			return "identity/first-login";
		}
		if (!form.pin().equals(form.pinAgain())) {
			result.rejectValue("pinAgain", "credential.pin.mismatch");
			return "identity/first-login";
		}
		try {
			// A code is a secret like a password: the same counters limit guessing it.
			throttle.attempt(request.getRemoteAddr(), form.loginName());
			var account = accounts.completeFirstLogin(form.loginName(), form.code(), form.pin());
			throttle.succeeded(request.getRemoteAddr(), form.loginName());
			signIn(account, request, response);
			// Home, not the ID page: the first thing seen is one plain welcome, no forms (SENIOR-UX).
			return "redirect:/?welcome";
		}
		catch (FirstLoginRefused | LockedException ex) {
			result.reject("first-login.refused");
		}
		catch (TooManySignInFailures ex) {
			response.setStatus(429);
			result.reject("login.busy");
		}
		catch (CredentialRejected ex) {
			result.rejectValue("pin", ex.reason());
		}
		return "identity/first-login";
	}

	private void signIn(AccountSummary account, HttpServletRequest request, HttpServletResponse response) {
		var authorities = new ArrayList<GrantedAuthority>();
		account.roles().forEach(r -> authorities.add(new SimpleGrantedAuthority(r.authority())));
		// when the person proved who they are: OpenID Connect's auth_time and max_age rely on it
		authorities.add(FactorGrantedAuthority.fromAuthority(FactorGrantedAuthority.PASSWORD_AUTHORITY));
		var authentication = UsernamePasswordAuthenticationToken.authenticated(account.subject(), null, authorities);
		var context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(authentication);
		SecurityContextHolder.setContext(context);
		if (request.getSession(false) != null) {
			request.changeSessionId();
		}
		contexts.saveContext(context, request, response);
	}
}
