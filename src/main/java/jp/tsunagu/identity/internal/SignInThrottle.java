package jp.tsunagu.identity.internal;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import jp.tsunagu.identity.IdentitySettings;
import jp.tsunagu.identity.LoginNames;

/**
 * Limits guessing. Every attempt is counted before its secret is compared, per typed login name
 * (whether an account has it or not, so the answer never tells which logins exist) and per source
 * address; a right secret takes its count back. So at most {@code maxFailures} guesses are ever
 * compared per name and lock, and a source that keeps failing is turned away, on every instance.
 */
@Component
public class SignInThrottle {

	private static final Logger log = LoggerFactory.getLogger(SignInThrottle.class);

	private final SignInFailures failures;

	private final IdentitySettings.Throttle settings;

	private final Clock clock;

	SignInThrottle(SignInFailures failures, IdentitySettings settings, Clock clock) {
		this.failures = failures;
		this.settings = settings.throttle();
		this.clock = clock;
	}

	/**
	 * Counts an attempt from {@code source} to sign in as {@code typedName}; throws if it must not be
	 * tried. Call {@link #succeeded} when the secret was right. Its own transaction, committed before
	 * any secret is compared, so every instance sees the count; kept when the attempt is refused.
	 */
	@Transactional(propagation = Propagation.REQUIRES_NEW, noRollbackFor = AuthenticationException.class)
	public void attempt(String source, String typedName) {
		var now = clock.instant();
		if (!failures.count(sourceKey(source), settings.perSourceFailures(), settings.perSourceWindow(),
				settings.perSourceWindow(), now)) {
			log.warn("Sign-ins from one source refused after {} failures", settings.perSourceFailures());
			throw new TooManySignInFailures();
		}
		if (!failures.count(nameKey(typedName), settings.maxFailures(), settings.lockFor(), settings.lockFor(), now)) {
			throw new LockedException("Locked after too many wrong secrets");
		}
	}

	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public void succeeded(String source, String typedName) {
		failures.uncount(sourceKey(source), settings.perSourceFailures());
		failures.clear(nameKey(typedName));
	}

	/** The help desk gave the person a new credential: earlier wrong guesses no longer count. */
	@Transactional
	public void forgive(String loginName) {
		failures.clear(nameKey(loginName));
	}

	@Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
	@Transactional
	public void removeOutdated() {
		failures.removeOutdated(clock.instant());
	}

	private static String nameKey(String typedName) {
		return "name:" + Digests.sha256(LoginNames.normalize(typedName));
	}

	private static String sourceKey(String source) {
		return "source:" + (source.length() > 64 ? Digests.sha256(source) : source);
	}
}
