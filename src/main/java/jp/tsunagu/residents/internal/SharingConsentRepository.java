package jp.tsunagu.residents.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import jp.tsunagu.identity.AccountId;
import jp.tsunagu.residents.SharingConsent;
import jp.tsunagu.residents.SharingPurpose;
import jp.tsunagu.platform.Tokyo;

/** The {@code data_sharing_consent} table. */
@Repository
public class SharingConsentRepository {

	private final JdbcClient jdbc;

	SharingConsentRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public boolean active(AccountId resident, String partner, SharingPurpose purpose) {
		return jdbc.sql("SELECT COUNT(*) FROM data_sharing_consent WHERE resident = ? AND partner = ? AND purpose = ?"
				+ " AND withdrawn_at IS NULL")
			.params(resident.value(), partner, purpose.name())
			.query(Long.class)
			.single() > 0;
	}

	public void insert(SharingConsent consent) {
		jdbc.sql("INSERT INTO data_sharing_consent (id, resident, partner, purpose, wording_version, given_at)"
				+ " VALUES (?, ?, ?, ?, ?, ?)")
			.params(consent.id(), consent.resident().value(), consent.partner(), consent.purpose().name(),
					consent.wordingVersion(), Tokyo.utc(consent.givenAt()))
			.update();
	}

	/** Withdraws one of the resident's own active consents; false when there was none. */
	public boolean withdraw(AccountId resident, UUID consent, Instant at) {
		return jdbc.sql("UPDATE data_sharing_consent SET withdrawn_at = ? WHERE id = ? AND resident = ?"
				+ " AND withdrawn_at IS NULL")
			.params(Tokyo.utc(at), consent, resident.value())
			.update() == 1;
	}

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
