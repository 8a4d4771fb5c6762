package jp.tsunagu.activity.web;

import java.util.Set;

import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import jp.tsunagu.activity.CommunityRecord;
import jp.tsunagu.identity.SignedIn;
import jp.tsunagu.platform.Tile;

/** The signed-in resident's own community record; there is no way to ask for anyone else's. */
@Controller
class CommunityRecordController {

	private final CommunityRecord record;

	CommunityRecordController(CommunityRecord record) {
		this.record = record;
	}

	@GetMapping("/record")
	String record(SignedIn me, Model model) {
		model.addAttribute("summary", record.of(me.id()));
		return "activity/record";
	}

	@Bean
	static Tile communityRecordTile() {
		return new Tile(Tile.Screen.RESIDENT, 90, "tile.community-record", "walk", "/record", Set.of("RESIDENT"));
	}
}
