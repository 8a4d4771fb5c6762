package jp.tsunagu.portal;

import java.security.Principal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import jp.tsunagu.identity.Accounts;

/** Home: a greeting, today's date, and the way to each service the person can use. */
@Controller
class HomeController {

	private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

	private final Accounts accounts;

	private final Clock clock;

	HomeController(Accounts accounts, Clock clock) {
		this.accounts = accounts;
		this.clock = clock;
	}

	@GetMapping("/")
	String home(Principal principal, Model model) {
		model.addAttribute("account", accounts.findBySubject(principal.getName()).orElseThrow());
		model.addAttribute("today", LocalDate.now(clock.withZone(TOKYO)));
		return "portal/home";
	}
}
