package jp.tsunagu.residents.web;

import java.time.LocalDate;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Past;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.jspecify.annotations.Nullable;
import org.springframework.format.annotation.DateTimeFormat;

import jp.tsunagu.residents.Area;
import jp.tsunagu.residents.ResidentDetails;

/**
 * The registration questions as the page asks them. Login and password are only asked when a
 * person registers themselves; at the help desk they stay empty.
 */
record RegistrationForm(@NotBlank @Size(max = 100) String familyName, @NotBlank @Size(max = 100) String givenName,
		@NotBlank @Size(max = 100) @Pattern(regexp = KANA) String familyNameKana,
		@NotBlank @Size(max = 100) @Pattern(regexp = KANA) String givenNameKana,
		@NotNull @Past @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate birthDate,
		@NotNull @Nullable Area area, @Size(max = 20) @Nullable String phone, @Nullable String loginName,
		@Nullable String password) {

	static final String KANA = "[\\p{InKatakana}\\p{InHiragana}ー・ 　]+";

	static RegistrationForm empty() {
		return new RegistrationForm("", "", "", "", null, null, "", "", "");
	}

	ResidentDetails details() {
		return new ResidentDetails(familyName, givenName, familyNameKana, givenNameKana, birthDate, area, phone);
	}
}
