package jp.tsunagu.identity.internal;

import java.util.concurrent.Semaphore;

import org.springframework.security.crypto.password.PasswordEncoder;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * A password encoder that computes at most N hashes at once. argon2id is meant to be costly; a
 * flood of sign-ins then waits its turn here instead of taking every core from every other request.
 */
final class HashingLimit implements PasswordEncoder {

	private final PasswordEncoder delegate;

	private final Semaphore permits;

	private final Counter verified;

	HashingLimit(PasswordEncoder delegate, int concurrent, MeterRegistry meters) {
		this.delegate = delegate;
		this.permits = new Semaphore(concurrent, true);
		this.verified = Counter.builder("tsunagu.identity.secrets.verified")
			.description("Passwords, PINs and codes compared with their stored hash")
			.register(meters);
	}

	@Override
	public String encode(CharSequence raw) {
		acquire();
		try {
			return delegate.encode(raw);
		}
		finally {
			permits.release();
		}
	}

	@Override
	public boolean matches(CharSequence raw, String encoded) {
		acquire();
		try {
			verified.increment();
			return delegate.matches(raw, encoded);
		}
		finally {
			permits.release();
		}
	}

	@Override
	public boolean upgradeEncoding(String encoded) {
		return delegate.upgradeEncoding(encoded);
	}

	private void acquire() {
		try {
			permits.acquire();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting to hash", ex);
		}
	}
}
