package jp.tsunagu.identity;

import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A partner service that signs residents in with Sapporo Smart ID, as an administrator registers it.
 *
 * @param confidential whether it has a back end that can keep a secret; public clients must use PKCE
 * @param backEnd whether its back end may call Tsunagu APIs on its own (client credentials)
 */
public record PartnerClient(String clientId, String name, List<String> redirectUris,
		List<String> postLogoutRedirectUris, Set<String> scopes, boolean confidential, boolean backEnd) {

	/** A registration as it is returned once: the secret is shown to the administrator and never again. */
	public record Registered(PartnerClient client, @Nullable String secret) {
	}
}
