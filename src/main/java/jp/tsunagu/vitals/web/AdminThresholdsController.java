package jp.tsunagu.vitals.web;

import java.math.BigDecimal;
import java.security.Principal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import jp.tsunagu.audit.AuditLog;
import jp.tsunagu.platform.Tile;
import jp.tsunagu.vitals.MeasurementRefused;
import jp.tsunagu.vitals.Threshold;
import jp.tsunagu.vitals.VitalKind;
import jp.tsunagu.vitals.Vitals;

/**
 * Administrators set where each kind's readings stop being usual: a low and a high bound (and the
 * diastolic's for blood pressure), each optional, beside the guideline defaults. A bound that no
 * body can have, or a low not below its high, is refused by field and nothing changes; every change
 * is audited, and the same values sent again change nothing.
 */
@Controller
@RequestMapping("/admin/vitals/thresholds")
class AdminThresholdsController {

	static final List<String> FIELDS = List.of("low", "high", "secondLow", "secondHigh");

	private final Vitals vitals;

	private final AuditLog audit;

	private final MessageSource messages;

	AdminThresholdsController(Vitals vitals, AuditLog audit, MessageSource messages) {
		this.vitals = vitals;
		this.audit = audit;
		this.messages = messages;
	}

	/** One kind's card: what the guideline says (a dash for no bound), what is set now or was typed. */
	record Card(VitalKind kind, Map<String, String> defaults, Map<String, String> typed) {
	}

	@GetMapping
	String show(Model model) {
		return page(model, null, Map.of(), Map.of());
	}

	@PostMapping
	String save(@RequestParam(defaultValue = "") String kind, @RequestParam(defaultValue = "") String low,
			@RequestParam(defaultValue = "") String high, @RequestParam(defaultValue = "") String secondLow,
			@RequestParam(defaultValue = "") String secondHigh, Principal admin, Model model, Locale locale,
			HttpServletResponse response, RedirectAttributes redirect) {
		var chosen = Arrays.stream(VitalKind.values()).filter(k -> k.name().equals(kind)).findFirst();
		response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
		if (chosen.isEmpty()) {
			return page(model, null, Map.of("kind", messages.getMessage("vitals.admin.thresholds.kind.unknown", null, locale)),
					Map.of());
		}
		var k = chosen.get();
		var typed = Map.of("low", low, "high", high, "secondLow", secondLow, "secondHigh", secondHigh);
		var problems = new LinkedHashMap<String, Problem>();
		var bounds = new LinkedHashMap<String, @Nullable BigDecimal>();
		for (var field : FIELDS) {
			bounds.put(field, bound(k, field, typed.get(field), problems));
		}
		order(bounds.get("low"), bounds.get("high"), "high", problems);
		order(bounds.get("secondLow"), bounds.get("secondHigh"), "secondHigh", problems);
		if (problems.isEmpty()) {
			var current = vitals.thresholds().get(k);
			if (same(current, bounds)) {
				response.setStatus(HttpStatus.OK.value());
				redirect.addFlashAttribute("done", "vitals.admin.thresholds.unchanged");
				return "redirect:/admin/vitals/thresholds";
			}
			try {
				var saved = vitals.setThreshold(k, bounds.get("low"), bounds.get("high"), bounds.get("secondLow"),
						bounds.get("secondHigh"), admin.getName());
				audit.record(admin.getName(), "vitals.threshold.changed", k.name(), words(saved));
				response.setStatus(HttpStatus.OK.value());
				redirect.addFlashAttribute("done", "vitals.admin.thresholds.saved");
				redirect.addFlashAttribute("doneKind", k);
				return "redirect:/admin/vitals/thresholds";
			}
			catch (MeasurementRefused refused) {
				problems.put("high", new Problem("vitals.admin.thresholds.order"));
			}
		}
		var errors = new LinkedHashMap<String, String>();
		for (var field : FIELDS) {
			if (problems.containsKey(field)) {
				errors.put(field, messages.getMessage(problems.get(field), locale));
			}
		}
		var kept = new LinkedHashMap<String, String>();
		typed.forEach((f, v) -> kept.put(f, v.length() > 20 ? "" : v.strip()));
		return page(model, k, errors, kept);
	}

	/** A bound as typed: empty is none; else a number a reading of this kind can have. */
	private static @Nullable BigDecimal bound(VitalKind kind, String field, String typed, Map<String, Problem> problems) {
		if (typed.isBlank()) {
			return null;
		}
		boolean second = field.startsWith("second");
		var label = Problem.words("vitals.admin.thresholds." + field);
		if (second && !kind.paired()) {
			problems.put(field, new Problem("vitals.admin.thresholds.second.not-allowed"));
			return null;
		}
		var number = TypedNumber.read(typed);
		if (number == null) {
			problems.put(field, new Problem("vitals.admin.thresholds.not-a-number", label));
			return null;
		}
		if (number.scale() > kind.scale()) {
			problems.put(field, kind.scale() == 0 ? new Problem("vitals.desk.value.whole", label)
					: new Problem("vitals.desk.value.decimals", label, kind.scale()));
			return null;
		}
		var min = second ? Objects.requireNonNull(kind.secondMin()) : kind.min();
		var max = second ? Objects.requireNonNull(kind.secondMax()) : kind.max();
		if (number.compareTo(min) < 0 || number.compareTo(max) > 0) {
			problems.put(field, new Problem("vitals.admin.thresholds.out-of-range", label, plain(min), plain(max),
					kind.unitLabel()));
			return null;
		}
		return number;
	}

	private static void order(@Nullable BigDecimal low, @Nullable BigDecimal high, String field,
			Map<String, Problem> problems) {
		if (low != null && high != null && low.compareTo(high) >= 0 && !problems.containsKey(field)) {
			problems.put(field, new Problem("vitals.admin.thresholds.order"));
		}
	}

	private static boolean same(Threshold t, Map<String, @Nullable BigDecimal> bounds) {
		return equal(t.low1(), bounds.get("low")) && equal(t.high1(), bounds.get("high"))
				&& equal(t.low2(), bounds.get("secondLow")) && equal(t.high2(), bounds.get("secondHigh"));
	}

	private static boolean equal(@Nullable BigDecimal a, @Nullable BigDecimal b) {
		return a == null ? b == null : b != null && a.compareTo(b) == 0;
	}

	/** For the audit: 「90–135 / 60–85」, a dash for no bound. */
	static String words(Threshold t) {
		return plain(t.low1()) + "–" + plain(t.high1())
				+ (t.kind().paired() ? " / " + plain(t.low2()) + "–" + plain(t.high2()) : "");
	}

	static String plain(@Nullable BigDecimal number) {
		return number == null ? "—" : number.stripTrailingZeros().toPlainString();
	}

	private String page(Model model, @Nullable VitalKind failed, Map<String, String> errors, Map<String, String> typed) {
		var thresholds = vitals.thresholds();
		var cards = VitalKind.shown().stream().map(k -> {
			var now = thresholds.get(k);
			var shown = k == failed ? typed : Map.of("low", text(k, now.low1()), "high", text(k, now.high1()),
					"secondLow", text(k, now.low2()), "secondHigh", text(k, now.high2()));
			var d = GuidelineDefaults.of(k);
			return new Card(k, Map.of("low", plain(d.low1()), "high", plain(d.high1()), "secondLow", plain(d.low2()),
					"secondHigh", plain(d.high2())), shown);
		}).toList();
		model.addAttribute("cards", cards);
		model.addAttribute("failed", failed);
		model.addAttribute("errors", errors);
		return "vitals/admin-thresholds";
	}

	/** A bound as the form shows it, with its kind's decimals: 「37.5」, 「135」. */
	static String text(VitalKind kind, @Nullable BigDecimal number) {
		return number == null ? "" : number.setScale(kind.scale(), java.math.RoundingMode.HALF_UP).toPlainString();
	}

	@Bean
	static Tile vitalsThresholdsTile() {
		return new Tile(Tile.Screen.ADMIN, 55, "tile.vitals-thresholds", "heart-pulse", "/admin/vitals/thresholds",
				Set.of("ADMIN"));
	}
}
