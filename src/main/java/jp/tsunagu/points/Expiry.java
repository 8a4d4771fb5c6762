package jp.tsunagu.points;

import java.time.LocalDate;

/** Points the resident holds now that lapse after {@code lastDay} unless they are used first. */
public record Expiry(long points, LocalDate lastDay) {
}
