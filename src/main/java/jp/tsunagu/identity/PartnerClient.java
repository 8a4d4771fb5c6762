package jp.tsunagu.identity;

import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A partner service that signs residents in with Sapporo Smart ID, as an administrator registers it.
 *
 * @param confidential whether it has a back end that can keep a secret; public clients must use PKCE
 * @param backEnd whether its back end may call Tsunagu APIs on its own (client credentials)
 * @param requireProofKey whether its code flow must use PKCE; always true for public clients
 * @param subjectType which {@code sub} its residents get
 * @param sector the host whose residents share pairwise identifiers; blank means the redirect URIs' host
 * @param backChannelLogoutUri where Tsunagu posts a logout token when a resident signs out (OpenID
 * Connect Back-Channel Logout 1.0), or null
 */
public record PartnerClient(String clientId, String name, List<String> redirectUris,
		List<String> postLogoutRedirectUris, Set<String> scopes, boolean confidential, boolean backEnd,
		boolean requireProofKey, SubjectType subjectType, @Nullable String sector,
		@Nullable String backChannelLogoutUri) {

	/** A client as registered by default: PKCE required, pairwise subjects, no back-channel logout. */
	public PartnerClient(String clientId, String name, List<String> redirectUris, List<String> postLogoutRedirectUris,
			Set<String> scopes, boolean confidential, boolean backEnd) {
		this(clientId, name, redirectUris, postLogoutRedirectUris, scopes, confidential, backEnd, true,
				SubjectType.PAIRWISE, null, null);
	}

	/** A registration as it is returned once: the secret is shown to the administrator and never again. */
	public record Registered(PartnerClient client, @Nullable String secret) {
	}
}
