package jp.tsunagu.identity;

import java.util.Map;
import java.util.Set;

/**
 * Lets the module that knows a person (residents) add OpenID Connect claims to ID tokens and
 * userinfo, for the scopes the person granted, without identity depending on it.
 */
public interface ClaimsSource {

	Map<String, Object> claims(AccountId account, Set<String> grantedScopes);
}
