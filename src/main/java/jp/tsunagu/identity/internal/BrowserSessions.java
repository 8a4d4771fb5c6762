package jp.tsunagu.identity.internal;

import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.jspecify.annotations.Nullable;

/**
 * The OpenID Connect session id ({@code sid}) of a browser's sign-in: random, kept in its HTTP
 * session with the name of who signed in, so it stays the same when the session id changes and
 * ends when the session ends or somebody else signs in on that browser.
 */
final class BrowserSessions {

	static final String SID = "tsunagu.sid";

	private BrowserSessions() {
	}

	static String sid(HttpServletRequest request, String principal) {
		HttpSession session = request.getSession();
		var stored = (String) session.getAttribute(SID);
		if (stored != null && stored.startsWith(principal + "|")) {
			return stored.substring(principal.length() + 1);
		}
		var sid = UUID.randomUUID().toString();
		session.setAttribute(SID, principal + "|" + sid);
		return sid;
	}

	static @Nullable String existingSid(HttpServletRequest request, String principal) {
		HttpSession session = request.getSession(false);
		var stored = session == null ? null : (String) session.getAttribute(SID);
		return stored != null && stored.startsWith(principal + "|") ? stored.substring(principal.length() + 1) : null;
	}
}
