package jp.tsunagu.points.web;

import java.security.Principal;
import java.util.Set;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import jp.tsunagu.audit.AuditLog;
import jp.tsunagu.identity.AccountId;
import jp.tsunagu.points.BudgetExhausted;
import jp.tsunagu.points.NotEnoughPoints;
import jp.tsunagu.points.Points;
import jp.tsunagu.points.PointsWords;
import jp.tsunagu.residents.Residents;
import jp.tsunagu.residents.Resident;

/**
 * The help desk gives points a resident should have had, or takes back what was given by mistake,
 * always with a reason; each correction is a journal entry of its own (never an edit) and audited.
 */
@Controller
class DeskPointsController {

	private final Points points;

	private final PointsWords words;

	private final Residents residents;

	private final AuditLog audit;

	DeskPointsController(Points points, PointsWords words, Residents residents, AuditLog audit) {
		this.points = points;
		this.words = words;
		this.residents = residents;
		this.audit = audit;
	}

	@GetMapping("/staff/residents/{id}/points")
	String show(@PathVariable java.util.UUID id, Model model) {
		var resident = resident(id);
		model.addAttribute("resident", resident);
		model.addAttribute("balance", points.balance(resident.account()));
		model.addAttribute("history", words.lines(points.history(resident.account(), 50)));
		return "points/desk";
	}

	@PostMapping("/staff/residents/{id}/points")
	String correct(@PathVariable java.util.UUID id, @RequestParam(defaultValue = "") String direction,
			@RequestParam(defaultValue = "") String amount, @RequestParam(defaultValue = "") String reason,
			Principal staff, Model model, RedirectAttributes redirect) {
		var resident = resident(id);
		var errors = new java.util.LinkedHashMap<String, String>();
		long points = jp.tsunagu.platform.Text.wholeNumber(amount);
		if (points < 1 || points > 10_000) {
			errors.put("amount", "points.desk.amount.invalid");
		}
		if (!Set.of("give", "take").contains(direction)) {
			errors.put("direction", "points.desk.direction.invalid");
		}
		var why = reason.strip();
		if (why.isEmpty() || why.length() > 200) {
			errors.put("reason", "points.desk.reason.invalid");
		}
		if (errors.isEmpty()) {
			long delta = direction.equals("give") ? points : -points;
			try {
				var entry = this.points.correct(resident.account(), delta, why, staff.getName());
				audit.record(staff.getName(), "points.corrected", resident.account().toString(),
						(delta > 0 ? "+" : "") + delta + " " + why + " (" + entry + ")");
				redirect.addFlashAttribute("done", "points.desk.done");
				return "redirect:/staff/residents/" + resident.account() + "/points";
			}
			catch (NotEnoughPoints tooMuch) {
				errors.put("amount", "points.desk.amount.more-than-held");
			}
			catch (BudgetExhausted noBudget) {
				errors.put("amount", "points.desk.amount.beyond-budget");
			}
		}
		model.addAttribute("errors", errors);
		model.addAttribute("direction", direction);
		model.addAttribute("amount", amount.length() > 20 ? "" : amount);
		model.addAttribute("reason", why.length() > 200 ? why.substring(0, 200) : why);
		model.addAttribute("resident", resident);
		model.addAttribute("balance", this.points.balance(resident.account()));
		model.addAttribute("history", words.lines(this.points.history(resident.account(), 50)));
		return "points/desk";
	}

	private Resident resident(java.util.UUID id) {
		return residents.find(new AccountId(id))
			.orElseThrow(() -> new org.springframework.web.server.ResponseStatusException(
					org.springframework.http.HttpStatus.NOT_FOUND));
	}
}
