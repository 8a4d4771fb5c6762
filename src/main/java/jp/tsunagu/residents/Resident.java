package jp.tsunagu.residents;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;

import org.jspecify.annotations.Nullable;

import jp.tsunagu.identity.AccountId;

/** A resident's profile, linked one-to-one to their Sapporo Smart ID account. */
public record Resident(AccountId account, String familyName, String givenName, String familyNameKana,
		String givenNameKana, LocalDate birthDate, Area area, @Nullable String phone, @Nullable String email,
		RegisteredVia registeredVia, Instant createdAt) {

	public enum RegisteredVia {
		SELF, HELP_DESK, DEMO
	}

	public String name() {
		return familyName + " " + givenName;
	}

	public String nameKana() {
		return familyNameKana + " " + givenNameKana;
	}

	public int ageOn(LocalDate day) {
		return Period.between(birthDate, day).getYears();
	}
}
