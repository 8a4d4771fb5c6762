package jp.tsunagu.events;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;

import jp.tsunagu.residents.Area;

/** Object mother: events as the help desk would create them, a few days ahead. */
public final class TestEvents {

	private TestEvents() {
	}

	public static Event tea(Events events, int capacity) {
		// 2 p.m. in Japan three days ahead: an hour from the clock ended after midnight when run late at night
		Instant start = java.time.LocalDate.now(jp.tsunagu.platform.Tokyo.ZONE).plusDays(3).atTime(14, 0)
			.atZone(jp.tsunagu.platform.Tokyo.ZONE).toInstant();
		return events.create(new EventDraft("もみじ台 お茶の会", "温かいお茶とお菓子で、ご近所の方とお話ししましょう。",
				"もみじ台 地域交流エリア", EventKind.LOCAL, start, start.plus(90, ChronoUnit.MINUTES), capacity,
				EnumSet.noneOf(Area.class), java.util.Set.of("交流")), "staff:test");
	}
}
