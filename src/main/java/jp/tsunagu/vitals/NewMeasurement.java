package jp.tsunagu.vitals;

import java.math.BigDecimal;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import jp.tsunagu.identity.AccountId;

/** A measurement to store: {@link Vitals#record} checks it and stores it once per resident, device, kind and time. */
public record NewMeasurement(AccountId resident, VitalKind kind, Instant takenAt, BigDecimal value,
		@Nullable BigDecimal second, String device, Measurement.Source source, @Nullable String place,
		String recordedBy) {
}
