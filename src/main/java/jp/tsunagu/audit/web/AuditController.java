package jp.tsunagu.audit.web;

import java.util.Set;

import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import jp.tsunagu.audit.AuditLog;
import jp.tsunagu.platform.Tile;

/** Administrators read who did what to whom: the latest 200 entries, newest first. */
@Controller
class AuditController {

	private final AuditLog audit;

	AuditController(AuditLog audit) {
		this.audit = audit;
	}

	@GetMapping("/admin/audit")
	String latest(Model model) {
		model.addAttribute("entries", audit.latest(200));
		return "audit/latest";
	}

	@Bean
	static Tile auditTile() {
		return new Tile(Tile.Screen.ADMIN, 30, "tile.audit", "search", "/admin/audit", Set.of("ADMIN"));
	}
}
