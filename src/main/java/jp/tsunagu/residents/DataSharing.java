package jp.tsunagu.residents;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import jp.tsunagu.identity.AccountId;
import jp.tsunagu.residents.internal.SharingConsentRepository;

/**
 * Data-sharing consent: the one place every module asks before personal data leaves Tsunagu for a
 * partner ({@link #permits}). Consent is per partner and per purpose, records the wording version
 * and when it was given, and is withdrawn as easily as it was given.
 */
@Service
public class DataSharing {

	private final SharingConsentRepository consents;

	private final Clock clock;

	DataSharing(SharingConsentRepository consents, Clock clock) {
		this.consents = consents;
		this.clock = clock;
	}

	/** Whether the resident currently lets this partner have their data for this purpose. */
	@Transactional(readOnly = true)
	public boolean permits(AccountId resident, String partner, SharingPurpose purpose) {
		return consents.active(resident, partner, purpose);
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
		consents.insert(consent);
		return consent;
	}

	/** Withdraws the resident's own consent; returns false when there was none to withdraw. */
	@Transactional
	public boolean withdraw(AccountId resident, UUID consent) {
		return consents.withdraw(resident, consent, clock.instant());
	}

	/** Every consent the resident gave, newest first, withdrawn ones included. */
	@Transactional(readOnly = true)
	public List<SharingConsent> of(AccountId resident) {
		return consents.of(resident);
	}
}
