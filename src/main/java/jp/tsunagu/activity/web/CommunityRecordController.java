package jp.tsunagu.activity.web;

import java.security.Principal;
import java.util.Set;

import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import jp.tsunagu.activity.CommunityRecord;
import jp.tsunagu.identity.Accounts;
import jp.tsunagu.platform.Tile;

/** The signed-in resident's own community record; there is no way to ask for anyone else's. */
@Controller
class CommunityRecordController {

	private final CommunityRecord record;

	private final Accounts accounts;

	CommunityRecordController(CommunityRecord record, Accounts accounts) {
		this.record = record;
		this.accounts = accounts;
	}

	@GetMapping("/record")
	String record(Principal principal, Model model) {
		var account = accounts.findBySubject(principal.getName()).orElseThrow();
		var summary = record.of(account.id());
		model.addAttribute("summary", summary);
		return "activity/record";
	}

	@Bean
	static Tile communityRecordTile() {
		return new Tile(Tile.Screen.RESIDENT, 90, "tile.community-record", "walk", "/record", Set.of("RESIDENT"));
	}
}
