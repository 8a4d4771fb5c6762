package jp.tsunagu.coupons.web;

import java.time.LocalDate;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.jspecify.annotations.Nullable;
import org.springframework.validation.BindingResult;

import jp.tsunagu.coupons.CampaignDraft;
import jp.tsunagu.coupons.CampaignKind;
import jp.tsunagu.coupons.Coupons;
import jp.tsunagu.platform.Tokyo;
import jp.tsunagu.residents.Area;

/**
 * A new campaign as a shop or the desk types it: from today to the last day given (three numbers),
 * free or for points, how many and how many each; optionally one area's residents only.
 */
record CampaignForm(@NotNull @Nullable CampaignKind kind, @NotBlank @Size(max = 100) String headline,
		@NotBlank @Size(max = 100) String worth, @NotNull @Min(0) @Max(Coupons.MAX_PRICE) @Nullable Integer pricePoints,
		@NotNull @Min(0) @Max(Coupons.MAX_YEN) @Nullable Integer settlementYen,
		@NotNull @Min(1) @Max(Coupons.MAX_STOCK) @Nullable Integer stock,
		@NotNull @Min(1) @Max(Coupons.MAX_PER_PERSON) @Nullable Integer perPerson,
		@Pattern(regexp = "\\d{4}") String year, @Pattern(regexp = "\\d{1,2}") String month,
		@Pattern(regexp = "\\d{1,2}") String day, @Nullable Area area, @Size(max = 36) @Nullable String shop) {

	static CampaignForm empty() {
		return new CampaignForm(CampaignKind.COUPON, "", "", 0, 0, 50, 1, "", "", "", null, "");
	}

	/** The draft, or null with the mistakes in {@code result}; the last day may be today, not earlier. */
	@Nullable CampaignDraft draft(BindingResult result, LocalDate today) {
		if (result.hasErrors()) {
			return null;
		}
		LocalDate last;
		try {
			last = LocalDate.of(Integer.parseInt(year), Integer.parseInt(month), Integer.parseInt(day));
		}
		catch (RuntimeException notADate) {
			result.rejectValue("year", "coupons.campaign.date.invalid");
			return null;
		}
		if (last.isBefore(today) || last.isAfter(today.plusYears(2))) {
			result.rejectValue("year", "coupons.campaign.date.range");
			return null;
		}
		return new CampaignDraft(kind, headline, worth, area, pricePoints, settlementYen,
				today.atStartOfDay(Tokyo.ZONE).toInstant(), last.plusDays(1).atStartOfDay(Tokyo.ZONE).toInstant(), stock,
				perPerson);
	}
}
