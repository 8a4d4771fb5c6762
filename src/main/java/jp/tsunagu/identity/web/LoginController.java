package jp.tsunagu.identity.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;

import jp.tsunagu.identity.internal.FormTargets;

/**
 * The sign-in page; Spring Security processes the form it posts. When the sign-in is for a partner's
 * authorization request, the page may lead on to that partner's redirect URIs ({@link FormTargets}).
 */
@Controller
class LoginController {

	private final RequestCache requests = new HttpSessionRequestCache();

	private final RegisteredClientRepository clients;

	LoginController(RegisteredClientRepository clients) {
		this.clients = clients;
	}

	/** The page frame offers no way "home" here: signed out, home is this very page. */
	@GetMapping("/login")
	String login(HttpServletRequest request, HttpServletResponse response, Model model) {
		model.addAttribute("loginPage", true);
		var saved = requests.getRequest(request, response);
		var clientIds = saved == null ? null : saved.getParameterValues(OAuth2ParameterNames.CLIENT_ID);
		if (clientIds != null && clientIds.length == 1 && !clientIds[0].isBlank() && clientIds[0].length() <= 100) {
			FormTargets.allowRedirectsOf(request, clients.findByClientId(clientIds[0]));
		}
		return "identity/login";
	}

	/** Where a sign-in refused because its source keeps failing is forwarded: 429, and the page says to wait. */
	@RequestMapping("/login/busy")
	String busy(HttpServletResponse response, Model model) {
		response.setStatus(429);
		model.addAttribute("busy", true);
		model.addAttribute("loginPage", true);
		return "identity/login";
	}
}
