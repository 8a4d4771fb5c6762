package jp.tsunagu.outreach;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import org.jspecify.annotations.Nullable;

import jp.tsunagu.residents.Area;
import jp.tsunagu.residents.Resident;

/**
 * Who a notice is for: every criterion given must hold; none given means everyone.
 *
 * @param notOutForDays residents whose last outing is older than this many days (or who never went out)
 */
public record Segment(@Nullable Area area, @Nullable Integer minAge, @Nullable Integer maxAge,
		@Nullable Integer notOutForDays) {

	public static final Segment EVERYONE = new Segment(null, null, null, null);

	public boolean everyone() {
		return area == null && minAge == null && maxAge == null && notOutForDays == null;
	}

	public boolean includes(Resident resident, @Nullable Instant lastOuting, LocalDate today) {
		int age = resident.ageOn(today);
		if (area != null && resident.area() != area) {
			return false;
		}
		if (minAge != null && age < minAge || maxAge != null && age > maxAge) {
			return false;
		}
		if (notOutForDays != null && lastOuting != null) {
			var lastDay = lastOuting.atZone(ZoneId.of("Asia/Tokyo")).toLocalDate();
			return lastDay.isBefore(today.minusDays(notOutForDays));
		}
		return true;
	}
}
