package jp.tsunagu.outreach;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import jp.tsunagu.identity.AccountId;
import jp.tsunagu.residents.Area;
import jp.tsunagu.residents.Resident;
import jp.tsunagu.platform.Tokyo;

/**
 * Who a notice is for: every criterion given must hold; none given means everyone.
 *
 * @param notOutForDays residents whose last outing is older than this many days (or who never went out)
 * @param attendedEvent residents who were checked in at this event
 * @param attendedTag residents who were checked in at any event with this tag (their interests, as shown)
 */
public record Segment(@Nullable Area area, @Nullable Integer minAge, @Nullable Integer maxAge,
		@Nullable Integer notOutForDays, @Nullable UUID attendedEvent, @Nullable String attendedTag) {

	public static final Segment EVERYONE = new Segment(null, null, null, null, null, null);

	public boolean everyone() {
		return area == null && minAge == null && maxAge == null && notOutForDays == null && attendedEvent == null
				&& attendedTag == null;
	}

	/** Who came to what, looked up once per question and handed in here. */
	public record Attendance(@Nullable Set<AccountId> ofEvent, @Nullable Set<AccountId> ofTag) {
	}

	public boolean includes(Resident resident, @Nullable Instant lastOuting, LocalDate today, Attendance attendance) {
		if (attendance.ofEvent() != null && !attendance.ofEvent().contains(resident.account())
				|| attendance.ofTag() != null && !attendance.ofTag().contains(resident.account())) {
			return false;
		}
		int age = resident.ageOn(today);
		if (area != null && resident.area() != area) {
			return false;
		}
		if (minAge != null && age < minAge || maxAge != null && age > maxAge) {
			return false;
		}
		if (notOutForDays != null && lastOuting != null) {
			var lastDay = lastOuting.atZone(Tokyo.ZONE).toLocalDate();
			return lastDay.isBefore(today.minusDays(notOutForDays));
		}
		return true;
	}
}
