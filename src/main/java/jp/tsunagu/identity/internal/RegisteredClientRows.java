package jp.tsunagu.identity.internal;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.stereotype.Repository;

/**
 * Spring Authorization Server's {@code oauth2_registered_client} table, read whole for the admin list
 * in one query, with the authorization server's own row mapper (the table stays its format).
 */
@Repository
public class RegisteredClientRows {

	private final JdbcOperations jdbc;

	private final JdbcRegisteredClientRepository.JsonMapperRegisteredClientRowMapper rows = new JdbcRegisteredClientRepository.JsonMapperRegisteredClientRowMapper();

	RegisteredClientRows(JdbcOperations jdbc) {
		this.jdbc = jdbc;
	}

	/** Every registered client, by name. */
	public List<RegisteredClient> all() {
		return jdbc.query("SELECT * FROM oauth2_registered_client ORDER BY client_name, client_id", rows);
	}

	/** The names of these clients (by client id), in one query; unknown ids are missing. */
	public Map<String, String> names(Collection<String> clientIds) {
		var names = new HashMap<String, String>();
		if (clientIds.isEmpty()) {
			return names;
		}
		var ids = List.copyOf(new java.util.LinkedHashSet<>(clientIds));
		var marks = String.join(", ", java.util.Collections.nCopies(ids.size(), "?"));
		jdbc.query("SELECT client_id, client_name FROM oauth2_registered_client WHERE client_id IN (" + marks + ")",
				rs -> {
					names.put(rs.getString(1), rs.getString(2));
				}, ids.toArray());
		return names;
	}
}
