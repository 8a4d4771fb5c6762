package jp.tsunagu.events;

import java.time.Instant;
import java.util.Set;

import jp.tsunagu.residents.Area;

/** What staff enter to create an event (already checked by the form). */
public record EventDraft(String title, String description, String place, EventKind kind, Instant startsAt,
		Instant endsAt, int capacity, Set<Area> targetAreas, Set<String> tags) {
}
