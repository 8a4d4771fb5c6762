package jp.tsunagu.identity;

import java.util.UUID;

/** Identifies a Sapporo Smart ID account inside Tsunagu (never shown to partners: they get the subject). */
public record AccountId(UUID value) {

	public static AccountId random() {
		return new AccountId(UUID.randomUUID());
	}

	@Override
	public String toString() {
		return value.toString();
	}
}
