package jp.tsunagu.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The resident set size of the server process (VmRSS of /proc/PID/status), sampled every
 * {@code intervalMillis} on a daemon thread while a phase runs: peak and mean, in KiB.
 */
final class RssSampler implements AutoCloseable {

	/** {@code samples == 0}: not available (no pid, not Linux). */
	record Rss(long peakKib, double meanKib, int samples) {

		static final Rss NONE = new Rss(-1, -1, 0);

		double peakMib() {
			return samples == 0 ? Double.NaN : peakKib / 1024.0;
		}

		double meanMib() {
			return samples == 0 ? Double.NaN : meanKib / 1024.0;
		}
	}

	private final long pid;

	private final Thread thread;

	private volatile boolean running = true;

	private long peak = -1;

	private long sum;

	private int samples;

	RssSampler(long pid, long intervalMillis) {
		this.pid = pid;
		this.thread = new Thread(() -> {
			while (running) {
				sample();
				try {
					Thread.sleep(intervalMillis);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		}, "rss-sampler");
		thread.setDaemon(true);
		if (pid > 0) {
			thread.start();
		}
	}

	/** The current VmRSS of {@code pid} in KiB, or -1. */
	static long rssKib(long pid) {
		if (pid <= 0) {
			return -1;
		}
		try {
			for (var line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
				if (line.startsWith("VmRSS:")) {
					return Long.parseLong(line.substring(6).replace("kB", "").strip());
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// gone, or not Linux
		}
		return -1;
	}

	private synchronized void sample() {
		long kib = rssKib(pid);
		if (kib > 0) {
			peak = Math.max(peak, kib);
			sum += kib;
			samples++;
		}
	}

	/** Stops sampling (one last sample first) and returns what was seen. */
	Rss stop() {
		running = false;
		thread.interrupt();
		try {
			thread.join(2000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (pid > 0) {
			sample();
		}
		synchronized (this) {
			return samples == 0 ? Rss.NONE : new Rss(peak, sum / (double) samples, samples);
		}
	}

	@Override
	public void close() {
		stop();
	}
}
