package jp.tsunagu.vitals;

import java.time.Instant;

/** A measuring station at an exchange area, which posts its measurements as an OAuth client of its own. */
public record Station(String clientId, String name, String place, Instant createdAt, String createdBy) {

	/** How its measurements name the device. */
	public String device() {
		return "station:" + clientId;
	}
}
