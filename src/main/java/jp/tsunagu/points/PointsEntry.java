package jp.tsunagu.points;

import java.time.Instant;
import java.util.UUID;

/**
 * One line of a resident's history: what moved their balance, when, by how much (negative when
 * spent or lapsed), and why ({@code reason}: the activity type of an award, or SPEND, EXPIRY, …).
 */
public record PointsEntry(UUID journal, String kind, String reason, Instant occurredAt, long amount, String memo) {
}
