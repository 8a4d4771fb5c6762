package jp.tsunagu.identity.internal;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Checks hourly whether the signing key is due for rotation. Running on every instance is safe:
 * the check and the rotation are one transaction and a second rotation within the hour finds
 * nothing to do.
 */
@Component
class SigningKeyRotation {

	private final SigningKeys keys;

	SigningKeyRotation(SigningKeys keys) {
		this.keys = keys;
	}

	@EventListener(ApplicationReadyEvent.class)
	void atStart() {
		keys.ensureCurrent();
	}

	@Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1H")
	void hourly() {
		keys.ensureCurrent();
	}
}
