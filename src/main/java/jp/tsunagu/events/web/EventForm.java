package jp.tsunagu.events.web;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.jspecify.annotations.Nullable;
import org.springframework.validation.BindingResult;

import jp.tsunagu.events.EventDraft;
import jp.tsunagu.events.EventKind;
import jp.tsunagu.residents.Area;
import jp.tsunagu.platform.Tokyo;

/** The staff's event form: date as three numbers, times as HH:MM, areas as checkboxes. */
record EventForm(@NotBlank @Size(max = 200) String title, @NotBlank @Size(max = 4000) String description,
		@NotBlank @Size(max = 200) String place, @NotNull @Nullable EventKind kind,
		@Pattern(regexp = "\\d{4}") String year, @Pattern(regexp = "\\d{1,2}") String month,
		@Pattern(regexp = "\\d{1,2}") String day, @Pattern(regexp = "\\d{1,2}:\\d{2}") String startTime,
		@Pattern(regexp = "\\d{1,2}:\\d{2}") String endTime, @NotNull @Min(1) @Max(1000) @Nullable Integer capacity,
		@Nullable List<Area> areas, @Size(max = 200) @Nullable String tags) {

	static final ZoneId TOKYO = Tokyo.ZONE;

	static EventForm empty() {
		return new EventForm("", "", "", null, "", "", "", "14:00", "15:30", 20, List.of(), "");
	}

	/** Date and times must make a real, future span; reported with the other mistakes. */
	@Nullable EventDraft draft(BindingResult result, LocalDate today) {
		if (result.hasErrors()) {
			return null;
		}
		try {
			var date = LocalDate.of(Integer.parseInt(year), Integer.parseInt(month), Integer.parseInt(day));
			var start = LocalTime.parse(pad(startTime));
			var end = LocalTime.parse(pad(endTime));
			if (date.isBefore(today)) {
				result.rejectValue("year", "event.date.past");
				return null;
			}
			if (!end.isAfter(start)) {
				result.rejectValue("endTime", "event.time.order");
				return null;
			}
			if (tagSet(tags).stream().anyMatch(t -> t.length() > 40)) {
				result.rejectValue("tags", "event.tags.too-long");
				return null;
			}
			var targets = areas == null || areas.isEmpty() ? EnumSet.noneOf(Area.class) : EnumSet.copyOf(areas);
			return new EventDraft(title, description, place, kind, date.atTime(start).atZone(TOKYO).toInstant(),
					date.atTime(end).atZone(TOKYO).toInstant(), capacity, targets, tagSet(tags));
		}
		catch (RuntimeException ex) {
			result.rejectValue("year", "event.date.invalid");
			return null;
		}
	}

	/** "健康, 体操　農園" → {健康, 体操, 農園}: commas, spaces or full-width spaces separate tags. */
	static java.util.Set<String> tagSet(@Nullable String text) {
		if (text == null) {
			return java.util.Set.of();
		}
		return java.util.Arrays.stream(text.split("[,、，\\s　]+")).map(String::strip).filter(t -> !t.isEmpty())
			.collect(java.util.stream.Collectors.toCollection(java.util.LinkedHashSet::new));
	}

	private static String pad(String time) {
		return time.length() == 4 ? "0" + time : time;
	}
}
