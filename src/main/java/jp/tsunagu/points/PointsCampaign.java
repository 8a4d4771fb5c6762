package jp.tsunagu.points;

import java.time.LocalDate;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import jp.tsunagu.residents.Area;

/**
 * For a period (Japan's days, both included), an activity (or every one, {@code activityType}
 * null) earns {@code percent} % of its points for residents of an area and an age from (null:
 * everyone); the day's and the month's caps grow alike, so a double-points week really doubles.
 */
public record PointsCampaign(UUID id, String name, @Nullable String activityType, @Nullable Area area,
		@Nullable Integer minAge, LocalDate startsOn, LocalDate endsOn, int percent) {

	public boolean coversDay(LocalDate day) {
		return !day.isBefore(startsOn) && !day.isAfter(endsOn);
	}
}
