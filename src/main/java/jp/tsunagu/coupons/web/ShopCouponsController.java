package jp.tsunagu.coupons.web;

import java.time.Clock;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;

import org.springframework.context.annotation.Bean;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

import jp.tsunagu.audit.AuditLog;
import jp.tsunagu.coupons.CouponView;
import jp.tsunagu.coupons.Coupons;
import jp.tsunagu.coupons.NotAShopAccount;
import jp.tsunagu.coupons.internal.Printing;
import jp.tsunagu.identity.SignedIn;
import jp.tsunagu.platform.FormBinding;
import jp.tsunagu.platform.Tile;
import jp.tsunagu.platform.Tokyo;
import jp.tsunagu.residents.Area;
import jp.tsunagu.shops.Shop;
import jp.tsunagu.shops.Shops;

/**
 * The shop's till: read a coupon (the camera, a keyboard-wedge scanner or typing: all end in the one
 * code field), see what it is, use it; the month's redemptions and the statement the city pays
 * from; the shop's own campaigns. Every page acts for the shop the signed-in account works for.
 */
@Controller
@RequestMapping("/shop/coupons")
class ShopCouponsController {

	private final Coupons coupons;

	private final Shops shops;

	private final Printing printing;

	private final RedemptionWords words;

	private final AuditLog audit;

	private final Clock clock;

	ShopCouponsController(Coupons coupons, Shops shops, Printing printing, RedemptionWords words, AuditLog audit,
			Clock clock) {
		this.coupons = coupons;
		this.shops = shops;
		this.printing = printing;
		this.words = words;
		this.audit = audit;
		this.clock = clock;
	}

	@GetMapping("/redeem")
	String redeemPage(SignedIn me, Model model) {
		model.addAttribute("shop", shop(me));
		model.addAttribute("code", "");
		return "coupons/shop-redeem";
	}

	/** What the code is, before anything happens; a code that cannot be used says why, on the same page. */
	@GetMapping("/redeem/confirm")
	String confirm(@RequestParam(defaultValue = "") String code, SignedIn me, Model model,
			HttpServletResponse response) {
		var shop = shop(me);
		model.addAttribute("shop", shop);
		try {
			model.addAttribute("view", coupons.identify(code, shop));
			model.addAttribute("code", code.strip());
			return "coupons/shop-confirm";
		}
		catch (RuntimeException refused) {
			return refusedPage(refused, code, model, response);
		}
	}

	@PostMapping("/redeem")
	String redeem(@RequestParam(defaultValue = "") String code, SignedIn me, Model model,
			HttpServletResponse response) {
		var shop = shop(me);
		model.addAttribute("shop", shop);
		try {
			CouponView used = coupons.redeem(code, shop, me.id());
			model.addAttribute("view", used);
			return "coupons/shop-done";
		}
		catch (RuntimeException refused) {
			return refusedPage(refused, code, model, response);
		}
	}

	@GetMapping("/redemptions")
	String redemptions(@RequestParam(required = false) String month, SignedIn me, Model model) {
		var shop = shop(me);
		var chosen = month(month);
		var lines = coupons.redemptions(shop.id(), chosen);
		model.addAttribute("shop", shop);
		model.addAttribute("month", chosen);
		model.addAttribute("previous", chosen.minusMonths(1));
		model.addAttribute("lines", lines);
		model.addAttribute("total", Printing.total(lines));
		return "coupons/shop-redemptions";
	}

	@GetMapping("/redemptions.csv")
	ResponseEntity<byte[]> csv(@RequestParam(required = false) String month, SignedIn me, Locale locale) {
		var shop = shop(me);
		var chosen = month(month);
		audit.record(me.subject(), "coupons.statement.downloaded", shop.id().toString(), chosen + " csv");
		return file(printing.statementCsv(coupons.redemptions(shop.id(), chosen), locale), "statement-" + chosen + ".csv",
				new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8));
	}

	@GetMapping("/redemptions.pdf")
	ResponseEntity<byte[]> pdf(@RequestParam(required = false) String month, SignedIn me, Locale locale) {
		var shop = shop(me);
		var chosen = month(month);
		audit.record(me.subject(), "coupons.statement.downloaded", shop.id().toString(), chosen + " pdf");
		return file(printing.statementPdf(shop.name(), words.month(chosen, locale),
				coupons.redemptions(shop.id(), chosen), locale), "statement-" + chosen + ".pdf", MediaType.APPLICATION_PDF);
	}

	@GetMapping("/campaigns")
	String campaigns(SignedIn me, Model model) {
		var shop = shop(me);
		model.addAttribute("shop", shop);
		model.addAttribute("campaigns", coupons.campaigns(shop.id()));
		return "coupons/shop-campaigns";
	}

	@GetMapping("/campaigns/new")
	String newCampaign(SignedIn me, Model model) {
		model.addAttribute("shop", shop(me));
		model.addAttribute("form", CampaignForm.empty());
		return form(model);
	}

	@PostMapping("/campaigns")
	String create(@Valid @ModelAttribute("form") CampaignForm form, BindingResult result, SignedIn me, Model model) {
		var shop = shop(me);
		model.addAttribute("shop", shop);
		if (FormBinding.unconvertible(result)) {
			FormBinding.showAgain(result, model, CampaignForm.empty(), "coupons/campaign-new");
			return form(model);
		}
		var draft = form.draft(result, Tokyo.today(clock));
		if (draft == null) {
			return form(model);
		}
		var campaign = coupons.create(draft, shop.id(), me.subject());
		audit.record(me.subject(), "coupons.campaign.created", campaign.id().toString(), campaign.title());
		return "redirect:/shop/coupons/campaigns?created";
	}

	private String form(Model model) {
		model.addAttribute("areas", Area.values());
		model.addAttribute("kinds", jp.tsunagu.coupons.CampaignKind.values());
		model.addAttribute("action", "/shop/coupons/campaigns");
		model.addAttribute("shops", java.util.List.of());
		return "coupons/campaign-new";
	}

	private String refusedPage(RuntimeException refused, String code, Model model, HttpServletResponse response) {
		var refusal = words.refusal(refused);
		response.setStatus(refusal.status().value());
		model.addAttribute("refusal", refusal.text());
		model.addAttribute("code", code.length() > 100 ? "" : code.strip());
		return "coupons/shop-redeem";
	}

	private Shop shop(SignedIn me) {
		return shops.of(me.id()).orElseThrow(() -> new NotAShopAccount(me.subject()));
	}

	private YearMonth month(String month) {
		if (month == null || month.isBlank()) {
			return YearMonth.from(Tokyo.today(clock));
		}
		try {
			return YearMonth.parse(month);
		}
		catch (DateTimeParseException notAMonth) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "month as 2026-12");
		}
	}

	private static ResponseEntity<byte[]> file(byte[] body, String name, MediaType type) {
		return ResponseEntity.ok()
			.header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(name).build().toString())
			.header(HttpHeaders.CACHE_CONTROL, "no-store")
			.contentType(type)
			.body(body);
	}

	@Bean
	static Tile shopRedeemTile() {
		return new Tile(Tile.Screen.SHOP, 10, "tile.shop-redeem", "shop", "/shop/coupons/redeem", Set.of("SHOP", "ADMIN"));
	}

	@Bean
	static Tile shopRedemptionsTile() {
		return new Tile(Tile.Screen.SHOP, 20, "tile.shop-redemptions", "calendar", "/shop/coupons/redemptions",
				Set.of("SHOP", "ADMIN"));
	}

	@Bean
	static Tile shopCampaignsTile() {
		return new Tile(Tile.Screen.SHOP, 30, "tile.shop-campaigns", "gear", "/shop/coupons/campaigns",
				Set.of("SHOP", "ADMIN"));
	}
}
