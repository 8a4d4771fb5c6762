package jp.tsunagu.vitals;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import jp.tsunagu.identity.AccountId;

/**
 * A new measurement outside its kind's thresholds, announced in the transaction that stores it, once
 * per measurement, for watching-over to act on.
 */
public record VitalOutOfRange(UUID measurement, AccountId resident, VitalKind kind, Instant takenAt, BigDecimal value,
		@Nullable BigDecimal second, Band band) {
}
