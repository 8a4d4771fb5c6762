package jp.tsunagu.portal;

import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import jp.tsunagu.activity.CommunityRecord;
import jp.tsunagu.identity.SignedIn;
import jp.tsunagu.residents.Resident;
import jp.tsunagu.residents.Residents;
import jp.tsunagu.residents.WatcherLink;
import jp.tsunagu.residents.Watchers;

/**
 * The watcher's side ("見守っている方"): ask to watch over someone by their login id, and, once they
 * approved, see how often they went out. Nothing of a resident shows before approval or after it ends.
 */
@Controller
class WatchingController {

	record Watched(WatcherLink link, @Nullable Resident resident, CommunityRecord.@Nullable Summary record) {
	}

	private final Watchers watchers;

	private final Residents residents;

	private final CommunityRecord records;

	WatchingController(Watchers watchers, Residents residents, CommunityRecord records) {
		this.watchers = watchers;
		this.residents = residents;
		this.records = records;
	}

	@GetMapping("/watching")
	String list(SignedIn me, Model model) {
		model.addAttribute("watched", watchers.watchedBy(me.id()).stream().map(l -> {
			boolean approved = l.status() == WatcherLink.Status.APPROVED && watchers.watches(me.id(), l.resident());
			return new Watched(l, approved ? residents.find(l.resident()).orElse(null) : null,
					approved ? records.of(l.resident()) : null);
		}).toList());
		return "portal/watching";
	}

	@PostMapping("/watching")
	String request(@RequestParam String login, @RequestParam WatcherLink.Relation relation, SignedIn me,
			RedirectAttributes redirect) {
		var link = watchers.request(me.id(), login, relation);
		redirect.addFlashAttribute(link.isPresent() ? "done" : "error",
				link.isPresent() ? "watching.requested" : "watching.unknown");
		return "redirect:/watching";
	}

	/** "見守りをやめる" asks first; once approved the page names the resident, before it only the request. */
	@GetMapping("/watching/{id}/end")
	String confirmEnd(@PathVariable UUID id, SignedIn me, Model model) {
		var link = watchers.openLink(me.id(), id).filter(l -> l.watcher().equals(me.id()))
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		var name = link.status() == WatcherLink.Status.APPROVED
				? residents.find(link.resident()).map(Resident::name).orElse(null) : null;
		model.addAttribute("link", link);
		model.addAttribute("name", name);
		return "portal/watching-confirm";
	}

	@PostMapping("/watching/{id}/end")
	String end(@PathVariable UUID id, SignedIn me, RedirectAttributes redirect) {
		if (watchers.end(me.id(), id)) {
			redirect.addFlashAttribute("done", "watching.ended");
		}
		return "redirect:/watching";
	}

}
