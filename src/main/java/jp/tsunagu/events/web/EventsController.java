package jp.tsunagu.events.web;

import java.util.Set;
import java.util.UUID;

import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import jp.tsunagu.events.EventNotFound;
import jp.tsunagu.events.EventNotOffered;
import jp.tsunagu.events.Events;
import jp.tsunagu.identity.SignedIn;
import jp.tsunagu.platform.ProblemType;
import jp.tsunagu.platform.Tile;
import jp.tsunagu.residents.Residents;

/**
 * Residents' events: what is coming up in their area, one page per event with one primary button,
 * and their own sign-ups. Every action acts on the signed-in resident only.
 */
@Controller
class EventsController {

	private final Events events;

	private final Residents residents;

	EventsController(Events events, Residents residents) {
		this.events = events;
		this.residents = residents;
	}

	@GetMapping("/events")
	String list(SignedIn me, Model model) {
		var area = residents.find(me.id()).map(r -> r.area()).orElse(null);
		model.addAttribute("events", events.upcoming(me.id()).stream()
			.filter(v -> area == null || v.event().invites(area))
			.toList());
		model.addAttribute("mine", false);
		return "events/list";
	}

	@GetMapping("/events/mine")
	String mine(SignedIn me, Model model) {
		model.addAttribute("events", events.signedUpBy(me.id()));
		model.addAttribute("mine", true);
		return "events/list";
	}

	@GetMapping("/events/{id}")
	String show(@PathVariable UUID id, SignedIn me, Model model) {
		model.addAttribute("view", events.find(id, me.id()).orElseThrow(EventNotFound::new));
		return "events/show";
	}

	@PostMapping("/events/{id}/signup")
	String signUp(@PathVariable UUID id, SignedIn me, RedirectAttributes redirect) {
		var status = events.signUp(id, me.id());
		redirect.addFlashAttribute("done", "events.done." + status);
		return "redirect:/events/" + id;
	}

	@GetMapping("/events/{id}/cancel")
	String confirmCancel(@PathVariable UUID id, SignedIn me, Model model) {
		model.addAttribute("view", events.find(id, me.id()).orElseThrow(EventNotFound::new));
		return "events/cancel";
	}

	@PostMapping("/events/{id}/cancel")
	String cancel(@PathVariable UUID id, SignedIn me, RedirectAttributes redirect) {
		if (events.cancel(id, me.id())) {
			redirect.addFlashAttribute("done", "events.done.CANCELLED");
		}
		return "redirect:/events/" + id;
	}

	/** The events module's rows of the problem table: the same status on a screen and in an API. */
	@Bean
	static ProblemType eventNotFoundProblem() {
		return new ProblemType(EventNotFound.class, HttpStatus.NOT_FOUND, "event-not-found");
	}

	@Bean
	static ProblemType eventNotOfferedProblem() {
		return new ProblemType(EventNotOffered.class, HttpStatus.FORBIDDEN, "event-not-offered");
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
