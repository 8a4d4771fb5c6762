package jp.tsunagu.vitals.internal;

/**
 * A row of an import that was not stored: its number as a spreadsheet shows it, the column, and
 * the problem as a message key's last part, optionally followed by {@code |} and the value found.
 */
public record ImportError(int row, String column, String problem) {
}
