package jp.tsunagu.identity.web;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;

/** The sign-in page; Spring Security processes the form it posts. */
@Controller
class LoginController {

	/** The page frame offers no way "home" here: signed out, home is this very page. */
	@GetMapping("/login")
	String login(Model model) {
		model.addAttribute("loginPage", true);
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
