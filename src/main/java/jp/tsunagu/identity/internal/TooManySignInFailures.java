package jp.tsunagu.identity.internal;

import org.springframework.security.core.AuthenticationException;

/** Too many wrong sign-ins came from one source address; it waits before it may try again. */
public final class TooManySignInFailures extends AuthenticationException {

	TooManySignInFailures() {
		super("Too many failed sign-ins from this source");
	}
}
