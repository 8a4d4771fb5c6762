package jp.tsunagu.identity.internal;

import java.util.concurrent.Semaphore;

import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * A password encoder that computes at most N hashes at once. argon2id is meant to be costly; a
 * flood of sign-ins then waits its turn here instead of taking every core from every other request.
 */
final class HashingLimit implements PasswordEncoder {

	private final PasswordEncoder delegate;

	private final Semaphore permits;

	HashingLimit(PasswordEncoder delegate, int concurrent) {
		this.delegate = delegate;
		this.permits = new Semaphore(concurrent, true);
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
