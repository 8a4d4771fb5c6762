package jp.tsunagu.residents.web;

import java.util.Set;
import java.util.UUID;

import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import jp.tsunagu.identity.AccountId;
import jp.tsunagu.identity.Accounts;
import jp.tsunagu.identity.SignedIn;
import jp.tsunagu.platform.Tile;
import jp.tsunagu.residents.WatcherLink;
import jp.tsunagu.residents.Watchers;

/**
 * "見守り": the resident sees who asked to watch over them, approves or declines in plain words, and
 * ends a watcher's access at any time. Only their own links.
 */
@Controller
class WatchersController {

	record Row(WatcherLink link, String watcherName) {
	}

	private final Watchers watchers;

	private final Accounts accounts;

	WatchersController(Watchers watchers, Accounts accounts) {
		this.watchers = watchers;
		this.accounts = accounts;
	}

	@GetMapping("/watchers")
	String list(SignedIn me, Model model) {
		var open = watchers.of(me.id()).stream()
			.filter(l -> l.status() == WatcherLink.Status.REQUESTED || l.status() == WatcherLink.Status.APPROVED)
			.toList();
		var names = accounts.findAll(open.stream().map(WatcherLink::watcher).toList());
		model.addAttribute("links", open.stream()
			.map(l -> new Row(l, names.containsKey(l.watcher()) ? names.get(l.watcher()).displayName() : "—"))
			.toList());
		return "residents/watchers";
	}

	@PostMapping("/watchers/{id}/answer")
	String answer(@PathVariable UUID id, @RequestParam boolean approve, SignedIn me, RedirectAttributes redirect) {
		if (watchers.answer(me.id(), id, approve)) {
			redirect.addFlashAttribute("done", approve ? "watchers.approved" : "watchers.declined");
		}
		return "redirect:/watchers";
	}

	@PostMapping("/watchers/{id}/end")
	String end(@PathVariable UUID id, SignedIn me, RedirectAttributes redirect) {
		if (watchers.end(me.id(), id)) {
			redirect.addFlashAttribute("done", "watchers.ended");
		}
		return "redirect:/watchers";
	}


	@Bean
	static Tile watchersTile() {
		return new Tile(Tile.Screen.RESIDENT, 860, "tile.watchers", "people", "/watchers", Set.of("RESIDENT"));
	}
}
