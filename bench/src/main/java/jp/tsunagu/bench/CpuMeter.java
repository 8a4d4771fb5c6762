package jp.tsunagu.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time used by the server, by PostgreSQL and by this load generator, read from /proc (Linux)
 * before and after a phase. Tells where the two CPUs went. Unavailable parts read as -1.
 */
final class CpuMeter {

	private final long appPid;

	private final int ticksPerSecond;

	CpuMeter(long appPid, int ticksPerSecond) {
		this.appPid = appPid;
		this.ticksPerSecond = ticksPerSecond;
	}

	long appPid() {
		return appPid;
	}

	/** CPU-seconds; {@code machine} is all busy time of all CPUs (from /proc/stat). */
	record Sample(double app, double postgres, double generator, double machine) {

		Sample minus(Sample before) {
			return new Sample(diff(app, before.app), diff(postgres, before.postgres),
					diff(generator, before.generator), diff(machine, before.machine));
		}

		/** Busy time of everything else on the machine (other builds, tests...), -1 if unknown. */
		double others() {
			if (machine < 0 || app < 0 || postgres < 0 || generator < 0) {
				return -1;
			}
			return Math.max(0, machine - app - postgres - generator);
		}

		private static double diff(double a, double b) {
			return a < 0 || b < 0 ? -1 : a - b;
		}
	}

	Sample sample() {
		return new Sample(appPid > 0 ? seconds(Path.of("/proc", Long.toString(appPid), "stat")) : -1, postgres(),
				generator(), machine());
	}

	/** Busy CPU-seconds of the whole machine since boot: user+nice+system+irq+softirq+steal. */
	private double machine() {
		try {
			var line = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
			long busy = 0;
			for (int i : new int[] { 1, 2, 3, 6, 7, 8 }) {
				busy += Long.parseLong(line[i]);
			}
			return busy / (double) ticksPerSecond;
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

	private static double generator() {
		if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
			long nanos = os.getProcessCpuTime();
			return nanos < 0 ? -1 : nanos / 1e9;
		}
		return -1;
	}

	/** All processes called "postgres" (the server's pooled connections live through the phase). */
	private double postgres() {
		var proc = Path.of("/proc");
		if (!Files.isDirectory(proc)) {
			return -1;
		}
		double total = 0;
		try (Stream<Path> entries = Files.list(proc)) {
			for (var dir : entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
				.toList()) {
				try {
					var comm = Files.readString(dir.resolve("comm")).strip();
					if (comm.equals("postgres") || comm.startsWith("postgres:")) {
						double s = seconds(dir.resolve("stat"));
						if (s > 0) {
							total += s;
						}
					}
				}
				catch (IOException ex) {
					// the process ended meanwhile
				}
			}
		}
		catch (IOException ex) {
			return -1;
		}
		return total;
	}

	/** utime + stime of /proc/PID/stat, in seconds. */
	private double seconds(Path stat) {
		try {
			var text = Files.readString(stat);
			var fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
			// after "(comm) ": state=0 ... utime=11, stime=12
			long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
			return ticks / (double) ticksPerSecond;
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}
}
