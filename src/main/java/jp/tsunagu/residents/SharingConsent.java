package jp.tsunagu.residents;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import jp.tsunagu.identity.AccountId;

/** A resident's consent to share data with one partner for one purpose, as recorded. */
public record SharingConsent(UUID id, AccountId resident, String partner, SharingPurpose purpose, String wordingVersion,
		Instant givenAt, @Nullable Instant withdrawnAt) {

	public boolean active() {
		return withdrawnAt == null;
	}
}
