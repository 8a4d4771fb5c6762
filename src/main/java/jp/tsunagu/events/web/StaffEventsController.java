package jp.tsunagu.events.web;

import java.security.Principal;
import java.time.Clock;
import java.util.UUID;

import jakarta.validation.Valid;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import jp.tsunagu.audit.AuditLog;
import jp.tsunagu.events.EventKind;
import jp.tsunagu.events.EventNotFound;
import jp.tsunagu.events.Events;
import jp.tsunagu.events.Signup;
import jp.tsunagu.identity.AccountId;
import jp.tsunagu.identity.Accounts;
import jp.tsunagu.platform.FormBinding;
import jp.tsunagu.platform.Tokyo;
import jp.tsunagu.residents.Area;
import jp.tsunagu.residents.Resident;
import jp.tsunagu.residents.Residents;

/**
 * The help desk's events: create one, see who is coming, check people in at the door. A QR
 * scanner at the desk types what it reads into the check-in field, the same as typing a login id;
 * without the card, staff find the person by name.
 */
@Controller
@RequestMapping("/staff/events")
class StaffEventsController {

	private final Events events;

	private final Residents residents;

	private final Accounts accounts;

	private final AuditLog audit;

	private final Clock clock;

	StaffEventsController(Events events, Residents residents, Accounts accounts, AuditLog audit, Clock clock) {
		this.events = events;
		this.residents = residents;
		this.accounts = accounts;
		this.audit = audit;
		this.clock = clock;
	}

	@GetMapping
	String list(Principal staff, Model model) {
		model.addAttribute("events", events.upcoming(null));
		return "events/staff-list";
	}

	@GetMapping("/new")
	String form(Model model) {
		model.addAttribute("form", EventForm.empty());
		return showForm(model);
	}

	@PostMapping
	String create(@Valid @ModelAttribute("form") EventForm form, BindingResult result, Model model, Principal staff) {
		if (FormBinding.unconvertible(result)) {
			FormBinding.showAgain(result, model, EventForm.empty(), "events/staff-new");
			return showForm(model);
		}
		var draft = form.draft(result, Tokyo.today(clock));
		if (draft == null) {
			return showForm(model);
		}
		var event = events.create(draft, staff.getName());
		audit.record(staff.getName(), "event.created", event.id().toString(), event.title());
		return "redirect:/staff/events/" + event.id() + "?created";
	}

	@GetMapping("/{id}")
	String show(@PathVariable UUID id, @RequestParam(defaultValue = "") String q, Principal staff, Model model) {
		var view = events.find(id, null).orElseThrow(EventNotFound::new);
		var signups = events.signups(id);
		var people = residents.findAll(signups.stream().map(s -> s.resident()).toList());
		var participants = signups.stream().map(s -> new Participant(s, people.get(s.resident()))).toList();
		audit.record(staff.getName(), "event.participants.viewed", id.toString(), null);
		model.addAttribute("view", view);
		model.addAttribute("participants", participants);
		model.addAttribute("q", q);
		model.addAttribute("found", q.isBlank() ? java.util.List.of() : residents.search(q, null));
		return "events/staff-show";
	}

	/** Check-in by what the scanner read or staff typed: a login id or phone number. */
	@PostMapping("/{id}/check-in")
	String checkInByCode(@PathVariable UUID id, @RequestParam String code, Principal staff, RedirectAttributes redirect) {
		var account = accounts.findByLoginName(code);
		if (account.isEmpty()) {
			redirect.addFlashAttribute("error", "events.check-in.unknown");
			return "redirect:/staff/events/" + id;
		}
		return checkIn(id, account.get().id(), staff, redirect);
	}

	@PostMapping("/{id}/check-in/{resident}")
	String checkInResident(@PathVariable UUID id, @PathVariable UUID resident, Principal staff,
			RedirectAttributes redirect) {
		return checkIn(id, new AccountId(resident), staff, redirect);
	}

	private String checkIn(UUID id, AccountId resident, Principal staff, RedirectAttributes redirect) {
		var person = residents.find(resident);
		if (person.isEmpty()) {
			redirect.addFlashAttribute("error", "events.check-in.unknown");
			return "redirect:/staff/events/" + id;
		}
		events.checkIn(id, resident, staff.getName());
		audit.record(staff.getName(), "event.checked-in", resident.toString(), id.toString());
		redirect.addFlashAttribute("checkedIn", person.get().name());
		return "redirect:/staff/events/" + id;
	}

	private String showForm(Model model) {
		model.addAttribute("kinds", EventKind.values());
		model.addAttribute("areas", Area.values());
		return "events/staff-new";
	}

	record Participant(Signup signup, @Nullable Resident resident) {
	}
}
