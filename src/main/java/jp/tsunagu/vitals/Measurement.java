package jp.tsunagu.vitals;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import jp.tsunagu.identity.AccountId;

/**
 * One stored measurement.
 *
 * @param value the reading; for blood pressure the systolic
 * @param second the diastolic for blood pressure, else null
 * @param device what measured it: {@code station:<client id>}, {@code desk}, {@code import:<vendor device>}
 */
public record Measurement(UUID id, AccountId resident, VitalKind kind, Instant takenAt, BigDecimal value,
		@Nullable BigDecimal second, String device, Source source, @Nullable String place, Instant recordedAt,
		String recordedBy) {

	/** Where a measurement came from. */
	public enum Source {
		STATION, DESK, IMPORT
	}

	/** Whether this stored measurement is the same reading as a new one (a retry, a re-import). */
	public boolean sameReading(NewMeasurement other) {
		return resident.equals(other.resident()) && value.compareTo(other.value()) == 0
				&& (second == null ? other.second() == null
						: other.second() != null && second.compareTo(other.second()) == 0);
	}
}
