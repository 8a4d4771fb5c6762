package jp.tsunagu.vitals;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import jp.tsunagu.activity.ActivityReport;
import jp.tsunagu.activity.ActivitySource;
import jp.tsunagu.activity.ActivityType;
import jp.tsunagu.activity.Timeline;
import jp.tsunagu.identity.AccountId;
import jp.tsunagu.vitals.internal.MeasurementRepository;
import jp.tsunagu.vitals.internal.ThresholdRepository;

/**
 * Stores and reads measurements. Every way in (stations, the help desk, CSV imports) comes through
 * {@link #recordAll}: each measurement is checked first (a value no body can have, a diastolic above
 * the systolic, a time in the future), and a batch with one bad measurement stores nothing. A new
 * measurement goes on the resident's timeline as {@code VITALS_TAKEN} (and so earns its points)
 * and, when outside its thresholds, is announced as {@link VitalOutOfRange}, all in the transaction
 * that stores it; a repeat of a stored reading changes nothing.
 */
@Service
public class Vitals {

	/** Readings stamped a little ahead are a device's clock, not the future. */
	static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

	static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

	private final MeasurementRepository measurements;

	private final ThresholdRepository thresholds;

	private final Timeline timeline;

	private final ApplicationEventPublisher publisher;

	private final Clock clock;

	Vitals(MeasurementRepository measurements, ThresholdRepository thresholds, Timeline timeline,
			ApplicationEventPublisher publisher, Clock clock) {
		this.measurements = measurements;
		this.thresholds = thresholds;
		this.timeline = timeline;
		this.publisher = publisher;
		this.clock = clock;
	}

	/** Stores one measurement once; see {@link #recordAll}. */
	@Transactional
	public Recorded record(NewMeasurement measurement) {
		return recordAll(List.of(measurement)).getFirst();
	}

	/**
	 * Checks every measurement, then stores those not stored yet, all or nothing.
	 *
	 * @throws MeasurementRefused naming the first bad measurement and field; nothing is stored
	 */
	@Transactional
	public List<Recorded> recordAll(List<NewMeasurement> batch) {
		var now = clock.instant();
		var rows = new ArrayList<Measurement>(batch.size());
		for (int i = 0; i < batch.size(); i++) {
			var m = check(i, batch.get(i), now);
			rows.add(new Measurement(UUID.randomUUID(), m.resident(), m.kind(), m.takenAt(), m.value(), m.second(),
					m.device(), m.source(), m.place(), now, m.recordedBy()));
		}
		// residents' rows, timeline summaries and points accounts are locked in one order, by resident,
		// in every transaction: two Bundles naming the same residents in other orders would deadlock
		var order = residentOrder(rows);
		boolean[] inserted;
		try {
			inserted = insertInOrder(rows, order);
		}
		catch (DuplicateKeyException raced) {
			// H2 only: a concurrent post of the same reading won between look and insert; asking again finds it
			throw new MeasurementsRaced(raced);
		}
		var results = new ArrayList<Recorded>(java.util.Collections.nCopies(rows.size(), (Recorded) null));
		Map<VitalKind, Threshold> limits = null;
		for (int i : order) {
			var row = rows.get(i);
			if (inserted[i]) {
				if (limits == null) {
					limits = thresholds.all();
				}
				announce(row, limits.get(row.kind()));
				results.set(i, new Recorded(row, Recorded.Outcome.CREATED));
			}
			else {
				var stored = measurements.findByKey(row.resident(), row.device(), row.kind(), row.takenAt()).orElseThrow();
				results.set(i, new Recorded(stored,
						stored.sameReading(batch.get(i)) ? Recorded.Outcome.EXISTING : Recorded.Outcome.CONFLICT));
			}
		}
		return results;
	}

	/** The indexes of the rows, by resident and then time. */
	private static List<Integer> residentOrder(List<Measurement> rows) {
		var order = new ArrayList<Integer>(rows.size());
		for (int i = 0; i < rows.size(); i++) {
			order.add(i);
		}
		order.sort(java.util.Comparator.comparing((Integer i) -> rows.get(i).resident().value())
			.thenComparing(i -> rows.get(i).takenAt()));
		return order;
	}

	/** Inserts the rows in the given order; returns, in the rows' own order, whether each was inserted. */
	private boolean[] insertInOrder(List<Measurement> rows, List<Integer> order) {
		var done = measurements.insertMissing(order.stream().map(rows::get).toList());
		var inserted = new boolean[rows.size()];
		for (int k = 0; k < order.size(); k++) {
			inserted[order.get(k)] = done[k];
		}
		return inserted;
	}

	private void announce(Measurement m, Threshold threshold) {
		timeline.record(new ActivityReport(m.resident(), ActivityType.VITALS_TAKEN, m.takenAt(), m.place(),
				m.source() == Measurement.Source.DESK ? ActivitySource.STAFF : ActivitySource.DEVICE, "vitals",
				m.id().toString()));
		var band = threshold.band(m.value(), m.second());
		if (band == Band.HIGH || band == Band.LOW) {
			publisher.publishEvent(new VitalOutOfRange(m.id(), m.resident(), m.kind(), m.takenAt(), m.value(),
					m.second(), band));
		}
	}

	/**
	 * Checks a measurement as {@link #recordAll} will, without storing it: for a batch whose good
	 * measurements are stored and bad ones reported one by one.
	 *
	 * @throws MeasurementRefused naming the field
	 */
	public NewMeasurement check(int index, NewMeasurement m) {
		return check(index, m, clock.instant());
	}

	/** The checks every measurement passes, whichever way it came; returns it with its values rounded. */
	static NewMeasurement check(int index, NewMeasurement m, Instant now) {
		var kind = m.kind();
		var value = m.value().setScale(2, RoundingMode.HALF_UP);
		if (!kind.plausible(value)) {
			throw new MeasurementRefused(index, kind.paired() ? "systolic" : "value", "implausible");
		}
		BigDecimal second = null;
		if (kind.paired()) {
			if (m.second() == null) {
				throw new MeasurementRefused(index, "diastolic", "missing");
			}
			second = m.second().setScale(2, RoundingMode.HALF_UP);
			if (!kind.plausibleSecond(second)) {
				throw new MeasurementRefused(index, "diastolic", "implausible");
			}
			if (second.compareTo(value) >= 0) {
				throw new MeasurementRefused(index, "diastolic", "not-below-systolic");
			}
		}
		else if (m.second() != null) {
			throw new MeasurementRefused(index, "component", "not-allowed");
		}
		if (m.takenAt().isAfter(now.plus(CLOCK_SKEW))) {
			throw new MeasurementRefused(index, "effective", "future");
		}
		if (m.takenAt().isBefore(EARLIEST)) {
			throw new MeasurementRefused(index, "effective", "too-old");
		}
		if (m.device().isBlank() || m.device().length() > 120) {
			throw new MeasurementRefused(index, "device", "invalid");
		}
		if (m.place() != null && m.place().length() > 200) {
			throw new MeasurementRefused(index, "place", "too-long");
		}
		// stored to the second, as devices stamp them: a re-sent reading finds the first
		var takenAt = m.takenAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
		return new NewMeasurement(m.resident(), kind, takenAt, value, second, m.device(), m.source(), m.place(),
				m.recordedBy());
	}

	@Transactional(readOnly = true)
	public Optional<Measurement> find(UUID id) {
		return measurements.find(id);
	}

	/** A page of a resident's measurements of these kinds (all if none) in {@code [from, before)}. */
	@Transactional(readOnly = true)
	public List<Measurement> search(AccountId resident, Collection<VitalKind> kinds, @Nullable Instant from,
			@Nullable Instant before, boolean newestFirst, int offset, int limit) {
		return measurements.search(resident, kinds, from, before, newestFirst, offset, limit);
	}

	@Transactional(readOnly = true)
	public long count(AccountId resident, Collection<VitalKind> kinds, @Nullable Instant from, @Nullable Instant before) {
		return measurements.count(resident, kinds, from, before);
	}

	/** The newest measurement of each kind the resident has. */
	@Transactional(readOnly = true)
	public Map<VitalKind, Measurement> latest(AccountId resident) {
		return measurements.latest(resident);
	}

	/** A kind's measurements since {@code from}, oldest first, at most {@code limit}. */
	@Transactional(readOnly = true)
	public List<Measurement> since(AccountId resident, VitalKind kind, Instant from, int limit) {
		return measurements.search(resident, List.of(kind), from, null, false, 0, limit);
	}

	@Transactional(readOnly = true)
	public Map<VitalKind, Threshold> thresholds() {
		return thresholds.all();
	}

	/** Sets a kind's thresholds; the caller audits who did. */
	@Transactional
	public Threshold setThreshold(VitalKind kind, @Nullable BigDecimal low1, @Nullable BigDecimal high1,
			@Nullable BigDecimal low2, @Nullable BigDecimal high2, String by) {
		if ((low1 != null && high1 != null && low1.compareTo(high1) >= 0)
				|| (low2 != null && high2 != null && low2.compareTo(high2) >= 0)) {
			throw new MeasurementRefused(0, "threshold", "low-not-below-high");
		}
		if (!kind.paired() && (low2 != null || high2 != null)) {
			throw new MeasurementRefused(0, "threshold", "not-allowed");
		}
		var t = new Threshold(kind, low1, high1, low2, high2, clock.instant(), by);
		thresholds.save(t);
		return t;
	}
}
