package jp.tsunagu.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jp.tsunagu.bench.IdentityFlows.BenchUser;

/** What one operation of each OIDC phase is: a login, a refresh of a user's chain, a client-credentials token. */
final class OidcOperations {

	private OidcOperations() {
	}

	/**
	 * One operation of a phase. Each worker takes its own users in turn (a copy of its partition per
	 * phase: a refresh chain that broke is dropped for the rest of that phase only; the next login
	 * phase starts it again).
	 */
	static Phase.Operation of(String phase, Provider provider, IdentityFlows flows, Map<Integer, String> refreshTokens,
			List<Browser> browsers, List<List<BenchUser>> partitions) throws BenchFailure {
		var mine = partitions.stream().map(p -> (List<BenchUser>) new ArrayList<>(p)).toList();
		var next = new int[partitions.size()];
		return switch (phase) {
			case "login" -> (worker, steps) -> {
				var list = mine.get(worker);
				var user = list.get(next[worker]++ % list.size());
				var tokens = provider.login(browsers.get(worker), user, false, (i, nanos) -> steps[i] = nanos);
				refreshTokens.put(user.index(), tokens.refreshToken());
			};
			case "refresh" -> (worker, steps) -> {
				var list = mine.get(worker);
				BenchUser user = null;
				String token = null;
				while (token == null) {
					if (list.isEmpty()) {
						throw new BenchFailure("refresh: this worker has no refresh-token chain left");
					}
					user = list.get(next[worker]++ % list.size());
					token = refreshTokens.get(user.index());
					if (token == null) {
						list.remove(user);
					}
				}
				try {
					refreshTokens.put(user.index(), flows.refresh(token).refreshToken());
				}
				catch (BenchFailure | IOException ex) {
					// The server may have rotated the token before the failure: this chain is over
					refreshTokens.remove(user.index());
					throw ex;
				}
			};
			case "client-credentials" -> (worker, steps) -> flows.clientCredentials(provider.clientCredentialsScope());
			default -> throw new BenchFailure("unknown phase " + phase + " (login, refresh, client-credentials)");
		};
	}
}
