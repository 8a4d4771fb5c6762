package jp.tsunagu.vitals.web;

import java.util.Set;

import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;

import jp.tsunagu.identity.SignedIn;
import jp.tsunagu.platform.Tile;

/**
 * 「わたしの健康」: the signed-in resident's own measurements, one tap from home; each kind also as a
 * page with the table of the same three months ({@code /health/blood-pressure}). Only residents have
 * one; there is no way to ask for another person's.
 */
@Controller
@PreAuthorize("hasRole('RESIDENT')")
class MyHealthController {

	private final HealthPages pages;

	MyHealthController(HealthPages pages) {
		this.pages = pages;
	}

	@GetMapping("/health")
	String mine(SignedIn me, Model model) {
		var kinds = pages.all(me.id());
		model.addAttribute("measured", kinds.stream().filter(k -> k.latest() != null).toList());
		model.addAttribute("unmeasured", kinds.stream().filter(k -> k.latest() == null).toList());
		return "vitals/health";
	}

	@GetMapping("/health/{slug}")
	String kind(@PathVariable String slug, SignedIn me, Model model) {
		var kind = pages.one(me.id(), slug).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		model.addAttribute("k", kind);
		return "vitals/health-kind";
	}

	@Bean
	static Tile myHealthTile() {
		return new Tile(Tile.Screen.RESIDENT, 50, "tile.my-health", "heart", "/health", Set.of("RESIDENT"));
	}
}
