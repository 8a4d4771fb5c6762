package jp.tsunagu.outreach;

import java.time.LocalDate;
import java.util.UUID;

/** A notice shown on residents' home screens between two days, to everyone or to a segment. */
public record Notice(UUID id, String title, String body, Segment segment, LocalDate shownFrom, LocalDate shownUntil) {
}
