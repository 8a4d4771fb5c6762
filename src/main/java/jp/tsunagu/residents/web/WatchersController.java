package jp.tsunagu.residents.web;

import java.util.Set;
import java.util.UUID;

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

import jp.tsunagu.identity.AccountId;
import jp.tsunagu.identity.Accounts;
import jp.tsunagu.identity.SignedIn;
import jp.tsunagu.platform.Tile;
import jp.tsunagu.residents.WatcherLink;
import jp.tsunagu.residents.Watchers;

/**
 * "見守り": the resident sees who asked to watch over them, approves or declines in plain words, and
 * ends a watcher's access at any time, each ending after a page that asks first. Only their own links.
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

	/** "お断りする" asks first: declining cannot be taken back (they would have to ask again). */
	@GetMapping("/watchers/{id}/answer")
	String confirmDecline(@PathVariable UUID id, SignedIn me, Model model) {
		var link = ownOpen(me, id).filter(l -> l.status() == WatcherLink.Status.REQUESTED)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		model.addAttribute("row", row(link));
		model.addAttribute("decline", true);
		return "residents/watchers-confirm";
	}

	/** "見守りをやめてもらう" asks first, saying what will happen. */
	@GetMapping("/watchers/{id}/end")
	String confirmEnd(@PathVariable UUID id, SignedIn me, Model model) {
		var link = ownOpen(me, id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		model.addAttribute("row", row(link));
		model.addAttribute("decline", link.status() == WatcherLink.Status.REQUESTED);
		return "residents/watchers-confirm";
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
	/** Only a link addressed to this resident; the watcher's own side has its page in portal. */
	private java.util.Optional<WatcherLink> ownOpen(SignedIn me, UUID id) {
		return watchers.openLink(me.id(), id).filter(l -> l.resident().equals(me.id()));
	}

	private Row row(WatcherLink link) {
		return new Row(link, accounts.find(link.watcher()).map(a -> a.displayName()).orElse("—"));
	}

	@Bean
	static Tile watchersTile() {
		return new Tile(Tile.Screen.RESIDENT, 860, "tile.watchers", "watched", "/watchers", Set.of("RESIDENT"));
	}
}
