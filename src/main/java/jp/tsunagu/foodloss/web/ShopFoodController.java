package jp.tsunagu.foodloss.web;

import java.io.IOException;
import java.time.Clock;
import java.util.Set;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;

import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import jp.tsunagu.audit.AuditLog;
import jp.tsunagu.foodloss.FoodLoss;
import jp.tsunagu.foodloss.FoodOfferRefused;
import jp.tsunagu.foodloss.FoodPhotoRefused;
import jp.tsunagu.foodloss.FoodReservationNotActive;
import jp.tsunagu.foodloss.Photo;
import jp.tsunagu.identity.SignedIn;
import jp.tsunagu.platform.FormBinding;
import jp.tsunagu.platform.Tile;
import jp.tsunagu.platform.Tokyo;
import jp.tsunagu.shops.Shops;

/**
 * The shop's food-loss screens (a tablet or phone at the till): post an item left over, see who
 * reserved it, mark a pickup. Always the shop of the signed-in SHOP account, never one from a path.
 * A form with mistakes is shown again with 400 and nothing stored.
 */
@Controller
@RequestMapping("/shop/food")
class ShopFoodController {

	private final FoodLoss food;

	private final Shops shops;

	private final AuditLog audit;

	private final Clock clock;

	ShopFoodController(FoodLoss food, Shops shops, AuditLog audit, Clock clock) {
		this.food = food;
		this.shops = shops;
		this.audit = audit;
		this.clock = clock;
	}

	@GetMapping
	String list(SignedIn me, Model model, HttpServletResponse response) {
		var shop = shops.of(me.id());
		if (shop.isEmpty()) {
			return noShop(response);
		}
		model.addAttribute("shop", shop.get());
		model.addAttribute("offers", food.offersOf(shop.get()));
		return "foodloss/shop-list";
	}

	@GetMapping("/new")
	String form(SignedIn me, Model model, HttpServletResponse response) {
		if (shops.of(me.id()).isEmpty()) {
			return noShop(response);
		}
		model.addAttribute("form", FoodOfferForm.empty(Tokyo.today(clock)));
		return "foodloss/shop-new";
	}

	@PostMapping
	String post(@Valid @ModelAttribute("form") FoodOfferForm form, BindingResult result,
			@RequestParam(name = "photo", required = false) @Nullable MultipartFile upload, SignedIn me, Model model,
			HttpServletResponse response) throws IOException {
		var shop = shops.of(me.id());
		if (shop.isEmpty()) {
			return noShop(response);
		}
		if (FormBinding.unconvertible(result)) {
			response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
			return FormBinding.showAgain(result, model, FoodOfferForm.empty(Tokyo.today(clock)), "foodloss/shop-new");
		}
		var photo = photo(upload, result);
		var draft = form.draft(result, clock.instant(), photo);
		if (draft == null || result.hasErrors()) {
			response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
			return "foodloss/shop-new";
		}
		try {
			var offer = food.post(shop.get(), draft, me.subject());
			audit.record(me.subject(), "food.offer.posted", offer.id().toString(), offer.itemName());
			return "redirect:/shop/food/" + offer.id() + "?posted";
		}
		catch (FoodOfferRefused refused) {
			result.rejectValue(refused.field(), refused.code());
			response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
			return "foodloss/shop-new";
		}
	}

	@GetMapping("/{id}")
	String show(@PathVariable UUID id, SignedIn me, Model model, HttpServletResponse response) {
		var shop = shops.of(me.id());
		if (shop.isEmpty()) {
			return noShop(response);
		}
		model.addAttribute("shop", shop.get());
		model.addAttribute("offer", food.offerOf(shop.get(), id));
		model.addAttribute("reservations", food.reservationsFor(shop.get(), id));
		return "foodloss/shop-offer";
	}

	/** Marks the items handed over; a second mark (this till or another) says when it was marked. */
	@PostMapping("/{offer}/reservations/{id}/pickup")
	String pickUp(@PathVariable UUID offer, @PathVariable UUID id, SignedIn me, RedirectAttributes redirect,
			HttpServletResponse response) {
		var shop = shops.of(me.id());
		if (shop.isEmpty()) {
			return noShop(response);
		}
		food.offerOf(shop.get(), offer);
		try {
			var pickup = food.pickUp(shop.get(), id, me.subject());
			if (pickup.now()) {
				audit.record(me.subject(), "food.pickup.marked", id.toString(), offer.toString());
				redirect.addFlashAttribute("done", "food.shop.picked-up");
			}
			else {
				redirect.addFlashAttribute("already", pickup.reservation().changedAt());
			}
			redirect.addFlashAttribute("code", pickup.reservation().code());
		}
		catch (FoodReservationNotActive notActive) {
			redirect.addFlashAttribute("inactive", "food.shop.inactive." + notActive.status());
		}
		return "redirect:/shop/food/" + offer;
	}

	private static @Nullable Photo photo(@Nullable MultipartFile upload, BindingResult result) throws IOException {
		if (upload == null || upload.isEmpty()) {
			return null;
		}
		if (upload.getSize() > Photo.MAX_BYTES) {
			result.reject("food.photo.too-large");
			return null;
		}
		try {
			return Photo.of(upload.getBytes());
		}
		catch (FoodPhotoRefused refused) {
			result.reject("food.photo." + refused.reason());
			return null;
		}
	}

	/** A SHOP account not (yet) linked to a shop: the help desk links it; nothing to post for. */
	private static String noShop(HttpServletResponse response) {
		response.setStatus(HttpServletResponse.SC_FORBIDDEN);
		return "foodloss/shop-none";
	}


	@Bean
	static Tile shopFoodTile() {
		return new Tile(Tile.Screen.SHOP, 20, "tile.shop-food", "food", "/shop/food", Set.of("SHOP"));
	}
}
