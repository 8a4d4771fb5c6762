/**
 * Identity: Sapporo Smart ID, the resident ID every Tsunagu service and partner signs in with. Owns
 * accounts and their credentials (password, PIN, passkeys), login throttling, the OpenID Connect
 * provider (built on Spring Security's authorization server), signing keys, partner clients and the
 * consents people give them. Other modules use {@link jp.tsunagu.identity.Accounts} and may add ID
 * token claims through {@link jp.tsunagu.identity.ClaimsSource}.
 */
@NullMarked
package jp.tsunagu.identity;

import org.jspecify.annotations.NullMarked;
