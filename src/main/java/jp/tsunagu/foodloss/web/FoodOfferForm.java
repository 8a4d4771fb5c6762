package jp.tsunagu.foodloss.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.jspecify.annotations.Nullable;
import org.springframework.validation.BindingResult;

import jp.tsunagu.foodloss.FoodOfferDraft;
import jp.tsunagu.foodloss.Photo;
import jp.tsunagu.platform.Tokyo;

/** The shop's form for an item left over: what, how many, price (0 = free), the day and the pickup times. */
record FoodOfferForm(@NotBlank @Size(max = 100) String itemName, @NotNull @Min(1) @Max(999) @Nullable Integer quantity,
		@NotNull @Min(1) @Max(99) @Nullable Integer perResidentLimit,
		@NotNull @Min(0) @Max(100_000) @Nullable Integer priceYen,
		@NotNull @Pattern(regexp = "\\d{4}-\\d{2}-\\d{2}") String pickupDay,
		@NotNull @Pattern(regexp = "\\d{1,2}:\\d{2}") String pickupFrom,
		@NotNull @Pattern(regexp = "\\d{1,2}:\\d{2}") String pickupUntil, @Size(max = 300) @Nullable String note) {

	static FoodOfferForm empty(LocalDate today) {
		return new FoodOfferForm("", 5, 2, 0, today.toString(), "17:00", "19:00", "");
	}

	/** The draft, or null with the mistakes in {@code result}: a window that ends before it starts or has passed. */
	@Nullable FoodOfferDraft draft(BindingResult result, Instant now, @Nullable Photo photo) {
		if (result.hasErrors()) {
			return null;
		}
		try {
			var day = LocalDate.parse(pickupDay);
			var from = day.atTime(LocalTime.parse(pad(pickupFrom))).atZone(Tokyo.ZONE).toInstant();
			var until = day.atTime(LocalTime.parse(pad(pickupUntil))).atZone(Tokyo.ZONE).toInstant();
			if (!until.isAfter(from)) {
				result.rejectValue("pickupUntil", "food.window.order");
			}
			else if (!until.isAfter(now)) {
				result.rejectValue("pickupUntil", "food.window.past");
			}
			if (perResidentLimit > quantity) {
				result.rejectValue("perResidentLimit", "food.limit.range");
			}
			return result.hasErrors() ? null
					: new FoodOfferDraft(itemName, quantity, perResidentLimit, priceYen, from, until, note, photo);
		}
		catch (RuntimeException notADayOrTime) {
			result.rejectValue("pickupDay", "food.window.invalid");
			return null;
		}
	}

	private static String pad(String time) {
		return time.length() == 4 ? "0" + time : time;
	}
}
