package jp.tsunagu.identity.internal;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.util.StringUtils;

import jp.tsunagu.identity.ConsentGiven;

/**
 * Spring Authorization Server's consent and authorization tables, asked what the authorization
 * server itself cannot: a resident's consents with their partners' names in one query, and the grants
 * a partner holds for a resident.
 */
@Repository
public class PartnerConsentRows {

	private static final String SCOPE = "SCOPE_";

	private final JdbcClient jdbc;

	PartnerConsentRows(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public List<ConsentGiven> of(String subject) {
		return jdbc.sql("SELECT c.client_id, c.client_name, a.authorities FROM oauth2_authorization_consent a"
				+ " JOIN oauth2_registered_client c ON c.id = a.registered_client_id WHERE a.principal_name = ?"
				+ " ORDER BY c.client_name")
			.param(subject)
			.query((rs, i) -> new ConsentGiven(rs.getString("client_id"), rs.getString("client_name"),
					scopes(rs.getString("authorities"))))
			.list();
	}

	/** Ids of the authorizations (grants with their tokens) a client holds for a subject. */
	public List<String> authorizations(String registeredClientId, String subject) {
		return jdbc.sql("SELECT id FROM oauth2_authorization WHERE registered_client_id = ? AND principal_name = ?")
			.params(registeredClientId, subject)
			.query(String.class)
			.list();
	}

	private static Set<String> scopes(String authorities) {
		var scopes = new TreeSet<String>();
		for (var authority : StringUtils.commaDelimitedListToSet(authorities)) {
			if (authority.startsWith(SCOPE)) {
				scopes.add(authority.substring(SCOPE.length()));
			}
		}
		return scopes;
	}
}
