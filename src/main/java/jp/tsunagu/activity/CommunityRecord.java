package jp.tsunagu.activity;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import jp.tsunagu.identity.AccountId;
import jp.tsunagu.platform.Tokyo;

/**
 * "My community record": how many days a resident went out this week and this month, where, and the
 * last eight weeks as a chart. Days out, not activities: three events on one afternoon are one outing.
 */
@Service
public class CommunityRecord {

	static final ZoneId TOKYO = Tokyo.ZONE;

	private final Timeline timeline;

	private final Clock clock;

	CommunityRecord(Timeline timeline, Clock clock) {
		this.timeline = timeline;
		this.clock = clock;
	}

	public record Week(LocalDate monday, int daysOut) {
	}

	public record Summary(int daysOutThisWeek, int daysOutThisMonth, List<String> placesThisMonth, List<Week> weeks,
			List<Activity> latest) {
	}

	@Transactional(readOnly = true)
	public Summary of(AccountId resident) {
		var today = Tokyo.today(clock);
		var thisMonday = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
		var firstMonday = thisMonday.minusWeeks(7);
		var from = firstMonday.withDayOfMonth(1).isBefore(today.withDayOfMonth(1)) ? firstMonday
				: today.withDayOfMonth(1);
		var activities = timeline.between(resident, from.atStartOfDay(TOKYO).toInstant(),
				today.plusDays(1).atStartOfDay(TOKYO).toInstant());
		var outingDays = new LinkedHashSet<LocalDate>();
		var places = new LinkedHashSet<String>();
		for (var a : activities) {
			if (!a.type().outing()) {
				continue;
			}
			var day = a.occurredAt().atZone(TOKYO).toLocalDate();
			outingDays.add(day);
			if (!day.isBefore(today.withDayOfMonth(1)) && a.place() != null) {
				places.add(a.place());
			}
		}
		var weeks = new ArrayList<Week>();
		for (int i = 0; i < 8; i++) {
			var monday = firstMonday.plusWeeks(i);
			int days = (int) outingDays.stream().filter(d -> !d.isBefore(monday) && d.isBefore(monday.plusWeeks(1))).count();
			weeks.add(new Week(monday, days));
		}
		int month = (int) outingDays.stream().filter(d -> !d.isBefore(today.withDayOfMonth(1))).count();
		return new Summary(weeks.getLast().daysOut(), month, List.copyOf(places.stream().filter(Objects::nonNull).toList()),
				weeks, timeline.latest(resident, 20));
	}
}
