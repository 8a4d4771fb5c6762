package jp.tsunagu.events.web;

import java.security.Principal;
import java.util.Set;
import java.util.UUID;

import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import jp.tsunagu.events.EventNotFound;
import jp.tsunagu.events.Events;
import jp.tsunagu.identity.AccountId;
import jp.tsunagu.identity.Accounts;
import jp.tsunagu.platform.Tile;
import jp.tsunagu.residents.Residents;

/**
 * Residents' events: what is coming up in their area, one page per event with one primary button,
 * and their own sign-ups. Every action acts on the signed-in resident only.
 */
@Controller
class EventsController {

	private final Events events;

	private final Accounts accounts;

	private final Residents residents;

	EventsController(Events events, Accounts accounts, Residents residents) {
		this.events = events;
		this.accounts = accounts;
		this.residents = residents;
	}

	@GetMapping("/events")
	String list(Principal principal, Model model) {
		var me = me(principal);
		var area = residents.find(me).map(r -> r.area()).orElse(null);
		model.addAttribute("events", events.upcoming(me).stream()
			.filter(v -> area == null || v.event().invites(area))
			.toList());
		model.addAttribute("mine", false);
		return "events/list";
	}

	@GetMapping("/events/mine")
	String mine(Principal principal, Model model) {
		model.addAttribute("events", events.signedUpBy(me(principal)));
		model.addAttribute("mine", true);
		return "events/list";
	}

	@GetMapping("/events/{id}")
	String show(@PathVariable UUID id, Principal principal, Model model) {
		model.addAttribute("view", events.find(id, me(principal)).orElseThrow(EventNotFound::new));
		return "events/show";
	}

	@PostMapping("/events/{id}/signup")
	String signUp(@PathVariable UUID id, Principal principal, RedirectAttributes redirect) {
		var status = events.signUp(id, me(principal));
		redirect.addFlashAttribute("done", "events.done." + status);
		return "redirect:/events/" + id;
	}

	@GetMapping("/events/{id}/cancel")
	String confirmCancel(@PathVariable UUID id, Principal principal, Model model) {
		model.addAttribute("view", events.find(id, me(principal)).orElseThrow(EventNotFound::new));
		return "events/cancel";
	}

	@PostMapping("/events/{id}/cancel")
	String cancel(@PathVariable UUID id, Principal principal, RedirectAttributes redirect) {
		if (events.cancel(id, me(principal))) {
			redirect.addFlashAttribute("done", "events.done.CANCELLED");
		}
		return "redirect:/events/" + id;
	}

	@ExceptionHandler(EventNotFound.class)
	@ResponseStatus(HttpStatus.NOT_FOUND)
	String notFound(Model model) {
		model.addAttribute("status", 404);
		return "error";
	}

	private AccountId me(Principal principal) {
		return accounts.findBySubject(principal.getName()).orElseThrow().id();
	}

	@Bean
	static Tile eventsTile() {
		return new Tile(Tile.Screen.RESIDENT, 40, "tile.events", "calendar", "/events", Set.of("RESIDENT"));
	}

	@Bean
	static Tile staffEventsTile() {
		return new Tile(Tile.Screen.STAFF, 30, "tile.staff-events", "calendar", "/staff/events", Set.of("STAFF", "ADMIN"));
	}
}
