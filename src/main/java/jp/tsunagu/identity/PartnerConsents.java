package jp.tsunagu.identity;

import java.util.List;

import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import jp.tsunagu.identity.internal.PartnerConsentRows;

/**
 * The consents a resident gave to partner services, and their withdrawal. Withdrawing also ends
 * every grant the partner holds (access and refresh tokens), so it cannot keep reading.
 */
@Service
public class PartnerConsents {

	private final PartnerConsentRows rows;

	private final RegisteredClientRepository clients;

	private final OAuth2AuthorizationConsentService consents;

	private final OAuth2AuthorizationService authorizations;

	PartnerConsents(PartnerConsentRows rows, RegisteredClientRepository clients, OAuth2AuthorizationConsentService consents,
			OAuth2AuthorizationService authorizations) {
		this.rows = rows;
		this.clients = clients;
		this.consents = consents;
		this.authorizations = authorizations;
	}

	/** The resident's consents with their partners' names: one query. */
	@Transactional(readOnly = true)
	public List<ConsentGiven> of(String subject) {
		return rows.of(subject);
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
		rows.authorizations(client.getId(), subject).forEach(id -> {
			var authorization = authorizations.findById(id);
			if (authorization != null) {
				authorizations.remove(authorization);
			}
		});
		return true;
	}
}
