package jp.tsunagu.identity.internal;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.support.lob.LobCreator;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * Spring Authorization Server's JDBC store of authorizations, saving in one statement where it can.
 * Its own {@code save} first loads the whole authorization again (a query and a JSON parse of its
 * attributes and every token's metadata) only to choose between INSERT and UPDATE. Every update
 * follows a load of the same authorization, so an authorization this instance loaded recently is
 * updated straight away; any other (a new one, say) goes the original way, as does an update that
 * found no row. A refresh saves once, so this takes a share of its CPU away (see bench/README.md).
 */
final class JdbcAuthorizations extends JdbcOAuth2AuthorizationService {

	/** Spring Authorization Server's UPDATE, with its parameters in the order its mapper gives them. */
	private static final String UPDATE = "UPDATE oauth2_authorization"
			+ " SET registered_client_id = ?, principal_name = ?, authorization_grant_type = ?, authorized_scopes = ?, attributes = ?, state = ?,"
			+ " authorization_code_value = ?, authorization_code_issued_at = ?, authorization_code_expires_at = ?, authorization_code_metadata = ?,"
			+ " access_token_value = ?, access_token_issued_at = ?, access_token_expires_at = ?, access_token_metadata = ?, access_token_type = ?, access_token_scopes = ?,"
			+ " oidc_id_token_value = ?, oidc_id_token_issued_at = ?, oidc_id_token_expires_at = ?, oidc_id_token_metadata = ?,"
			+ " refresh_token_value = ?, refresh_token_issued_at = ?, refresh_token_expires_at = ?, refresh_token_metadata = ?,"
			+ " user_code_value = ?, user_code_issued_at = ?, user_code_expires_at = ?, user_code_metadata = ?,"
			+ " device_code_value = ?, device_code_issued_at = ?, device_code_expires_at = ?, device_code_metadata = ?"
			+ " WHERE id = ?";

	/** Ids of authorizations loaded lately; a hint only, so a bounded set that forgets is enough. */
	private final Set<String> loaded = ConcurrentHashMap.newKeySet();

	JdbcAuthorizations(JdbcOperations jdbc, RegisteredClientRepository clients) {
		super(jdbc, clients);
	}

	@Override
	public @Nullable OAuth2Authorization findById(String id) {
		return remember(super.findById(id));
	}

	@Override
	public @Nullable OAuth2Authorization findByToken(String token, @Nullable OAuth2TokenType tokenType) {
		return remember(super.findByToken(token, tokenType));
	}

	@Override
	public void remove(OAuth2Authorization authorization) {
		super.remove(authorization);
		loaded.remove(authorization.getId());
	}

	@Override
	public void save(OAuth2Authorization authorization) {
		if (!loaded.remove(authorization.getId())) {
			super.save(authorization);
			return;
		}
		var parameters = getAuthorizationParametersMapper().apply(authorization);
		parameters.add(parameters.removeFirst());
		int updated;
		try (var lobs = getLobHandler().getLobCreator()) {
			updated = getJdbcOperations().update(UPDATE, new WithLobs(lobs, parameters.toArray()));
		}
		if (updated == 0) {
			super.save(authorization);
		}
	}

	private @Nullable OAuth2Authorization remember(@Nullable OAuth2Authorization authorization) {
		if (authorization != null) {
			if (loaded.size() > 10_000) {
				loaded.clear();
			}
			loaded.add(authorization.getId());
		}
		return authorization;
	}

	/** Binds BLOB and CLOB values as Spring Authorization Server does (H2 keeps attributes in BLOBs). */
	private static final class WithLobs extends ArgumentPreparedStatementSetter {

		private final LobCreator lobs;

		WithLobs(LobCreator lobs, Object[] arguments) {
			super(arguments);
			this.lobs = lobs;
		}

		@Override
		protected void doSetValue(PreparedStatement ps, int position, @Nullable Object value) throws SQLException {
			if (value instanceof SqlParameterValue parameter && parameter.getSqlType() == Types.BLOB) {
				lobs.setBlobAsBytes(ps, position, (byte[]) parameter.getValue());
				return;
			}
			if (value instanceof SqlParameterValue parameter && parameter.getSqlType() == Types.CLOB) {
				lobs.setClobAsString(ps, position, (String) parameter.getValue());
				return;
			}
			super.doSetValue(ps, position, value);
		}
	}
}
