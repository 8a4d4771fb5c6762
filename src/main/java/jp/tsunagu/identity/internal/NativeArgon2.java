package jp.tsunagu.identity.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * argon2id computed by the reference C library (libargon2, present wherever systemd is) instead of
 * BouncyCastle's Java: the same parameters and the same stored format as Spring Security's
 * {@link Argon2PasswordEncoder}, so either verifies what the other wrote. The C code is faster, its
 * 7 MiB of work memory per hash is not garbage for the JVM to collect (a small heap stays small),
 * and its cost does not depend on how the JIT happened to compile the Java one. Without the
 * library, BouncyCastle does the work.
 */
final class NativeArgon2 implements PasswordEncoder {

	private static final Logger log = LoggerFactory.getLogger(NativeArgon2.class);

	private static final Pattern ENCODED = Pattern
		.compile("\\$argon2id\\$v=19\\$m=(\\d{1,9}),t=(\\d{1,4}),p=(\\d{1,3})\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");

	private static final SecureRandom RANDOM = new SecureRandom();

	/** The one function used, as libargon2 declares it (size_t is 64 bits on the platforms served). */
	interface Library64 extends Library {

		int argon2id_hash_raw(int timeCost, int memoryKib, int parallelism, byte[] password, long passwordLength,
				byte[] salt, long saltLength, byte[] hash, long hashLength);
	}

	/** Loaded once per JVM, whoever asks first. */
	private static final class Loaded {

		static final @Nullable Library64 LIBRARY = load();
	}

	private final @Nullable Library64 library = Loaded.LIBRARY;

	private final Argon2PasswordEncoder java;

	private final int saltLength;

	private final int hashLength;

	private final int parallelism;

	private final int memoryKib;

	private final int iterations;

	NativeArgon2(int saltLength, int hashLength, int parallelism, int memoryKib, int iterations) {
		this.java = new Argon2PasswordEncoder(saltLength, hashLength, parallelism, memoryKib, iterations);
		this.saltLength = saltLength;
		this.hashLength = hashLength;
		this.parallelism = parallelism;
		this.memoryKib = memoryKib;
		this.iterations = iterations;
	}

	boolean isNative() {
		return library != null;
	}

	@Override
	public String encode(CharSequence raw) {
		if (library == null) {
			return java.encode(raw);
		}
		var salt = new byte[saltLength];
		RANDOM.nextBytes(salt);
		var hash = hash(raw, salt, iterations, memoryKib, parallelism, hashLength);
		var b64 = Base64.getEncoder().withoutPadding();
		return "$argon2id$v=19$m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism + "$" + b64.encodeToString(salt)
				+ "$" + b64.encodeToString(hash);
	}

	@Override
	public boolean matches(@Nullable CharSequence raw, @Nullable String encoded) {
		if (raw == null || raw.isEmpty()) {
			// as Spring Security's encoders: an empty secret never matches
			return false;
		}
		var parts = library == null || encoded == null ? null : ENCODED.matcher(encoded);
		if (parts == null || !parts.matches()) {
			return java.matches(raw, encoded);
		}
		var salt = Base64.getDecoder().decode(parts.group(4));
		var expected = Base64.getDecoder().decode(parts.group(5));
		var actual = hash(raw, salt, Integer.parseInt(parts.group(2)), Integer.parseInt(parts.group(1)),
				Integer.parseInt(parts.group(3)), expected.length);
		return MessageDigest.isEqual(expected, actual);
	}

	@Override
	public boolean upgradeEncoding(String encoded) {
		return java.upgradeEncoding(encoded);
	}

	/**
	 * libargon2 mallocs its 7 MiB of work memory for each hash and frees it. glibc maps such a block
	 * and unmaps it on free, but raises its threshold after the first free, and from then on keeps the
	 * blocks in its per-thread arenas: with many request threads that is over 100 MiB held for nothing.
	 * A fixed threshold keeps every such block mapped and returned at once.
	 */
	private static void keepWorkMemoryOutOfArenas() {
		if (!Platform.isLinux()) {
			return;
		}
		try {
			Native.load("c", C.class).mallopt(C.M_MMAP_THRESHOLD, 128 * 1024);
		}
		catch (UnsatisfiedLinkError notGlibc) {
			log.debug("mallopt not available: {}", notGlibc.getMessage());
		}
	}

	private byte[] hash(CharSequence raw, byte[] salt, int time, int memory, int lanes, int length) {
		var password = raw.toString().getBytes(StandardCharsets.UTF_8);
		var hash = new byte[length];
		int status = library.argon2id_hash_raw(time, memory, lanes, password, password.length, salt, salt.length, hash,
				hash.length);
		if (status != 0) {
			throw new IllegalStateException("libargon2 failed with status " + status);
		}
		return hash;
	}

	/** glibc's knob for where malloc stops carving from its arenas and maps memory instead. */
	interface C extends Library {

		int M_MMAP_THRESHOLD = -3;

		int mallopt(int parameter, int value);
	}

	private static @Nullable Library64 load() {
		if (Native.POINTER_SIZE != 8) {
			return null;
		}
		try {
			var library = Native.load("argon2", Library64.class);
			keepWorkMemoryOutOfArenas();
			log.info("argon2id hashes are computed by libargon2");
			return library;
		}
		catch (UnsatisfiedLinkError | NoClassDefFoundError ex) {
			log.info("libargon2 is not installed; argon2id hashes are computed by BouncyCastle ({})", ex.getMessage());
			return null;
		}
	}
}
