package jp.tsunagu.bench;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * The argon2id settings, and what one hash costs on this machine: the same BouncyCastle generator
 * Spring Security's Argon2PasswordEncoder uses, run in the load generator's JVM while the server is
 * idle. Every login hashes twice (the password, then the client secret at the token endpoint), every
 * refresh once (the client secret), so the hash rate bounds both throughputs.
 */
record HashCalibration(int memoryKib, int iterations, int parallelism, int saltLength, int hashLength) {

	/** {@code m=7168,t=5,p=1,salt=16,hash=32} */
	static HashCalibration parse(String text) throws BenchFailure {
		int m = -1, t = -1, p = -1, salt = 16, hash = 32;
		for (var part : text.split(",")) {
			var kv = part.strip().split("=");
			if (kv.length != 2) {
				throw new BenchFailure("--argon2: expected m=..,t=..,p=..,salt=..,hash=.., got " + text);
			}
			int v = Integer.parseInt(kv[1].strip());
			switch (kv[0].strip()) {
				case "m" -> m = v;
				case "t" -> t = v;
				case "p" -> p = v;
				case "salt" -> salt = v;
				case "hash" -> hash = v;
				default -> throw new BenchFailure("--argon2: unknown key " + kv[0]);
			}
		}
		if (m <= 0 || t <= 0 || p <= 0) {
			throw new BenchFailure("--argon2 needs m, t and p");
		}
		return new HashCalibration(m, t, p, salt, hash);
	}

	String describe() {
		return String.format(Locale.ROOT, "argon2id v=19, memory %d KiB, iterations %d, parallelism %d, salt %d B,"
				+ " hash %d B", memoryKib, iterations, parallelism, saltLength, hashLength);
	}

	/** Median milliseconds of one hash on one thread. */
	double singleThreadMs(int samples) {
		var times = new double[samples];
		for (int i = 0; i < 3; i++) {
			hashOnce(); // JIT
		}
		for (int i = 0; i < samples; i++) {
			long t = System.nanoTime();
			hashOnce();
			times[i] = (System.nanoTime() - t) / 1e6;
		}
		Arrays.sort(times);
		return times[samples / 2];
	}

	/** Hashes per second with all CPUs busy hashing. */
	double hashesPerSecond(int threads, int perThread) throws Exception {
		try (var pool = Executors.newFixedThreadPool(threads)) {
			long t = System.nanoTime();
			var futures = new ArrayList<Future<?>>();
			for (int i = 0; i < threads; i++) {
				futures.add(pool.submit(() -> {
					for (int n = 0; n < perThread; n++) {
						hashOnce();
					}
				}));
			}
			for (var f : futures) {
				f.get();
			}
			return threads * perThread / ((System.nanoTime() - t) / 1e9);
		}
	}

	private byte[] hashOnce() {
		var salt = new byte[saltLength];
		new SecureRandom().nextBytes(salt);
		var params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withSalt(salt)
			.withParallelism(parallelism)
			.withMemoryAsKB(memoryKib)
			.withIterations(iterations)
			.build();
		var generator = new Argon2BytesGenerator();
		generator.init(params);
		var out = new byte[hashLength];
		generator.generateBytes("bench-password-1".getBytes(StandardCharsets.UTF_8), out);
		return out;
	}
}
