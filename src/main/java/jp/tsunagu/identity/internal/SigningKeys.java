package jp.tsunagu.identity.internal;

import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.encrypt.Encryptors;
import org.springframework.security.crypto.encrypt.TextEncryptor;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import jp.tsunagu.identity.IdentitySettings;
import jp.tsunagu.platform.Tokyo;

/**
 * The provider's signing keys, persisted so every instance signs with the same key and a restart
 * breaks no token. The newest unretired key signs; retired keys stay published in the JWKS until
 * every token they signed has expired. The key set is read from the database at most every few
 * seconds, so a rotation on one instance reaches the others quickly without a query per token.
 */
@Component
public class SigningKeys implements JWKSource<SecurityContext> {

	private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

	private static final long CACHE_MILLIS = 5_000;

	private final JdbcClient jdbc;

	private final Clock clock;

	private final IdentitySettings settings;

	private final @Nullable TextEncryptor encryptor;

	private volatile @Nullable Snapshot snapshot;

	private record Snapshot(long loadedAt, String signingKid, JWKSet published) {
	}

	SigningKeys(JdbcClient jdbc, Clock clock, IdentitySettings settings) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.settings = settings;
		var secret = settings.keys().encryptionSecret();
		// The salt is fixed per deployment purpose, the secret is what protects the keys.
		this.encryptor = secret == null || secret.isBlank() ? null : Encryptors.delux(secret, "7473756e616775");
		if (encryptor == null) {
			log.warn("Signing keys are stored unencrypted: set TSUNAGU_KEY_SECRET (tsunagu.identity.keys.encryption-secret)");
		}
	}

	@Override
	public List<JWK> get(com.nimbusds.jose.jwk.JWKSelector selector, SecurityContext context) {
		return selector.select(current().published());
	}

	/** The key id new tokens are signed with. */
	public String signingKid() {
		return current().signingKid();
	}

	/** Public keys as the JWKS endpoint shows them. */
	public JWKSet publicKeys() {
		return current().published().toPublicJWKSet();
	}

	/** Retires the signing key and makes a new one; tokens already issued stay verifiable. */
	@Transactional
	public String rotate() {
		var now = clock.instant();
		jdbc.sql("UPDATE signing_key SET retired_at = ?, published_until = ? WHERE retired_at IS NULL")
			.params(Tokyo.utc(now), Tokyo.utc(now.plus(settings.keys().publishFor())))
			.update();
		var kid = create(now);
		snapshot = null;
		return kid;
	}

	/** Makes sure one key signs and the current one is not older than the rotation period. */
	@Transactional
	public void ensureCurrent() {
		var newest = jdbc.sql("SELECT MAX(created_at) FROM signing_key WHERE retired_at IS NULL")
			.query(OffsetDateTime.class)
			.optional();
		var now = clock.instant();
		if (newest.isEmpty()) {
			create(now);
		}
		else if (newest.get().toInstant().plus(settings.keys().rotateAfter()).isBefore(now)) {
			rotate();
		}
		jdbc.sql("DELETE FROM signing_key WHERE published_until IS NOT NULL AND published_until < ?")
			.param(Tokyo.utc(now))
			.update();
		snapshot = null;
	}

	private String create(Instant now) {
		try {
			var kid = UUID.randomUUID().toString();
			RSAKey key = new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
				.generate();
			jdbc.sql("INSERT INTO signing_key (kid, algorithm, private_jwk, created_at) VALUES (?, ?, ?, ?)")
				.params(kid, "RS256", seal(key.toJSONString()), Tokyo.utc(now))
				.update();
			return kid;
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Could not generate a signing key", ex);
		}
	}

	private Snapshot current() {
		var s = snapshot;
		long now = System.currentTimeMillis();
		if (s != null && now - s.loadedAt() < CACHE_MILLIS) {
			return s;
		}
		var at = Tokyo.utc(clock.instant());
		var rows = jdbc.sql("SELECT private_jwk, retired_at FROM signing_key"
				+ " WHERE published_until IS NULL OR published_until > ? ORDER BY created_at DESC")
			.param(at)
			.query((rs, i) -> new Object[] { rs.getString(1), rs.getObject(2, OffsetDateTime.class) })
			.list();
		if (rows.isEmpty()) {
			ensureCurrent();
			return current();
		}
		var keys = rows.stream().map(r -> parse((String) r[0])).toList();
		var signing = rows.stream()
			.filter(r -> r[1] == null)
			.findFirst()
			.map(r -> parse((String) r[0]).getKeyID())
			.orElseGet(() -> keys.getFirst().getKeyID());
		s = new Snapshot(now, signing, new JWKSet(keys));
		snapshot = s;
		return s;
	}

	private String seal(String json) {
		return encryptor == null ? json : "enc:" + encryptor.encrypt(json);
	}

	private JWK parse(String stored) {
		try {
			var json = stored.startsWith("enc:") ? requireEncryptor().decrypt(stored.substring(4)) : stored;
			return JWK.parse(json);
		}
		catch (ParseException ex) {
			throw new IllegalStateException("Stored signing key unreadable", ex);
		}
	}

	private TextEncryptor requireEncryptor() {
		if (encryptor == null) {
			throw new IllegalStateException("Signing keys are encrypted: set tsunagu.identity.keys.encryption-secret");
		}
		return encryptor;
	}
}
