package jp.tsunagu.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import jp.tsunagu.bench.IdentityFlows.BenchUser;
import jp.tsunagu.bench.IdentityFlows.Client;

/**
 * What {@code setup} leaves for {@code measure}: the provider and its partner client, the users and
 * their latest refresh tokens (throw-away secrets of a benchmark database), as a properties file.
 */
record BenchState(String provider, Client client, List<BenchUser> users, Map<Integer, String> refreshTokens) {

	void save(Path path, URI base) throws IOException {
		var props = new Properties();
		props.setProperty("base.url", base.toString());
		props.setProperty("provider", provider);
		props.setProperty("client.id", client.id());
		props.setProperty("client.secret", client.secret());
		props.setProperty("client.redirect_uri", client.redirectUri().toString());
		props.setProperty("client.scope", client.scope());
		props.setProperty("users", users.stream().map(u -> String.valueOf(u.index())).collect(Collectors.joining(",")));
		for (var u : users) {
			props.setProperty("user." + u.index() + ".login", u.loginName());
			props.setProperty("user." + u.index() + ".password", u.password());
			var rt = refreshTokens.get(u.index());
			if (rt != null) {
				props.setProperty("user." + u.index() + ".refresh_token", rt);
			}
		}
		if (path.getParent() != null) {
			Files.createDirectories(path.getParent());
		}
		try (var writer = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
			props.store(writer, "tsunagu-bench state (secrets of a throw-away benchmark database)");
		}
	}

	/** @param refreshTokens receives the users' refresh tokens */
	static BenchState load(Path path, URI base, String provider, Map<Integer, String> refreshTokens)
			throws IOException, BenchFailure {
		if (!Files.exists(path)) {
			throw new BenchFailure("no state file " + path + ": run setup first");
		}
		var props = new Properties();
		try (var reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
			props.load(reader);
		}
		var saved = props.getProperty("provider", "tsunagu");
		if (!base.toString().equals(props.getProperty("base.url")) || !provider.equals(saved)) {
			throw new BenchFailure("state file " + path + " is for " + props.getProperty("base.url") + " (" + saved + ")");
		}
		var client = new Client(props.getProperty("client.id"), props.getProperty("client.secret"),
				URI.create(props.getProperty("client.redirect_uri")), props.getProperty("client.scope"));
		var list = new ArrayList<BenchUser>();
		for (var id : props.getProperty("users", "").split(",")) {
			if (id.isBlank()) {
				continue;
			}
			int i = Integer.parseInt(id.strip());
			list.add(new BenchUser(i, props.getProperty("user." + i + ".login"),
					props.getProperty("user." + i + ".password")));
			var rt = props.getProperty("user." + i + ".refresh_token");
			if (rt != null) {
				refreshTokens.put(i, rt);
			}
		}
		return new BenchState(saved, client, List.copyOf(list), refreshTokens);
	}
}
