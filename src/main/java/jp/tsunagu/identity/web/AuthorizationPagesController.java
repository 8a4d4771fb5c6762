package jp.tsunagu.identity.web;

import java.security.Principal;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

import jp.tsunagu.identity.internal.AuthorizationResponses;

/**
 * Pages the OpenID Connect endpoints show a person: the auto-submitting form that hands an answer
 * to a partner ({@code response_mode=form_post}), the page saying in plain words why a partner's
 * request could not be accepted, and the sign-out confirmation and refusal. The first two only
 * render what the endpoint forwarded; reached directly they do not exist.
 */
@Controller
class AuthorizationPagesController {

	@RequestMapping(AuthorizationResponses.FORM_POST_PAGE)
	String formPost(HttpServletRequest request, Model model) {
		var action = request.getAttribute(AuthorizationResponses.FORM_POST_ACTION);
		var fields = request.getAttribute(AuthorizationResponses.FORM_POST_FIELDS);
		if (!(action instanceof String) || !(fields instanceof Map)) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
		model.addAttribute("action", action);
		model.addAttribute("fields", fields);
		return "identity/form-post";
	}

	@RequestMapping(AuthorizationResponses.ERROR_PAGE)
	String problem(HttpServletRequest request, HttpServletResponse response, Model model) {
		if (!(request.getAttribute(AuthorizationResponses.ERROR) instanceof OAuth2Error error)) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
		response.setStatus(HttpStatus.BAD_REQUEST.value());
		model.addAttribute("reason", reason(error));
		model.addAttribute("code", error.getErrorCode());
		model.addAttribute("description", error.getDescription());
		return "identity/authorize-problem";
	}

	/** Asked by a partner without a hint, or by the person's own 「ログアウト」 ({@code ?mine}). */
	@GetMapping("/logout/confirm")
	String confirmLogout(Principal principal, @RequestParam(required = false) String mine, Model model) {
		model.addAttribute("mine", mine != null);
		return principal == null ? "redirect:/login?logout" : "identity/logout-confirm";
	}

	@RequestMapping("/logout/problem")
	String logoutProblem(HttpServletResponse response) {
		response.setStatus(HttpStatus.BAD_REQUEST.value());
		return "identity/logout-problem";
	}

	/** Which plain-words explanation fits: the service is unknown, its return address is wrong, or else. */
	private static String reason(OAuth2Error error) {
		var description = error.getDescription() == null ? "" : error.getDescription();
		if (description.endsWith("client_id")) {
			return "client";
		}
		if (description.endsWith("redirect_uri")) {
			return "redirect";
		}
		return OAuth2ErrorCodes.ACCESS_DENIED.equals(error.getErrorCode()) ? "denied" : "request";
	}
}
