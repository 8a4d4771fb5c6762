package jp.tsunagu.residents;

import java.time.LocalDate;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Past;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.jspecify.annotations.Nullable;

/** What is asked when someone registers, at home or at the help desk. */
public record ResidentDetails(@NotBlank @Size(max = 100) String familyName, @NotBlank @Size(max = 100) String givenName,
		@NotBlank @Size(max = 100) @Pattern(regexp = Kana.PATTERN) String familyNameKana,
		@NotBlank @Size(max = 100) @Pattern(regexp = Kana.PATTERN) String givenNameKana,
		@NotNull @Past LocalDate birthDate, @NotNull Area area, @Nullable @Size(max = 20) String phone) {
}
