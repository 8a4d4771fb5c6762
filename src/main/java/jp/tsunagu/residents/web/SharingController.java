package jp.tsunagu.residents.web;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
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

import jp.tsunagu.identity.PartnerClientNotFound;
import jp.tsunagu.identity.SignedIn;
import jp.tsunagu.identity.PartnerClients;
import jp.tsunagu.platform.Tile;
import jp.tsunagu.residents.DataSharing;
import jp.tsunagu.residents.SharingPurpose;

/**
 * "情報の共有": the resident sees which partner may have which of their data and why, agrees on a
 * page that says it in plain words (a partner links here with ?partner=…&purpose=…), and withdraws
 * after a confirmation. Only the signed-in resident's own consents.
 */
@Controller
class SharingController {

	record Row(UUID id, String partnerName, SharingPurpose purpose, String wordingVersion, Instant givenAt,
			@Nullable Instant withdrawnAt) {
	}

	private final DataSharing sharing;

	private final PartnerClients partners;

	SharingController(DataSharing sharing, PartnerClients partners) {
		this.sharing = sharing;
		this.partners = partners;
	}

	@GetMapping("/sharing")
	String list(SignedIn me, Model model) {
		var consents = sharing.of(me.id());
		var names = partners.names(consents.stream().map(c -> c.partner()).toList());
		model.addAttribute("consents", consents.stream()
			.map(c -> new Row(c.id(), names.getOrDefault(c.partner(), c.partner()), c.purpose(), c.wordingVersion(),
					c.givenAt(), c.withdrawnAt()))
			.toList());
		return "residents/sharing";
	}

	@GetMapping("/sharing/new")
	String ask(@RequestParam String partner, @RequestParam SharingPurpose purpose, Model model) {
		var client = partners.find(partner).orElseThrow(PartnerClientNotFound::new);
		model.addAttribute("partner", client);
		model.addAttribute("purpose", purpose);
		model.addAttribute("version", SharingPurpose.WORDING_VERSION);
		return "residents/sharing-ask";
	}

	@PostMapping("/sharing")
	String give(@RequestParam String partner, @RequestParam SharingPurpose purpose, SignedIn me,
			RedirectAttributes redirect) {
		partners.find(partner).orElseThrow(PartnerClientNotFound::new);
		sharing.give(me.id(), partner, purpose);
		redirect.addFlashAttribute("done", "sharing.given");
		return "redirect:/sharing";
	}

	@GetMapping("/sharing/{id}/withdraw")
	String confirmWithdraw(@PathVariable UUID id, SignedIn me, Model model) {
		var consent = sharing.of(me.id()).stream()
			.filter(c -> c.id().equals(id) && c.active())
			.findFirst()
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		model.addAttribute("consent", consent);
		model.addAttribute("partnerName", partnerName(consent.partner()));
		return "residents/sharing-withdraw";
	}

	@PostMapping("/sharing/{id}/withdraw")
	String withdraw(@PathVariable UUID id, SignedIn me, RedirectAttributes redirect) {
		if (sharing.withdraw(me.id(), id)) {
			redirect.addFlashAttribute("done", "sharing.withdrawn");
		}
		return "redirect:/sharing";
	}

	private String partnerName(String clientId) {
		return partners.find(clientId).map(p -> p.name()).orElse(clientId);
	}


	@Bean
	static Tile sharingTile() {
		return new Tile(Tile.Screen.RESIDENT, 850, "tile.sharing", "link", "/sharing", Set.of("RESIDENT"));
	}
}
