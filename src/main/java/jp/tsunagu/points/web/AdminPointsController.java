package jp.tsunagu.points.web;

import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import jp.tsunagu.activity.ActivityType;
import jp.tsunagu.audit.AuditLog;
import jp.tsunagu.platform.Tile;
import jp.tsunagu.points.Points;
import jp.tsunagu.points.PointsRule;
import jp.tsunagu.points.RuleRefused;

/**
 * Administrators set what each activity earns and its caps, and see each programme's budget: what
 * the city put in, what was paid out, what is left; they add to the budget. Every change audited.
 */
@Controller
class AdminPointsController {

	private final Points points;

	private final AuditLog audit;

	AdminPointsController(Points points, AuditLog audit) {
		this.points = points;
		this.audit = audit;
	}

	@GetMapping("/admin/points")
	String show(Model model) {
		return page(model, Map.of(), null);
	}

	@PostMapping("/admin/points/rules")
	String saveRule(@RequestParam(defaultValue = "") String activityType, @RequestParam(defaultValue = "") String points,
			@RequestParam(defaultValue = "") String dailyCap, @RequestParam(defaultValue = "") String monthlyCap,
			Principal admin, Model model, RedirectAttributes redirect) {
		var errors = new LinkedHashMap<String, String>();
		if (java.util.Arrays.stream(ActivityType.values()).noneMatch(t -> t.name().equals(activityType))) {
			errors.put("activityType", "points.admin.type.invalid");
			return page(model, errors, null);
		}
		int p = number(points);
		int daily = number(dailyCap);
		int monthly = number(monthlyCap);
		if (p < 0) {
			errors.put("points", "points.admin.number.invalid");
		}
		if (daily < 0) {
			errors.put("dailyCap", "points.admin.number.invalid");
		}
		if (monthly < 0) {
			errors.put("monthlyCap", "points.admin.number.invalid");
		}
		if (errors.isEmpty()) {
			try {
				var rule = new PointsRule(activityType, p, daily, monthly);
				this.points.saveRule(rule);
				audit.record(admin.getName(), "points.rule.changed", activityType,
						p + " points, " + daily + "/day, " + monthly + "/month");
				redirect.addFlashAttribute("done", "points.admin.rule.saved");
				return "redirect:/admin/points";
			}
			catch (RuleRefused refused) {
				errors.put(refused.field(), "points.admin.rule." + refused.field() + ".refused");
			}
		}
		return page(model, errors, activityType);
	}

	@PostMapping("/admin/points/budget")
	String fund(@RequestParam(defaultValue = "") String amount, @RequestParam(defaultValue = "") String memo,
			Principal admin, Model model, RedirectAttributes redirect) {
		var errors = new LinkedHashMap<String, String>();
		int n = number(amount);
		if (n < 1) {
			errors.put("amount", "points.admin.budget.amount.invalid");
		}
		var why = memo.strip();
		if (why.isEmpty() || why.length() > 200) {
			errors.put("memo", "points.admin.budget.memo.invalid");
		}
		if (!errors.isEmpty()) {
			return page(model, errors, null);
		}
		var entry = points.fund(n, why, admin.getName());
		audit.record(admin.getName(), "points.budget.funded", entry.toString(), n + " " + why);
		redirect.addFlashAttribute("done", "points.admin.budget.saved");
		return "redirect:/admin/points";
	}

	@PostMapping("/admin/points/campaigns")
	String startCampaign(@RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String activityType,
			@RequestParam(defaultValue = "") String area, @RequestParam(defaultValue = "") String minAge,
			@RequestParam(defaultValue = "") String startsOn, @RequestParam(defaultValue = "") String endsOn,
			@RequestParam(defaultValue = "") String percent, Principal admin, Model model, RedirectAttributes redirect) {
		var errors = new LinkedHashMap<String, String>();
		var type = java.util.Arrays.stream(ActivityType.values()).filter(t -> t.name().equals(activityType)).findFirst();
		if (!activityType.isEmpty() && type.isEmpty()) {
			errors.put("activityType", "points.admin.type.invalid");
		}
		var where = java.util.Arrays.stream(jp.tsunagu.residents.Area.values()).filter(a -> a.name().equals(area)).findFirst();
		if (!area.isEmpty() && where.isEmpty()) {
			errors.put("area", "points.admin.campaign.area.invalid");
		}
		Integer age = minAge.isBlank() ? null : number(minAge);
		if (age != null && (age < 0 || age > 120)) {
			errors.put("minAge", "points.admin.campaign.minAge.refused");
		}
		var from = day(startsOn);
		var until = day(endsOn);
		if (from == null) {
			errors.put("startsOn", "points.admin.campaign.day.invalid");
		}
		if (until == null) {
			errors.put("endsOn", "points.admin.campaign.day.invalid");
		}
		int p = number(percent);
		if (errors.isEmpty()) {
			try {
				var campaign = points.startCampaign(name, type.orElse(null), where.orElse(null), age, from, until, p,
						admin.getName());
				audit.record(admin.getName(), "points.campaign.started", campaign.id().toString(),
						campaign.name() + " " + campaign.percent() + "% " + campaign.startsOn() + "〜" + campaign.endsOn());
				redirect.addFlashAttribute("done", "points.admin.campaign.saved");
				return "redirect:/admin/points";
			}
			catch (RuleRefused refused) {
				errors.put(refused.field(), "points.admin.campaign." + refused.field() + ".refused");
			}
		}
		model.addAttribute("campaignForm", Map.of("name", name.length() > 100 ? "" : name, "activityType", activityType,
				"area", area, "minAge", minAge.length() > 3 ? "" : minAge, "startsOn", startsOn.length() > 10 ? "" : startsOn,
				"endsOn", endsOn.length() > 10 ? "" : endsOn, "percent", percent.length() > 3 ? "" : percent));
		return page(model, errors, null);
	}

	private static java.time.@org.jspecify.annotations.Nullable LocalDate day(String typed) {
		try {
			return java.time.LocalDate.parse(java.text.Normalizer.normalize(typed.strip(), java.text.Normalizer.Form.NFKC));
		}
		catch (java.time.format.DateTimeParseException notADay) {
			return null;
		}
	}

	private String page(Model model, Map<String, String> errors, @org.jspecify.annotations.Nullable String failedRule) {
		model.addAttribute("rules", points.rules());
		model.addAttribute("budgets", points.budgets());
		model.addAttribute("errors", errors);
		model.addAttribute("failedRule", failedRule);
		model.addAttribute("campaigns", points.campaigns());
		model.addAttribute("activityTypes", points.rules().stream().map(PointsRule::activityType).toList());
		model.addAttribute("areas", jp.tsunagu.residents.Area.values());
		if (!model.containsAttribute("campaignForm")) {
			model.addAttribute("campaignForm", Map.of("name", "", "activityType", "", "area", "", "minAge", "",
					"startsOn", "", "endsOn", "", "percent", "200"));
		}
		return "points/admin";
	}

	/** A whole number up to 100,000,000 as typed (full-width digits and commas allowed), or -1. */
	private static int number(String typed) {
		int n = jp.tsunagu.platform.Text.wholeNumber(typed);
		return n <= 100_000_000 ? n : -1;
	}

	@Bean
	static Tile pointsAdminTile() {
		return new Tile(Tile.Screen.ADMIN, 40, "tile.points-admin", "coin", "/admin/points", Set.of("ADMIN"));
	}
}
