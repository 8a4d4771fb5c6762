package jp.tsunagu.events;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import jp.tsunagu.residents.Area;

/** An event as staff created it. {@code targetAreas} empty means everyone is invited. */
public record Event(UUID id, String title, String description, String place, EventKind kind, Instant startsAt,
		Instant endsAt, int capacity, Set<Area> targetAreas, Set<String> tags) {

	public boolean invites(Area area) {
		return targetAreas.isEmpty() || targetAreas.contains(area);
	}
}
