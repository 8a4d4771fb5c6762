package jp.tsunagu.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed-loop phase for the "activity" and "home" measurements: C workers, each calling its
 * operation again as soon as the previous one answered, for a fixed time or a maximum number of
 * operations, whichever comes first. Bounded: a phase that overruns is interrupted, and 50 errors
 * in a row stop it.
 */
final class Phase {

	/** One operation of one worker; {@code steps[i]} may be set to a duration (or left at -1). */
	interface Operation {

		void run(int worker, long[] steps) throws Exception;
	}

	/** {@code rss}: the server's resident set size during the phase (sampled every 250 ms). */
	record Result(String name, Recorder recorder, double seconds, boolean aborted, CpuMeter.Sample cpu,
			RssSampler.Rss rss) {

		double throughput() {
			return seconds <= 0 ? 0 : recorder.successes() / seconds;
		}
	}

	private Phase() {
	}

	static Result run(String name, int concurrency, Duration length, long maxOps, Duration requestTimeout,
			List<String> stepNames, CpuMeter cpu, Operation operation) throws InterruptedException {
		var recorders = new ArrayList<Recorder>();
		var started = new AtomicLong();
		var abort = new AtomicBoolean();
		var ready = new CountDownLatch(concurrency);
		var go = new CountDownLatch(1);
		var done = new CountDownLatch(concurrency);
		var threads = new ArrayList<Thread>();
		var finishedAt = new AtomicLong();
		var deadline = new long[1];
		for (int w = 0; w < concurrency; w++) {
			var recorder = new Recorder(stepNames);
			recorders.add(recorder);
			final int worker = w;
			var thread = new Thread(() -> {
				ready.countDown();
				try {
					go.await();
					var steps = new long[stepNames.size()];
					int errorsInARow = 0;
					while (!abort.get() && System.nanoTime() < deadline[0] && started.incrementAndGet() <= maxOps) {
						java.util.Arrays.fill(steps, -1);
						long t = System.nanoTime();
						try {
							operation.run(worker, steps);
							recorder.success(System.nanoTime() - t);
							for (int i = 0; i < steps.length; i++) {
								if (steps[i] >= 0) {
									recorder.step(i, steps[i]);
								}
							}
							errorsInARow = 0;
						}
						catch (BenchFailure ex) {
							recorder.failure(ex);
							errorsInARow++;
						}
						catch (IOException ex) {
							recorder.failure(new BenchFailure("I/O " + ex.getClass().getSimpleName(), ex.getMessage()));
							errorsInARow++;
						}
						catch (InterruptedException ex) {
							Thread.currentThread().interrupt();
							break;
						}
						catch (Exception ex) {
							recorder.failure(new BenchFailure("unexpected " + ex.getClass().getSimpleName(),
									ex.getMessage()));
							errorsInARow++;
						}
						if (errorsInARow >= 50) {
							abort.set(true);
						}
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				finally {
					finishedAt.accumulateAndGet(System.nanoTime(), Math::max);
					done.countDown();
				}
			}, name + "-" + w);
			thread.setDaemon(true);
			threads.add(thread);
			thread.start();
		}
		ready.await();
		var cpuBefore = cpu.sample();
		long start = System.nanoTime();
		deadline[0] = start + length.toNanos();
		var rss = new RssSampler(cpu.appPid(), 250);
		go.countDown();
		var grace = length.plus(requestTimeout).plusSeconds(10);
		if (!done.await(grace.toMillis(), TimeUnit.MILLISECONDS)) {
			abort.set(true);
			threads.forEach(Thread::interrupt);
			done.await(10, TimeUnit.SECONDS);
			finishedAt.accumulateAndGet(System.nanoTime(), Math::max);
		}
		var cpuUsed = cpu.sample().minus(cpuBefore);
		return new Result(name, Recorder.merge(stepNames, recorders), (finishedAt.get() - start) / 1e9, abort.get(),
				cpuUsed, rss.stop());
	}

	// ---- printing ------------------------------------------------------------------------------

	static void header(PrintStream out) {
		out.printf(Locale.ROOT, "%-22s %7s %7s %9s %8s %8s %8s %8s %8s%n", "phase", "ops", "errors", "ops/s",
				"mean ms", "p50 ms", "p90 ms", "p99 ms", "max ms");
	}

	static void row(PrintStream out, Result r) {
		var s = r.recorder().stats();
		out.printf(Locale.ROOT, "%-22s %7d %7d %9.2f %8s %8s %8s %8s %8s%s%n", r.name(), r.recorder().successes(),
				r.recorder().failures(), r.throughput(), Recorder.Stats.ms(s.meanMs()),
				Recorder.Stats.ms(s.percentileMs(50)), Recorder.Stats.ms(s.percentileMs(90)),
				Recorder.Stats.ms(s.percentileMs(99)), Recorder.Stats.ms(s.maxMs()),
				r.aborted() ? "  ABORTED" : "");
	}

	static void steps(PrintStream out, Result r) {
		var names = r.recorder().stepNames();
		for (int i = 0; i < names.size(); i++) {
			var s = r.recorder().stepStats(i);
			if (s.count() == 0) {
				continue;
			}
			out.printf(Locale.ROOT, "   %-32s %7d ops  mean %s  p50 %s  p90 %s  p99 %s  max %s ms%n", names.get(i),
					s.count(), Recorder.Stats.ms(s.meanMs()), Recorder.Stats.ms(s.percentileMs(50)),
					Recorder.Stats.ms(s.percentileMs(90)), Recorder.Stats.ms(s.percentileMs(99)),
					Recorder.Stats.ms(s.maxMs()));
		}
	}

	static void errors(PrintStream out, Result r) {
		r.recorder().errors().forEach((kind, count) -> out.println("   ERROR x" + count + " (" + r.name() + "): "
				+ r.recorder().errorSamples().getOrDefault(kind, kind)));
	}

	static void cpu(PrintStream out, Result r) {
		long ops = Math.max(1, r.recorder().successes());
		var c = r.cpu();
		int cpus = Runtime.getRuntime().availableProcessors();
		out.printf(Locale.ROOT, "   %-22s CPU per op: server %s, PostgreSQL %s, load generator %s; other processes %s%s%n",
				r.name(), perOp(c.app(), ops), perOp(c.postgres(), ops), perOp(c.generator(), ops),
				c.others() < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f s", c.others()),
				c.others() > 0.1 * r.seconds() * cpus ? "  <- DISTURBED" : "");
	}

	private static String perOp(double seconds, long ops) {
		return seconds < 0 ? "n/a" : String.format(Locale.ROOT, "%.2f ms", seconds * 1000 / ops);
	}

	/** Waits (bounded) until the machine is mostly idle, as the OIDC benchmark does. */
	static void waitForQuiet(PrintStream out, CpuMeter cpu, long untilNanos) throws InterruptedException {
		int cpus = Runtime.getRuntime().availableProcessors();
		boolean waited = false;
		while (true) {
			var before = cpu.sample();
			Thread.sleep(2000);
			var used = cpu.sample().minus(before);
			if (used.machine() < 0) {
				return;
			}
			double busy = used.machine() / (2.0 * cpus);
			if (busy < 0.15 || System.nanoTime() > untilNanos) {
				out.printf(Locale.ROOT, "== machine %s: %.0f%% of %d CPUs busy over 2 s%s%n",
						busy < 0.15 ? "idle enough to measure" : "STILL BUSY (measuring anyway)", busy * 100, cpus,
						waited ? " (after waiting)" : "");
				return;
			}
			waited = true;
		}
	}
}
