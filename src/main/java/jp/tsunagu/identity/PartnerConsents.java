package jp.tsunagu.identity;

import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The consents a resident gave to partner services, and their withdrawal. Withdrawing also ends
 * every grant the partner holds (access and refresh tokens), so it cannot keep reading.
 */
@Service
public class PartnerConsents {

	private final JdbcClient jdbc;

	private final RegisteredClientRepository clients;

	private final OAuth2AuthorizationConsentService consents;

	private final OAuth2AuthorizationService authorizations;

	PartnerConsents(JdbcClient jdbc, RegisteredClientRepository clients, OAuth2AuthorizationConsentService consents,
			OAuth2AuthorizationService authorizations) {
		this.jdbc = jdbc;
		this.clients = clients;
		this.consents = consents;
		this.authorizations = authorizations;
	}

	@Transactional(readOnly = true)
	public List<ConsentGiven> of(String subject) {
		return jdbc.sql("SELECT registered_client_id FROM oauth2_authorization_consent WHERE principal_name = ?")
			.param(subject)
			.query(String.class)
			.list()
			.stream()
			.map(id -> consents.findById(id, subject))
			.filter(java.util.Objects::nonNull)
			.map(c -> {
				var client = clients.findById(c.getRegisteredClientId());
				return new ConsentGiven(client.getClientId(), client.getClientName(), c.getScopes());
			})
			.toList();
	}

	@Transactional
	public boolean withdraw(String subject, String clientId) {
		var client = clients.findByClientId(clientId);
		if (client == null) {
			return false;
		}
		var consent = consents.findById(client.getId(), subject);
		if (consent == null) {
			return false;
		}
		consents.remove(consent);
		jdbc.sql("SELECT id FROM oauth2_authorization WHERE registered_client_id = ? AND principal_name = ?")
			.params(client.getId(), subject)
			.query(String.class)
			.list()
			.forEach(id -> {
				var authorization = authorizations.findById(id);
				if (authorization != null) {
					authorizations.remove(authorization);
				}
			});
		return true;
	}
}
