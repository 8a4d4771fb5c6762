package jp.tsunagu.platform;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.jspecify.annotations.Nullable;

/**
 * Japan's time, the one every "today", week and month of the platform is counted in, and the UTC
 * the database stores instants in ({@code TIMESTAMP WITH TIME ZONE}, written as UTC).
 */
public final class Tokyo {

	public static final ZoneId ZONE = ZoneId.of("Asia/Tokyo");

	private Tokyo() {
	}

	/** Today in Japan, by this clock. */
	public static LocalDate today(Clock clock) {
		return LocalDate.now(clock.withZone(ZONE));
	}

	/** The day in Japan on which this instant falls. */
	public static LocalDate day(Instant instant) {
		return instant.atZone(ZONE).toLocalDate();
	}

	/** An instant as the database column takes it (none stays none). */
	public static @Nullable OffsetDateTime utc(@Nullable Instant instant) {
		return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

	/** A nullable column back as an instant. */
	public static @Nullable Instant instant(@Nullable OffsetDateTime stored) {
		return stored == null ? null : stored.toInstant();
	}
}
