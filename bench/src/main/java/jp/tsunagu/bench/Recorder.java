package jp.tsunagu.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Latencies of one worker (no locking: each worker has its own, merged after the phase). Keeps
 * every sample, so percentiles are exact; a 30-second phase is at most a few ten thousand samples.
 */
final class Recorder {

	private final List<String> stepNames;

	private final Samples total = new Samples();

	private final Samples[] steps;

	private final Map<String, Long> errors = new TreeMap<>();

	private final Map<String, String> errorSamples = new LinkedHashMap<>();

	Recorder(List<String> stepNames) {
		this.stepNames = List.copyOf(stepNames);
		this.steps = new Samples[stepNames.size()];
		for (int i = 0; i < steps.length; i++) {
			steps[i] = new Samples();
		}
	}

	void success(long nanos) {
		total.add(nanos);
	}

	void step(int index, long nanos) {
		steps[index].add(nanos);
	}

	void failure(BenchFailure failure) {
		errors.merge(failure.kind(), 1L, Long::sum);
		errorSamples.putIfAbsent(failure.kind(), failure.getMessage());
	}

	long successes() {
		return total.size;
	}

	long failures() {
		return errors.values().stream().mapToLong(Long::longValue).sum();
	}

	static Recorder merge(List<String> stepNames, List<Recorder> parts) {
		var merged = new Recorder(stepNames);
		for (var part : parts) {
			merged.total.addAll(part.total);
			for (int i = 0; i < merged.steps.length; i++) {
				merged.steps[i].addAll(part.steps[i]);
			}
			part.errors.forEach((k, v) -> merged.errors.merge(k, v, Long::sum));
			part.errorSamples.forEach(merged.errorSamples::putIfAbsent);
		}
		return merged;
	}

	Stats stats() {
		return total.stats();
	}

	List<String> stepNames() {
		return stepNames;
	}

	Stats stepStats(int index) {
		return steps[index].stats();
	}

	Map<String, Long> errors() {
		return errors;
	}

	Map<String, String> errorSamples() {
		return errorSamples;
	}

	/** Growable array of nanosecond samples. */
	static final class Samples {

		private long[] values = new long[1024];

		private int size;

		void add(long nanos) {
			if (size == values.length) {
				values = Arrays.copyOf(values, size * 2);
			}
			values[size++] = nanos;
		}

		void addAll(Samples other) {
			for (int i = 0; i < other.size; i++) {
				add(other.values[i]);
			}
		}

		Stats stats() {
			var sorted = Arrays.copyOf(values, size);
			Arrays.sort(sorted);
			return new Stats(sorted);
		}
	}

	/** Exact percentiles (nearest rank) over sorted samples. */
	record Stats(long[] sorted) {

		int count() {
			return sorted.length;
		}

		double percentileMs(double p) {
			if (sorted.length == 0) {
				return Double.NaN;
			}
			int rank = (int) Math.ceil(p / 100.0 * sorted.length);
			return sorted[Math.clamp(rank - 1, 0, sorted.length - 1)] / 1e6;
		}

		double meanMs() {
			return sorted.length == 0 ? Double.NaN : Arrays.stream(sorted).average().orElse(0) / 1e6;
		}

		double maxMs() {
			return sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1e6;
		}

		static String ms(double value) {
			return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.1f", value);
		}
	}
}
