package jp.tsunagu.identity;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Object mother: partner clients as an administrator would register them. */
public final class TestClients {

	public static final String REDIRECT = "http://127.0.0.1:9999/callback";

	public static final String AFTER_LOGOUT = "http://127.0.0.1:9999/bye";

	private TestClients() {
	}

	public static PartnerClient.Registered confidential(PartnerClients clients, Set<String> scopes) {
		return confidential(clients, scopes, PartnerClients.TokenLifetimes.standard());
	}

	public static PartnerClient.Registered confidential(PartnerClients clients, Set<String> scopes,
			PartnerClients.TokenLifetimes lifetimes) {
		return clients.register(new PartnerClient("rp-" + UUID.randomUUID(), "テスト協力サービス", List.of(REDIRECT),
				List.of(AFTER_LOGOUT), scopes, true, true), lifetimes);
	}

	public static PartnerClient.Registered publicClient(PartnerClients clients) {
		return clients.register(new PartnerClient("tablet-" + UUID.randomUUID(), "タブレットアプリ", List.of(REDIRECT),
				List.of(AFTER_LOGOUT), Set.of("openid", "profile"), false, false),
				PartnerClients.TokenLifetimes.standard());
	}

	public static PartnerClients.TokenLifetimes codeLivingOneSecond() {
		return new PartnerClients.TokenLifetimes(Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofDays(1));
	}
}
