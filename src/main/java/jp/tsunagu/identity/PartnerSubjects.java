package jp.tsunagu.identity;

import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.stereotype.Service;
import org.springframework.util.ConcurrentLruCache;

import jp.tsunagu.identity.internal.PairwiseSubjectRepository;

/**
 * The {@code sub} each partner knows a resident by. Partners with pairwise subjects get one per
 * sector, so two partners cannot join their data on it; older partners keep the account's own
 * subject. Identifiers never change, so they are cached without expiry.
 */
@Service
public class PartnerSubjects {

	private final PairwiseSubjectRepository pairwise;

	private final RegisteredClientRepository clients;

	private final Clock clock;

	private final ConcurrentLruCache<String, String> cache;

	PartnerSubjects(PairwiseSubjectRepository pairwise, RegisteredClientRepository clients, Clock clock) {
		this.pairwise = pairwise;
		this.clients = clients;
		this.clock = clock;
		this.cache = new ConcurrentLruCache<>(10_000, key -> {
			int bar = key.indexOf('\n');
			return this.pairwise.subjectOf(key.substring(0, bar), key.substring(bar + 1), UUID.randomUUID().toString(),
					this.clock.instant());
		});
	}

	/** What {@code client} is told the account's subject is. */
	public String subjectFor(RegisteredClient client, String accountSubject) {
		if (PartnerClients.subjectType(client) == SubjectType.PUBLIC) {
			return accountSubject;
		}
		return cache.get(sector(client) + "\n" + accountSubject);
	}

	/** What the client with this id is told the account's subject is. */
	public Optional<String> subjectFor(String clientId, String accountSubject) {
		return Optional.ofNullable(clients.findByClientId(clientId)).map(client -> subjectFor(client, accountSubject));
	}

	/** The account a partner means by the {@code sub} it was given, if it was given one. */
	public Optional<String> accountSubjectOf(String clientId, String partnerSubject) {
		var client = clients.findByClientId(clientId);
		if (client == null) {
			return Optional.empty();
		}
		if (PartnerClients.subjectType(client) == SubjectType.PUBLIC) {
			return Optional.of(partnerSubject);
		}
		return pairwise.accountSubjectOf(sector(client), partnerSubject);
	}

	private static String sector(RegisteredClient client) {
		String sector = client.getClientSettings().getSetting(PartnerClients.SECTOR);
		return sector != null ? sector : client.getClientId();
	}
}
