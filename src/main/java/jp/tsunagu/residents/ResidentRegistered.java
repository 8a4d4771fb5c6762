package jp.tsunagu.residents;

import java.time.LocalDate;

import jp.tsunagu.identity.AccountId;

/**
 * A resident was registered (by themselves, at the help desk, or in the demo ward): who they are for
 * the questions other modules ask of everyone, their area and age. Published inside the transaction
 * that stores them; {@code account} identifies them.
 */
public record ResidentRegistered(AccountId account, Area area, LocalDate birthDate) {
}
