package jp.tsunagu.residents.web;

import java.security.Principal;
import java.util.Locale;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import jp.tsunagu.platform.FormBinding;
import jp.tsunagu.audit.AuditLog;
import jp.tsunagu.identity.AccountId;
import jp.tsunagu.identity.CredentialRejected;
import jp.tsunagu.identity.LoginNameTaken;
import jp.tsunagu.residents.Area;
import jp.tsunagu.residents.Household;
import jp.tsunagu.residents.Residents;
import jp.tsunagu.residents.internal.LoginSheet;
import jp.tsunagu.platform.Tokyo;
import jp.tsunagu.platform.Text;

/**
 * The help desk registers a resident who has no e-mail and prints their login sheet. Printing
 * issues a fresh one-time code each time (the code is never stored in a readable form), which is
 * also how a forgotten PIN is reset. Every view and print is audited.
 */
@Controller
@RequestMapping("/staff/residents")
class StaffResidentsController {

	private final Residents residents;

	private final LoginSheet sheet;

	private final AuditLog audit;

	private final Clock clock;

	StaffResidentsController(Residents residents, LoginSheet sheet, AuditLog audit, Clock clock) {
		this.residents = residents;
		this.sheet = sheet;
		this.audit = audit;
		this.clock = clock;
	}

	@GetMapping
	String search(@RequestParam(defaultValue = "") String q, @RequestParam(required = false) @Nullable Area area,
			Model model, Principal staff) {
		var found = residents.search(q, area);
		if (!q.isBlank() || area != null) {
			audit.record(staff.getName(), "resident.searched", null, "q=" + q + " area=" + area + " hits=" + found.size());
		}
		model.addAttribute("q", q);
		model.addAttribute("area", area);
		model.addAttribute("areas", Area.values());
		model.addAttribute("searched", !q.isBlank() || area != null);
		model.addAttribute("residents", found);
		return "residents/staff-list";
	}

	@GetMapping("/new")
	String form(Model model) {
		model.addAttribute("form", RegistrationForm.empty());
		model.addAttribute("areas", Area.values());
		return "residents/staff-register";
	}

	@PostMapping
	String register(@Valid @ModelAttribute("form") RegistrationForm form, BindingResult result, Model model,
			Principal staff) {
		model.addAttribute("areas", Area.values());
		if (FormBinding.unconvertible(result)) {
			return FormBinding.showAgain(result, model, RegistrationForm.empty(), "residents/staff-register");
		}
		form.checkBirthDate(result, Tokyo.today(clock));
		if (result.hasErrors()) {
			return "residents/staff-register";
		}
		try {
			var resident = residents.registerAtHelpDesk(form.details());
			audit.record(staff.getName(), "resident.registered", resident.account().toString(), null);
			return "redirect:/staff/residents/" + resident.account() + "?registered";
		}
		catch (LoginNameTaken ex) {
			result.rejectValue("phone", "credential.phone.taken");
		}
		catch (CredentialRejected ex) {
			result.rejectValue("phone", ex.reason());
		}
		return "residents/staff-register";
	}

	@GetMapping("/{id}")
	String show(@PathVariable UUID id, Model model, Principal staff) {
		var accountId = new AccountId(id);
		var resident = residents.find(accountId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		audit.record(staff.getName(), "resident.viewed", id.toString(), null);
		model.addAttribute("resident", resident);
		model.addAttribute("account", residents.account(accountId).orElseThrow());
		model.addAttribute("household", residents.household(accountId));
		return "residents/staff-show";
	}

	@GetMapping("/{id}/household")
	String householdForm(@PathVariable UUID id, Model model) {
		var accountId = new AccountId(id);
		model.addAttribute("resident", residents.find(accountId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND)));
		model.addAttribute("household", residents.household(accountId));
		model.addAttribute("devices", Household.Device.values());
		model.addAttribute("contacts", Household.Contact.values());
		return "residents/staff-household";
	}

	@PostMapping("/{id}/household")
	String saveHousehold(@PathVariable UUID id, @RequestParam(defaultValue = "") @Size(max = 100) String addressBlock,
			@RequestParam(defaultValue = "") @Size(max = 100) String household, @RequestParam(required = false) @Nullable Boolean livesAlone,
			@RequestParam(required = false) Household.@Nullable Device device,
			@RequestParam(defaultValue = "") @Size(max = 40) String tabletAsset,
			@RequestParam(required = false) Household.@Nullable Contact contact, Principal staff) {
		var accountId = new AccountId(id);
		residents.find(accountId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		residents.updateHousehold(accountId, new Household(Text.blankToNull(addressBlock), Text.blankToNull(household), livesAlone, device,
				device == Household.Device.LENT_TABLET ? Text.blankToNull(tabletAsset) : null, contact));
		audit.record(staff.getName(), "resident.household.changed", id.toString(), null);
		return "redirect:/staff/residents/" + id + "?saved";
	}

	/** Reprinting ends the current PIN, so for an account in use the desk confirms first. */
	@GetMapping("/{id}/login-sheet")
	String confirmLoginSheet(@PathVariable UUID id, Model model) {
		var accountId = new AccountId(id);
		model.addAttribute("resident",
				residents.find(accountId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND)));
		model.addAttribute("account", residents.account(accountId).orElseThrow());
		return "residents/staff-confirm-sheet";
	}

	@PostMapping("/{id}/login-sheet")
	ResponseEntity<byte[]> loginSheet(@PathVariable UUID id, Principal staff, Locale locale,
			HttpServletRequest request) {
		var accountId = new AccountId(id);
		var resident = residents.find(accountId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		var code = residents.issueLoginSheetCode(accountId, staff.getName());
		audit.record(staff.getName(), "resident.login-sheet.printed", id.toString(), null);
		var url = ServletUriComponentsBuilder.fromContextPath(request).path("/first-login").toUriString();
		var pdf = sheet.render(resident, code, url, locale);
		return ResponseEntity.ok()
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.inline().filename("login-sheet-" + code.loginName() + ".pdf").build().toString())
			.header(HttpHeaders.CACHE_CONTROL, "no-store")
			.contentType(MediaType.APPLICATION_PDF)
			.body(pdf);
	}
}
