package jp.tsunagu.identity.internal;

import java.time.Clock;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;

/**
 * Refresh tokens rotate; presenting one that was already exchanged means two parties hold the
 * chain, and nobody can tell which is the thief. So the whole authorization is revoked, the newest
 * tokens with it (RFC 9700, 4.14.2). Wraps Spring Authorization Server's authorization store, and
 * its refresh-token generator notes each token it replaces.
 */
final class ChainRevokingAuthorizations implements OAuth2AuthorizationService {

	private static final Logger log = LoggerFactory.getLogger(ChainRevokingAuthorizations.class);

	private final OAuth2AuthorizationService delegate;

	private final SpentRefreshTokens spent;

	ChainRevokingAuthorizations(OAuth2AuthorizationService delegate, SpentRefreshTokens spent) {
		this.delegate = delegate;
		this.spent = spent;
	}

	@Override
	public void save(OAuth2Authorization authorization) {
		delegate.save(authorization);
	}

	@Override
	public void remove(OAuth2Authorization authorization) {
		delegate.remove(authorization);
		spent.forget(authorization.getId());
	}

	@Override
	public @Nullable OAuth2Authorization findById(String id) {
		return delegate.findById(id);
	}

	@Override
	public @Nullable OAuth2Authorization findByToken(String token, @Nullable OAuth2TokenType tokenType) {
		var found = delegate.findByToken(token, tokenType);
		if (found == null && OAuth2TokenType.REFRESH_TOKEN.equals(tokenType)) {
			spent.authorizationOf(token).map(delegate::findById).ifPresent(chain -> {
				log.warn("A spent refresh token was presented again; authorization of client {} revoked",
						chain.getRegisteredClientId());
				remove(chain);
			});
		}
		return found;
	}

	/** The refresh-token generator that notes the token each new one replaces. */
	static OAuth2TokenGenerator<OAuth2RefreshToken> noting(OAuth2TokenGenerator<OAuth2RefreshToken> generator,
			SpentRefreshTokens spent, Clock clock) {
		return (OAuth2TokenContext context) -> {
			OAuth2RefreshToken next = generator.generate(context);
			var authorization = context.getAuthorization();
			if (next != null && authorization != null && authorization.getRefreshToken() != null
					&& AuthorizationGrantType.REFRESH_TOKEN.equals(context.getAuthorizationGrantType())) {
				spent.spend(authorization.getRefreshToken().getToken().getTokenValue(), authorization.getId(),
						clock.instant());
			}
			return next;
		};
	}
}
