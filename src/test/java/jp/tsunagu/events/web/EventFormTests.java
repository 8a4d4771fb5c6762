package jp.tsunagu.events.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.validation.BindingResult;
import org.springframework.validation.DirectFieldBindingResult;

import jp.tsunagu.events.EventKind;
import jp.tsunagu.residents.Area;

/** The staff's event form becomes a draft only for a real date, today or later, and a span that ends after it starts. */
class EventFormTests {

	static final LocalDate TODAY = LocalDate.of(2026, 12, 2);

	@Test
	void whenTheFormIsValidThenTheDraftHasTokyoTimesTheAreasAndTheTags() {
		var form = form("2026", "12", "10", "9:30", "11:00", List.of(Area.MOMIJIDAI, Area.AOBA), "健康, 体操");
		var result = result(form);
		var draft = form.draft(result, TODAY);
		assertThat(result.hasErrors()).isFalse();
		assertThat(draft).isNotNull();
		assertThat(draft.startsAt()).isEqualTo(Instant.parse("2026-12-10T00:30:00Z"));
		assertThat(draft.endsAt()).isEqualTo(Instant.parse("2026-12-10T02:00:00Z"));
		assertThat(draft.targetAreas()).containsExactlyInAnyOrder(Area.MOMIJIDAI, Area.AOBA);
		assertThat(draft.tags()).containsExactly("健康", "体操");
		assertThat(draft).extracting("title", "place", "kind", "capacity").containsExactly("体操教室", "もみじ台集会所",
				EventKind.HEALTH, 20);
	}

	@Test
	void whenNoAreaIsTickedThenTheDraftTargetsNoParticularArea() {
		assertThat(form("2026", "12", "10", "14:00", "15:30", null, "").draft(result(null), TODAY).targetAreas()).isEmpty();
		assertThat(form("2026", "12", "10", "14:00", "15:30", List.of(), null).draft(result(null), TODAY).targetAreas())
			.isEmpty();
	}

	@Test
	void whenTheDateIsTodayThenItIsAcceptedAndWhenItIsYesterdayThenItIsRefusedAsPast() {
		assertThat(form("2026", "12", "2", "14:00", "15:30", null, "").draft(result(null), TODAY)).isNotNull();
		var form = form("2026", "12", "1", "14:00", "15:30", null, "");
		var result = result(form);
		assertThat(form.draft(result, TODAY)).isNull();
		assertThat(result.getFieldError("year")).extracting(e -> e.getCode()).isEqualTo("event.date.past");
	}

	@Test
	void whenTheEventEndsWhenOrBeforeItStartsThenTheEndTimeIsRefused() {
		for (var end : List.of("14:00", "13:59", "9:00")) {
			var form = form("2026", "12", "10", "14:00", end, null, "");
			var result = result(form);
			assertThat(form.draft(result, TODAY)).as(end).isNull();
			assertThat(result.getFieldError("endTime")).as(end).extracting(e -> e.getCode()).isEqualTo("event.time.order");
		}
	}

	@Test
	void whenTheDateOrATimeDoesNotExistThenItIsAFieldErrorNotAnException() {
		assertThat(form("2028", "2", "29", "14:00", "15:30", null, "").draft(result(null), TODAY)).as("leap day").isNotNull();
		for (var form : List.of(form("2027", "2", "29", "14:00", "15:30", null, ""),
				form("2026", "13", "1", "14:00", "15:30", null, ""), form("2026", "12", "32", "14:00", "15:30", null, ""),
				form("2026", "12", "10", "24:00", "24:30", null, ""), form("2026", "12", "10", "14:60", "15:30", null, ""))) {
			var result = result(form);
			assertThat(form.draft(result, TODAY)).as(form.toString()).isNull();
			assertThat(result.getFieldError("year")).as(form.toString()).extracting(e -> e.getCode())
				.isEqualTo("event.date.invalid");
		}
	}

	@Test
	void whenTheFormAlreadyHasErrorsThenNoDraftIsMadeAndNoErrorAdded() {
		var form = form("2026", "12", "1", "14:00", "13:00", null, "");
		var result = result(form);
		result.rejectValue("title", "NotBlank");
		assertThat(form.draft(result, TODAY)).isNull();
		assertThat(result.getErrorCount()).isEqualTo(1);
	}

	@Test
	void whenTagsAreSeparatedByCommasSpacesOrTheirFullWidthFormsThenEachTagIsKeptOnceInOrder() {
		assertThat(EventForm.tagSet("健康, 体操　農園")).containsExactly("健康", "体操", "農園");
		assertThat(EventForm.tagSet("健康、体操，農園 健康")).containsExactly("健康", "体操", "農園");
		assertThat(EventForm.tagSet("  ,、 　")).isEmpty();
		assertThat(EventForm.tagSet(null)).isEmpty();
		assertThat(EventForm.tagSet("ヨガ")).isEqualTo(Set.of("ヨガ"));
	}

	static EventForm form(String year, String month, String day, String start, String end, @Nullable List<Area> areas,
			@Nullable String tags) {
		return new EventForm("体操教室", "椅子に座ってできる体操です。", "もみじ台集会所", EventKind.HEALTH, year, month, day, start, end,
				20, areas, tags);
	}

	static BindingResult result(@Nullable EventForm form) {
		return new DirectFieldBindingResult(form == null ? EventForm.empty() : form, "form");
	}
}
