package jp.tsunagu.coupons.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import jp.tsunagu.coupons.CouponCodeForged;
import jp.tsunagu.coupons.CouponCodeMalformed;
import jp.tsunagu.platform.Tokyo;

/**
 * The two ways a coupon is written: a QR code carrying {@code TSU1.<coupon id>.<HMAC-SHA256>} (the
 * id is random, so nothing in it says who holds it; the signature makes a forged or altered code
 * fail), and a short code of eight letters and digits that cannot be confused with each other, for
 * typing at the till. The signing key is kept in the database so that every instance signs alike.
 */
@Component
public class CouponCodes {

	static final String PREFIX = "TSU1.";

	/** No 0/O, 1/I/L, 2/Z, 5/S, 8/B, U/V: what a person reads off a slip is what they type. */
	static final String ALPHABET = "ACDEFGHJKMNPQRTWXY346789";

	private static final int SIGNATURE_BYTES = 12;

	private final JdbcClient jdbc;

	private final TransactionTemplate tx;

	private final Clock clock;

	private final SecureRandom random = new SecureRandom();

	private volatile byte @Nullable [] key;

	CouponCodes(JdbcClient jdbc, PlatformTransactionManager transactions, Clock clock) {
		this.jdbc = jdbc;
		// its own transaction: the first use may come inside a redemption's, which a lost race must not spoil
		this.tx = new TransactionTemplate(transactions);
		this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.clock = clock;
	}

	/** What a coupon's QR code says. */
	public String qr(UUID coupon) {
		var id = encode(bytes(coupon));
		return PREFIX + id + "." + encode(sign(PREFIX + id));
	}

	public String newShortCode() {
		var code = new StringBuilder(8);
		for (int i = 0; i < 8; i++) {
			code.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
		}
		return code.toString();
	}

	/** What was read or typed: a signed QR code or a short code; anything else is refused. */
	public Read read(String typed) {
		var text = Normalizer.normalize(typed, Normalizer.Form.NFKC).strip();
		if (text.length() > 100) {
			throw new CouponCodeMalformed("longer than any coupon code");
		}
		if (text.startsWith(PREFIX)) {
			return new Read(verify(text), null);
		}
		var code = text.replaceAll("[\\s\\-‐－ー]", "").toUpperCase(Locale.ROOT);
		if (code.length() != 8 || !code.chars().allMatch(c -> ALPHABET.indexOf(c) >= 0)) {
			throw new CouponCodeMalformed("not a short code");
		}
		return new Read(null, code);
	}

	/** A coupon's id from its QR code, or the short code typed. */
	public record Read(@Nullable UUID coupon, @Nullable String shortCode) {
	}

	private UUID verify(String text) {
		var parts = text.split("\\.", -1);
		if (parts.length != 3 || !parts[0].equals("TSU1")) {
			throw new CouponCodeMalformed("not three parts");
		}
		byte[] id;
		byte[] signature;
		try {
			id = Base64.getUrlDecoder().decode(parts[1]);
			signature = Base64.getUrlDecoder().decode(parts[2]);
		}
		catch (IllegalArgumentException notBase64) {
			throw new CouponCodeForged("not base64");
		}
		if (id.length != 16 || !MessageDigest.isEqual(signature, sign(PREFIX + parts[1]))) {
			throw new CouponCodeForged("signature does not match");
		}
		var buffer = ByteBuffer.wrap(id);
		return new UUID(buffer.getLong(), buffer.getLong());
	}

	private byte[] sign(String text) {
		try {
			var mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key(), "HmacSHA256"));
			return Arrays.copyOf(mac.doFinal(text.getBytes(StandardCharsets.US_ASCII)), SIGNATURE_BYTES);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is part of every JDK", ex);
		}
	}

	/** The key, made by the first instance that needs one; the others read the same row. */
	private byte[] key() {
		var known = key;
		if (known != null) {
			return known;
		}
		var stored = stored();
		if (stored == null) {
			var fresh = new byte[32];
			random.nextBytes(fresh);
			try {
				tx.executeWithoutResult(s -> jdbc
					.sql("INSERT INTO coupon_signing_key (id, secret, created_at) VALUES ('v1', ?, ?)")
					.params(Base64.getEncoder().encodeToString(fresh), Tokyo.utc(clock.instant()))
					.update());
			}
			catch (DuplicateKeyException madeByAnother) {
				// another instance made it first: use theirs
			}
			stored = stored();
		}
		key = Base64.getDecoder().decode(stored);
		return key;
	}

	private @Nullable String stored() {
		return tx.execute(s -> jdbc.sql("SELECT secret FROM coupon_signing_key WHERE id = 'v1'")
			.query(String.class)
			.optional()
			.orElse(null));
	}

	private static byte[] bytes(UUID id) {
		return ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
	}

	private static String encode(byte[] bytes) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}
}
