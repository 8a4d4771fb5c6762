package jp.tsunagu.residents;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import jp.tsunagu.identity.AccountId;

/**
 * Data-sharing consent: the one place every module asks before personal data leaves Tsunagu for a
 * partner ({@link #permits}). Consent is per partner and per purpose, records the wording version
 * and when it was given, and is withdrawn as easily as it was given.
 */
@Service
public class DataSharing {

	private final JdbcClient jdbc;

	private final Clock clock;

	DataSharing(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/** Whether the resident currently lets this partner have their data for this purpose. */
	@Transactional(readOnly = true)
	public boolean permits(AccountId resident, String partner, SharingPurpose purpose) {
		return jdbc.sql("SELECT COUNT(*) FROM data_sharing_consent WHERE resident = ? AND partner = ? AND purpose = ?"
				+ " AND withdrawn_at IS NULL")
			.params(resident.value(), partner, purpose.name())
			.query(Long.class)
			.single() > 0;
	}

	@Transactional
	public SharingConsent give(AccountId resident, String partner, SharingPurpose purpose) {
		var existing = of(resident).stream()
			.filter(c -> c.active() && c.partner().equals(partner) && c.purpose() == purpose)
			.findFirst();
		if (existing.isPresent()) {
			return existing.get();
		}
		var consent = new SharingConsent(UUID.randomUUID(), resident, partner, purpose, SharingPurpose.WORDING_VERSION,
				clock.instant(), null);
		jdbc.sql("INSERT INTO data_sharing_consent (id, resident, partner, purpose, wording_version, given_at)"
				+ " VALUES (?, ?, ?, ?, ?, ?)")
			.params(consent.id(), resident.value(), partner, purpose.name(), consent.wordingVersion(),
					OffsetDateTime.ofInstant(consent.givenAt(), ZoneOffset.UTC))
			.update();
		return consent;
	}

	/** Withdraws the resident's own consent; returns false when there was none to withdraw. */
	@Transactional
	public boolean withdraw(AccountId resident, UUID consent) {
		return jdbc.sql("UPDATE data_sharing_consent SET withdrawn_at = ? WHERE id = ? AND resident = ?"
				+ " AND withdrawn_at IS NULL")
			.params(OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC), consent, resident.value())
			.update() == 1;
	}

	/** Every consent the resident gave, newest first, withdrawn ones included. */
	@Transactional(readOnly = true)
	public List<SharingConsent> of(AccountId resident) {
		return jdbc.sql("SELECT id, partner, purpose, wording_version, given_at, withdrawn_at FROM data_sharing_consent"
				+ " WHERE resident = ? ORDER BY given_at DESC")
			.param(resident.value())
			.query((rs, i) -> {
				var withdrawn = rs.getObject("withdrawn_at", OffsetDateTime.class);
				return new SharingConsent(rs.getObject("id", UUID.class), resident, rs.getString("partner"),
						SharingPurpose.valueOf(rs.getString("purpose")), rs.getString("wording_version"),
						rs.getObject("given_at", OffsetDateTime.class).toInstant(),
						withdrawn == null ? null : withdrawn.toInstant());
			})
			.list();
	}
}
