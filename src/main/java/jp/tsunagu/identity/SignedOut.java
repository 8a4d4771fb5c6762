package jp.tsunagu.identity;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A person's sign-in session at Sapporo Smart ID ended: they signed out (on the portal or through a
 * partner), or an administrator or the help desk ended their sessions.
 *
 * @param subject the account's subject
 * @param session the ended session's id as ID tokens carry it ({@code sid}); null if it signed in
 * to no partner, or when every session ended
 * @param everySession whether every session and remembered device of the account ended
 * @param issuer the issuer the session belonged to, as the partners know it
 */
public record SignedOut(String subject, @Nullable String session, boolean everySession, String issuer, Instant at) {
}
