package jp.tsunagu.outreach.web;

import java.security.Principal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Set;
import java.util.UUID;

import jakarta.validation.constraints.Size;

import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import jp.tsunagu.audit.AuditLog;
import jp.tsunagu.events.Events;
import jp.tsunagu.outreach.Notices;
import jp.tsunagu.outreach.Segment;
import jp.tsunagu.platform.Tile;
import jp.tsunagu.residents.Area;
import jp.tsunagu.platform.Tokyo;
import jp.tsunagu.platform.Text;

/**
 * Staff write a notice and choose who sees it: everyone, or residents of an area, an age band, or
 * who have not been out for some days. "Check who it reaches" counts them before publishing.
 */
@Controller
@RequestMapping("/staff/notices")
class StaffNoticesController {

	private final Notices notices;

	private final AuditLog audit;

	private final Clock clock;

	private final Events events;

	StaffNoticesController(Notices notices, AuditLog audit, Clock clock, Events events) {
		this.events = events;
		this.notices = notices;
		this.audit = audit;
		this.clock = clock;
	}

	@GetMapping
	String list(Model model, @RequestParam(required = false) @Nullable Area area,
			@RequestParam(required = false) @Nullable Integer minAge,
			@RequestParam(required = false) @Nullable Integer maxAge,
			@RequestParam(required = false) @Nullable Integer notOutForDays,
			@RequestParam(required = false) @Nullable UUID attendedEvent,
			@RequestParam(required = false) @Size(max = 40) @Nullable String attendedTag) {
		var segment = new Segment(area, minAge, maxAge, notOutForDays, attendedEvent, Text.blankToNull(attendedTag));
		model.addAttribute("notices", notices.current());
		model.addAttribute("areas", Area.values());
		model.addAttribute("segment", segment);
		model.addAttribute("reach", notices.reach(segment));
		model.addAttribute("events", events.recentAndComing(60));
		return "outreach/staff-notices";
	}

	@PostMapping
	String publish(@RequestParam String title, @RequestParam String body, @RequestParam(defaultValue = "7") int days,
			@RequestParam(required = false) @Nullable Area area, @RequestParam(required = false) @Nullable Integer minAge,
			@RequestParam(required = false) @Nullable Integer maxAge,
			@RequestParam(required = false) @Nullable Integer notOutForDays,
			@RequestParam(required = false) @Nullable UUID attendedEvent,
			@RequestParam(required = false) @Nullable String attendedTag, Principal staff, RedirectAttributes redirect) {
		// the columns: title 200, body 4000, tag 40 characters
		if (title.isBlank() || body.isBlank() || days < 1 || days > 90 || title.length() > 200 || body.length() > 4000
				|| (attendedTag != null && attendedTag.strip().length() > 40)) {
			redirect.addFlashAttribute("error", "notices.invalid");
			return "redirect:/staff/notices";
		}
		var today = Tokyo.today(clock);
		var notice = notices.publish(title, body,
				new Segment(area, minAge, maxAge, notOutForDays, attendedEvent, Text.blankToNull(attendedTag)), today,
				today.plusDays(days - 1), staff.getName());
		audit.record(staff.getName(), "notice.published", notice.id().toString(), title);
		redirect.addFlashAttribute("done", "notices.published");
		return "redirect:/staff/notices";
	}

	@Bean
	static Tile noticesTile() {
		return new Tile(Tile.Screen.STAFF, 40, "tile.notices", "calendar", "/staff/notices", Set.of("STAFF", "ADMIN"));
	}
}
