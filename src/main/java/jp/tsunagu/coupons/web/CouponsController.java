package jp.tsunagu.coupons.web;

import java.util.Set;
import java.util.UUID;

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

import jp.tsunagu.coupons.CampaignNotOffered;
import jp.tsunagu.coupons.CampaignSoldOut;
import jp.tsunagu.coupons.CouponLimitReached;
import jp.tsunagu.coupons.Coupons;
import jp.tsunagu.identity.SignedIn;
import jp.tsunagu.platform.QrCodes;
import jp.tsunagu.platform.Tile;
import jp.tsunagu.points.NotEnoughPoints;
import jp.tsunagu.points.Points;
import jp.tsunagu.shops.Shops;

/**
 * The resident's coupons: from home, the list (1 tap), an offer with what it costs (2), 「もらう」
 * (3), and the coupon as a QR code and a short code to show at the till. Only their own.
 */
@Controller
class CouponsController {

	private final Coupons coupons;

	private final Points points;

	private final Shops shops;

	CouponsController(Coupons coupons, Points points, Shops shops) {
		this.coupons = coupons;
		this.points = points;
		this.shops = shops;
	}

	@GetMapping("/coupons")
	String list(SignedIn me, Model model) {
		var held = coupons.held(me.id());
		model.addAttribute("offers", coupons.offersFor(me.id()));
		model.addAttribute("unused", held.stream().filter(v -> !v.coupon().used()).toList());
		model.addAttribute("used", held.stream().filter(v -> v.coupon().used()).limit(10).toList());
		model.addAttribute("balance", points.balance(me.id()));
		model.addAttribute("shopNames", ShopNames.of(shops));
		return "coupons/list";
	}

	@GetMapping("/coupons/offers/{id}")
	String offer(@PathVariable String id, SignedIn me, Model model) {
		var campaign = coupons.campaign(id);
		if (coupons.offersFor(me.id()).stream().noneMatch(c -> c.id().equals(campaign.id()))) {
			throw new CampaignNotOffered(id);
		}
		model.addAttribute("campaign", campaign);
		model.addAttribute("balance", points.balance(me.id()));
		model.addAttribute("shopNames", ShopNames.of(shops));
		// the request's own key: a double tap or a resent form gets the same coupon, paid once
		model.addAttribute("key", UUID.randomUUID());
		return "coupons/offer";
	}

	@PostMapping("/coupons/offers/{id}")
	String obtain(@PathVariable String id, @RequestParam UUID key, SignedIn me, RedirectAttributes redirect) {
		var campaign = coupons.campaign(id);
		try {
			var coupon = coupons.obtain(me.id(), campaign.id(), key);
			return "redirect:/coupons/" + coupon.coupon().id() + "?new";
		}
		catch (NotEnoughPoints | CampaignSoldOut | CouponLimitReached refused) {
			redirect.addFlashAttribute("refused", "coupons.refused." + refused.getClass().getSimpleName());
			return "redirect:/coupons/offers/" + campaign.id();
		}
	}

	@GetMapping("/coupons/{id}")
	String show(@PathVariable String id, SignedIn me, Model model) {
		model.addAttribute("view", coupons.heldBy(me.id(), id));
		return "coupons/show";
	}

	@GetMapping(path = "/coupons/{id}/qr.png", produces = MediaType.IMAGE_PNG_VALUE)
	ResponseEntity<byte[]> qr(@PathVariable String id, SignedIn me) {
		var view = coupons.heldBy(me.id(), id);
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).contentType(MediaType.IMAGE_PNG)
			.body(QrCodes.png(view.qr(), 480, 2));
	}

	@Bean
	static Tile couponsTile() {
		return new Tile(Tile.Screen.RESIDENT, 45, "tile.coupons", "shop", "/coupons", Set.of("RESIDENT"));
	}
}
