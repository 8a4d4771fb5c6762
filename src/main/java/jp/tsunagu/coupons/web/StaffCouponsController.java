package jp.tsunagu.coupons.web;

import java.security.Principal;
import java.time.Clock;
import java.util.Locale;
import java.util.Set;

import jakarta.validation.Valid;

import org.springframework.context.annotation.Bean;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import jp.tsunagu.audit.AuditLog;
import jp.tsunagu.coupons.CouponNotFound;
import jp.tsunagu.coupons.Coupons;
import jp.tsunagu.coupons.internal.Printing;
import jp.tsunagu.identity.AccountId;
import jp.tsunagu.platform.FormBinding;
import jp.tsunagu.platform.Tile;
import jp.tsunagu.platform.Tokyo;
import jp.tsunagu.residents.Area;
import jp.tsunagu.residents.Residents;
import jp.tsunagu.shops.ShopNotFound;
import jp.tsunagu.shops.Shops;

/**
 * The help desk at the community exchange area: find a resident, see their coupons, print one on
 * A4 or on the receipt printer; the city's campaigns. Looking and printing are audited.
 */
@Controller
@RequestMapping("/staff/coupons")
class StaffCouponsController {

	private final Coupons coupons;

	private final Residents residents;

	private final Shops shops;

	private final Printing printing;

	private final AuditLog audit;

	private final Clock clock;

	StaffCouponsController(Coupons coupons, Residents residents, Shops shops, Printing printing, AuditLog audit,
			Clock clock) {
		this.coupons = coupons;
		this.residents = residents;
		this.shops = shops;
		this.printing = printing;
		this.audit = audit;
		this.clock = clock;
	}

	@GetMapping
	String desk(@RequestParam(defaultValue = "") String q, Model model) {
		model.addAttribute("q", q);
		model.addAttribute("found", q.isBlank() || q.length() > 100 ? java.util.List.of() : residents.search(q, null));
		model.addAttribute("campaigns", coupons.campaigns(null));
		model.addAttribute("shopNames", ShopNames.of(shops));
		return "coupons/staff-desk";
	}

	@GetMapping("/residents/{id}")
	String resident(@PathVariable String id, Principal staff, Model model) {
		var resident = residents.find(new AccountId(uuid(id))).orElseThrow(() -> new CouponNotFound(id));
		audit.record(staff.getName(), "coupons.viewed", resident.account().toString(), null);
		model.addAttribute("resident", resident);
		model.addAttribute("coupons", coupons.held(resident.account()));
		return "coupons/staff-resident";
	}

	@GetMapping(path = "/{id}/slip.pdf")
	ResponseEntity<byte[]> slip(@PathVariable String id, @RequestParam(defaultValue = "A4") String paper,
			Principal staff, Locale locale) {
		var size = "RECEIPT".equals(paper) ? Printing.Paper.RECEIPT : Printing.Paper.A4;
		var view = coupons.find(id);
		var resident = residents.find(view.coupon().resident()).orElseThrow(() -> new CouponNotFound(id));
		var address = view.campaign().shop() == null ? null : shops.find(view.campaign().shop()).address();
		audit.record(staff.getName(), "coupon.printed", resident.account().toString(), view.coupon().id() + " " + size);
		var pdf = printing.slip(view, resident.name(), address, size, locale);
		return ResponseEntity.ok()
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.inline().filename("coupon-" + view.coupon().shortCode() + ".pdf").build().toString())
			.header(HttpHeaders.CACHE_CONTROL, "no-store")
			.contentType(MediaType.APPLICATION_PDF)
			.body(pdf);
	}

	@GetMapping("/campaigns/new")
	String newCampaign(Model model) {
		model.addAttribute("form", CampaignForm.empty());
		return form(model);
	}

	@PostMapping("/campaigns")
	String create(@Valid @ModelAttribute("form") CampaignForm form, BindingResult result, Principal staff, Model model) {
		if (FormBinding.unconvertible(result)) {
			FormBinding.showAgain(result, model, CampaignForm.empty(), "coupons/campaign-new");
			return form(model);
		}
		var draft = form.draft(result, Tokyo.today(clock));
		if (draft == null) {
			return form(model);
		}
		var shop = form.shop() == null || form.shop().isBlank() ? null : shops.find(form.shop()).id();
		var campaign = coupons.create(draft, shop, staff.getName());
		audit.record(staff.getName(), "coupons.campaign.created", campaign.id().toString(), campaign.title());
		return "redirect:/staff/coupons?created";
	}

	private String form(Model model) {
		model.addAttribute("areas", Area.values());
		model.addAttribute("kinds", jp.tsunagu.coupons.CampaignKind.values());
		model.addAttribute("action", "/staff/coupons/campaigns");
		model.addAttribute("shops", shops.all());
		return "coupons/campaign-new";
	}

	private static java.util.UUID uuid(String id) {
		try {
			return java.util.UUID.fromString(id);
		}
		catch (IllegalArgumentException notAnId) {
			throw new CouponNotFound(id);
		}
	}

	@Bean
	static Tile staffCouponsTile() {
		return new Tile(Tile.Screen.STAFF, 35, "tile.staff-coupons", "shop", "/staff/coupons", Set.of("STAFF", "ADMIN"));
	}
}
