package jp.tsunagu.vitals.imports;

import org.jspecify.annotations.Nullable;

/**
 * An uploaded file that cannot be read as a vendor's CSV at all (empty, binary, neither UTF-8 nor
 * Shift_JIS, no header, a column named twice, too large): refused before anything starts.
 *
 * @param reason a message key {@code vitals-import.refused.<reason>}
 * @param detail what the message names (the missing columns, a row number), if anything
 */
class CsvUnreadable extends RuntimeException {

	private final String reason;

	private final @Nullable String detail;

	CsvUnreadable(String reason, @Nullable String detail) {
		super(reason + (detail == null ? "" : ": " + detail));
		this.reason = reason;
		this.detail = detail;
	}

	String reason() {
		return reason;
	}

	@Nullable String detail() {
		return detail;
	}
}
