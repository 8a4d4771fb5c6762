package jp.tsunagu.identity.internal;

import java.time.Clock;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.logout.LogoutHandler;
import org.springframework.security.web.authentication.logout.SecurityContextLogoutHandler;
import org.springframework.security.web.authentication.rememberme.PersistentTokenRepository;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import jp.tsunagu.identity.SignedOut;

/**
 * Every way of signing out ends up here: the portal's sign-out, a partner's RP-initiated logout, an
 * administrator or the help desk ending an account's sessions. The browser's session ends, its
 * remembered device is forgotten (so the next person on a shared tablet is not signed in as this
 * one), and {@link SignedOut} tells the partners (back-channel logout) and revokes their grants.
 */
@Component
public class SignOut implements LogoutHandler {

	private final RememberedDevices rememberedDevices;

	private final PersistentTokenRepository devices;

	private final FindByIndexNameSessionRepository<? extends Session> sessions;

	private final ApplicationEventPublisher events;

	private final TransactionTemplate tx;

	private final Issuers issuers;

	private final Clock clock;

	SignOut(RememberedDevices rememberedDevices, PersistentTokenRepository devices,
			FindByIndexNameSessionRepository<? extends Session> sessions, ApplicationEventPublisher events,
			TransactionTemplate tx, Issuers issuers, Clock clock) {
		this.rememberedDevices = rememberedDevices;
		this.devices = devices;
		this.sessions = sessions;
		this.events = events;
		this.tx = tx;
		this.issuers = issuers;
		this.clock = clock;
	}

	/** Signs the browser of this request out. */
	@Override
	public void logout(HttpServletRequest request, HttpServletResponse response,
			@Nullable Authentication authentication) {
		boolean person = authentication != null && !(authentication instanceof AnonymousAuthenticationToken);
		var sid = person ? BrowserSessions.existingSid(request, authentication.getName()) : null;
		var issuer = issuers.of(request);
		rememberedDevices.logout(request, response, authentication);
		new SecurityContextLogoutHandler().logout(request, response, authentication);
		if (person) {
			announce(new SignedOut(authentication.getName(), sid, false, issuer, clock.instant()));
		}
	}

	/**
	 * Ends every session and remembered device of an account, on every instance, and revokes every
	 * grant its partners hold: a lost tablet, or a help-desk reset of the sign-in.
	 */
	public void endEverySession(String subject) {
		sessions.findByPrincipalName(subject).keySet().forEach(sessions::deleteById);
		devices.removeUserTokens(subject);
		var issuer = issuers.current();
		announce(new SignedOut(subject, null, true, issuer == null ? "" : issuer, clock.instant()));
	}

	private void announce(SignedOut signedOut) {
		tx.executeWithoutResult(status -> events.publishEvent(signedOut));
	}
}
