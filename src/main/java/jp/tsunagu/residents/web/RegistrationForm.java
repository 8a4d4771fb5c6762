package jp.tsunagu.residents.web;

import java.time.LocalDate;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.jspecify.annotations.Nullable;
import org.springframework.validation.BindingResult;

import jp.tsunagu.residents.Area;
import jp.tsunagu.residents.Kana;
import jp.tsunagu.residents.ResidentDetails;

/**
 * The registration questions as the page asks them. Login and password are only asked when a
 * person registers themselves; at the help desk they stay empty.
 */
record RegistrationForm(@NotBlank @Size(max = 100) String familyName, @NotBlank @Size(max = 100) String givenName,
		@NotBlank @Size(max = 100) @Pattern(regexp = Kana.PATTERN) String familyNameKana,
		@NotBlank @Size(max = 100) @Pattern(regexp = Kana.PATTERN) String givenNameKana,
		@Pattern(regexp = "\\d{4}") String birthYear, @Pattern(regexp = "\\d{1,2}") String birthMonth,
		@Pattern(regexp = "\\d{1,2}") String birthDay,
		@NotNull @Nullable Area area, @Size(max = 20) @Nullable String phone, @Size(max = 254) @Nullable String loginName,
		@Size(max = 1000) @Nullable String password) {

	static RegistrationForm empty() {
		return new RegistrationForm("", "", "", "", "", "", "", null, "", "", "");
	}

	/**
	 * Checks what annotations cannot: that year, month and day make a real day in the past. Asked as
	 * three numbers (the GOV.UK date pattern), kept as text while binding, so a mistyped date is
	 * reported together with every other mistake.
	 */
	void checkBirthDate(BindingResult result, LocalDate today) {
		if (result.hasFieldErrors("birthYear") || result.hasFieldErrors("birthMonth") || result.hasFieldErrors("birthDay")) {
			return;
		}
		var parsed = parsedBirthDate();
		if (parsed == null) {
			result.rejectValue("birthYear", "birthDate.invalid");
		}
		else if (!parsed.isBefore(today) || parsed.isBefore(today.minusYears(125))) {
			result.rejectValue("birthYear", "birthDate.range");
		}
	}

	ResidentDetails details() {
		return new ResidentDetails(familyName, givenName, familyNameKana, givenNameKana, parsedBirthDate(), area, phone);
	}

	private @Nullable LocalDate parsedBirthDate() {
		try {
			return LocalDate.of(Integer.parseInt(birthYear), Integer.parseInt(birthMonth), Integer.parseInt(birthDay));
		}
		catch (RuntimeException ex) {
			return null;
		}
	}
}
