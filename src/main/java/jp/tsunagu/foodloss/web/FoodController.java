package jp.tsunagu.foodloss.web;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Bean;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import jp.tsunagu.foodloss.FoodLimitReached;
import jp.tsunagu.foodloss.FoodLoss;
import jp.tsunagu.foodloss.FoodOfferNotFound;
import jp.tsunagu.foodloss.FoodPickupOver;
import jp.tsunagu.foodloss.FoodQuantityRefused;
import jp.tsunagu.foodloss.FoodSoldOut;
import jp.tsunagu.identity.SignedIn;
import jp.tsunagu.platform.Tile;

/**
 * Residents' food loss: what the shops have left, nearest first; one offer per page with one
 * primary button; a confirmation that says what, how many, when and where; 「わたしの予約」. Every
 * action acts on the signed-in resident only.
 */
@Controller
class FoodController {

	private final FoodLoss food;

	FoodController(FoodLoss food) {
		this.food = food;
	}

	@GetMapping("/food")
	String list(SignedIn me, Model model) {
		var offers = food.offersFor(me.id());
		model.addAttribute("nearby", offers.stream().filter(v -> v.nearby()).toList());
		model.addAttribute("elsewhere", offers.stream().filter(v -> !v.nearby()).toList());
		return "foodloss/list";
	}

	@GetMapping("/food/{id}")
	String show(@PathVariable UUID id, SignedIn me, Model model) {
		model.addAttribute("view", food.offer(id, me.id()));
		return "foodloss/show";
	}

	/** The confirmation step: nothing is reserved until 「予約する」 on this page. */
	@GetMapping("/food/{id}/confirm")
	String confirm(@PathVariable UUID id, @RequestParam int quantity, SignedIn me, Model model) {
		var view = food.offer(id, me.id());
		if (view.mine() != null) {
			return "redirect:/food/reservations/" + view.mine().id();
		}
		if (quantity < 1 || quantity > view.offer().perResidentLimit()) {
			throw new FoodQuantityRefused();
		}
		model.addAttribute("view", view);
		model.addAttribute("quantity", quantity);
		return "foodloss/confirm";
	}

	@PostMapping("/food/{id}/reserve")
	String reserve(@PathVariable UUID id, @RequestParam int quantity, SignedIn me, Model model,
			HttpServletResponse response, RedirectAttributes redirect) {
		try {
			var reservation = food.reserve(id, me.id(), quantity);
			redirect.addFlashAttribute("done", "food.done.reserved");
			return "redirect:/food/reservations/" + reservation.id();
		}
		catch (FoodSoldOut ex) {
			return refused(response, model, id, me, ex.left() == 0 ? "food.refused.sold-out" : "food.refused.not-enough",
					ex.left());
		}
		catch (FoodLimitReached ex) {
			return refused(response, model, id, me, "food.refused.limit", ex.limit());
		}
		catch (FoodPickupOver ex) {
			return refused(response, model, id, me, "food.refused.over", 0);
		}
	}

	@GetMapping("/food/mine")
	String mine(SignedIn me, Model model) {
		model.addAttribute("reservations", food.reservationsOf(me.id()));
		return "foodloss/mine";
	}

	@GetMapping("/food/reservations/{id}")
	String reservation(@PathVariable UUID id, SignedIn me, Model model) {
		model.addAttribute("view", food.reservation(id, me.id()));
		return "foodloss/reservation";
	}

	@GetMapping("/food/reservations/{id}/cancel")
	String confirmCancel(@PathVariable UUID id, SignedIn me, Model model) {
		model.addAttribute("view", food.reservation(id, me.id()));
		return "foodloss/cancel";
	}

	@PostMapping("/food/reservations/{id}/cancel")
	String cancel(@PathVariable UUID id, SignedIn me, RedirectAttributes redirect) {
		if (food.cancel(id, me.id())) {
			redirect.addFlashAttribute("done", "food.done.cancelled");
		}
		return "redirect:/food/mine";
	}

	/** The offer's photo, with the type its bytes were found to be; never sniffed as anything else. */
	@GetMapping("/food/{id}/photo")
	ResponseEntity<byte[]> photo(@PathVariable UUID id) {
		var photo = food.photo(id).orElseThrow(FoodOfferNotFound::new);
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType(photo.contentType()))
			.cacheControl(CacheControl.maxAge(Duration.ofHours(1)).cachePrivate())
			.header("X-Content-Type-Options", "nosniff")
			.body(photo.bytes());
	}

	/** Not reserved: the offer page again, 409, saying why in plain words (残りがありません). */
	private String refused(HttpServletResponse response, Model model, UUID id, SignedIn me, String why, int count) {
		response.setStatus(HttpServletResponse.SC_CONFLICT);
		model.addAttribute("view", food.offer(id, me.id()));
		model.addAttribute("refused", why);
		model.addAttribute("refusedCount", count);
		return "foodloss/show";
	}

	@Bean
	static Tile foodTile() {
		return new Tile(Tile.Screen.RESIDENT, 45, "tile.foodloss", "food", "/food", Set.of("RESIDENT"));
	}
}
