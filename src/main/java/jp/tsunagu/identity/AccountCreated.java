package jp.tsunagu.identity;

/** A Sapporo Smart ID account came into being, by self-registration or at the help desk. */
public record AccountCreated(AccountId account, boolean assisted) {
}
