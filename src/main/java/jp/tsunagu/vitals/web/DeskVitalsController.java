package jp.tsunagu.vitals.web;

import java.security.Principal;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import jp.tsunagu.audit.AuditLog;
import jp.tsunagu.identity.AccountId;
import jp.tsunagu.platform.Tile;
import jp.tsunagu.platform.TimeWording;
import jp.tsunagu.residents.Resident;
import jp.tsunagu.residents.Residents;
import jp.tsunagu.vitals.MeasurementRefused;
import jp.tsunagu.vitals.MeasurementsRaced;
import jp.tsunagu.vitals.NewMeasurement;
import jp.tsunagu.vitals.Recorded;
import jp.tsunagu.vitals.VitalKind;
import jp.tsunagu.vitals.Vitals;

/**
 * The help desk measures a resident (or copies a reading from a paper note) and enters it: a kind,
 * the value, when. An impossible value is refused in plain words and nothing is stored; the same
 * form sent twice stores one measurement. Every look at a resident's measurements and every entry
 * is audited.
 */
@Controller
class DeskVitalsController {

	/** Newest readings shown per kind; older ones are on the resident's own page and in the FHIR API. */
	static final int SHOWN_PER_KIND = 10;

	private final Vitals vitals;

	private final Residents residents;

	private final AuditLog audit;

	private final MessageSource messages;

	private final Clock clock;

	private final TimeWording when;

	DeskVitalsController(Vitals vitals, Residents residents, AuditLog audit, MessageSource messages, Clock clock,
			TimeWording when) {
		this.when = when;
		this.vitals = vitals;
		this.residents = residents;
		this.audit = audit;
		this.messages = messages;
		this.clock = clock;
	}

	/** Whom to enter measurements for: the desk's tile leads here. */
	@GetMapping("/staff/vitals")
	String find(@RequestParam(defaultValue = "") String q, Principal staff, Model model) {
		var query = q.strip();
		List<Resident> found = query.isEmpty() || query.length() > 100 ? List.of() : residents.search(query, null);
		if (!found.isEmpty() || !query.isEmpty()) {
			audit.record(staff.getName(), "resident.searched", null,
					"q=" + query + " area=null hits=" + found.size());
		}
		model.addAttribute("q", query.length() > 100 ? "" : query);
		model.addAttribute("found", found);
		return "vitals/desk-find";
	}

	@GetMapping("/staff/residents/{id}/vitals")
	String show(@PathVariable UUID id, Principal staff, Model model) {
		var resident = resident(id);
		if (!model.containsAttribute("entry")) {
			model.addAttribute("entry", DeskEntry.empty(clock.instant()));
		}
		model.addAttribute("errors", Map.of());
		return page(resident, staff, model);
	}

	@PostMapping("/staff/residents/{id}/vitals")
	String enter(@PathVariable UUID id, @RequestParam(defaultValue = "") String kind,
			@RequestParam(defaultValue = "") String value, @RequestParam(defaultValue = "") String second,
			@RequestParam(defaultValue = "") String takenAt, Principal staff, Model model, Locale locale,
			HttpServletResponse response, RedirectAttributes redirect) {
		var resident = resident(id);
		var entry = new DeskEntry(kind, value, second, takenAt);
		var read = entry.read(resident.account(), staff.getName(), clock.instant());
		var problems = new LinkedHashMap<>(read.problems());
		if (read.measurement() != null) {
			try {
				var recorded = record(vitals.check(0, read.measurement()));
				if (recorded.outcome() != Recorded.Outcome.CONFLICT) {
					return done(resident, recorded, staff, redirect, locale);
				}
				problems.put("takenAt", new Problem("vitals.desk.takenAt.conflict",
						Problem.words("vitals.desk.kind." + recorded.measurement().kind().name())));
			}
			catch (MeasurementRefused refused) {
				var problem = entry.refused(refused);
				problems.put(problem.getKey(), problem.getValue());
			}
		}
		response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
		var errors = new LinkedHashMap<String, String>();
		for (var field : List.of("kind", "value", "second", "takenAt")) {
			if (problems.containsKey(field)) {
				errors.put(field, messages.getMessage(problems.get(field), locale));
			}
		}
		model.addAttribute("errors", errors);
		model.addAttribute("entry", entry.kept());
		return page(resident, staff, model);
	}

	/** Stores it once; a post racing its own double on the embedded database finds the first. */
	private Recorded record(NewMeasurement measurement) {
		try {
			return vitals.record(measurement);
		}
		catch (MeasurementsRaced raced) {
			return vitals.record(measurement);
		}
	}

	private String done(Resident resident, Recorded recorded, Principal staff, RedirectAttributes redirect,
			Locale locale) {
		var m = recorded.measurement();
		if (recorded.created()) {
			audit.record(staff.getName(), "resident.vitals.recorded", resident.account().toString(),
					m.kind().name() + " " + m.takenAt() + " (" + m.id() + ")");
		}
		var reading = Readings.of(m, vitals.thresholds().get(m.kind()));
		redirect.addFlashAttribute("done", recorded.created() ? "vitals.desk.done" : "vitals.desk.done.existing");
		// the flash lives in the session, which is stored: plain words, not objects
		redirect.addFlashAttribute("doneLine", messages.getMessage("vitals.desk.done.line", new Object[] {
				when.dateTime(m.takenAt()), messages.getMessage("vitals.desk.kind." + m.kind().name(), null, locale),
				reading.value(), reading.unit() }, locale));
		return "redirect:/staff/residents/" + resident.account() + "/vitals";
	}

	private String page(Resident resident, Principal staff, Model model) {
		audit.record(staff.getName(), "resident.vitals.viewed", resident.account().toString(), null);
		var thresholds = vitals.thresholds();
		var groups = new java.util.ArrayList<Map.Entry<VitalKind, List<Readings>>>();
		for (var kind : VitalKind.shown()) {
			var rows = vitals.search(resident.account(), List.of(kind), null, null, true, 0, SHOWN_PER_KIND)
				.stream()
				.map(m -> Readings.of(m, thresholds.get(kind)))
				.toList();
			if (!rows.isEmpty()) {
				groups.add(Map.entry(kind, rows));
			}
		}
		model.addAttribute("resident", resident);
		model.addAttribute("groups", groups);
		model.addAttribute("kinds", VitalKind.shown());
		return "vitals/desk";
	}

	private Resident resident(UUID id) {
		return residents.find(new AccountId(id)).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
	}

	@Bean
	static Tile vitalsDeskTile() {
		return new Tile(Tile.Screen.STAFF, 37, "tile.vitals-desk", "heart-pulse", "/staff/vitals", Set.of("STAFF", "ADMIN"));
	}
}
