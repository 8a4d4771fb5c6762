package jp.tsunagu.vitals.imports;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A vendor's day export read as CSV (RFC 4180: commas, double quotes, CRLF or LF) before anything
 * is stored: UTF-8 (with or without BOM) or else Shift_JIS (Windows-31J, as Japanese spreadsheets
 * save it), a header row naming the columns in any order. What cannot be read as such a file at
 * all is refused whole ({@link CsvUnreadable}); a row with the wrong number of fields or an
 * overlong line is kept and reported as that row's problem.
 */
record VendorCsv(String charset, Map<String, Integer> columns, List<Row> rows) {

	static final List<String> REQUIRED = List.of("measured_at", "resident", "device", "kind", "value");

	static final List<String> OPTIONAL = List.of("second", "unit");

	static final int MAX_ROWS = 100_000;

	/** Longer than any real row: such a line is reported, not parsed. */
	static final int MAX_LINE = 2_000;

	static final Charset SHIFT_JIS = Charset.forName("Windows-31J");

	/**
	 * One data row.
	 *
	 * @param number the row as a spreadsheet numbers it (the header is row 1)
	 * @param problem {@code fields} (not as many fields as the header) or {@code too-long}, else null
	 */
	record Row(int number, List<String> fields, String problem) {

		String get(VendorCsv file, String column) {
			var index = file.columns().get(column);
			return index == null || index >= fields.size() ? "" : fields.get(index).strip();
		}
	}

	static VendorCsv read(byte[] bytes) {
		if (bytes.length == 0) {
			throw new CsvUnreadable("empty", null);
		}
		for (byte b : bytes) {
			if (b == 0) {
				throw new CsvUnreadable("binary", null);
			}
		}
		String charset;
		String text;
		int offset = bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb
				&& (bytes[2] & 0xff) == 0xbf ? 3 : 0;
		try {
			text = decode(bytes, offset, StandardCharsets.UTF_8);
			charset = "UTF-8";
		}
		catch (CharacterCodingException notUtf8) {
			try {
				text = decode(bytes, 0, SHIFT_JIS);
				charset = "Shift_JIS";
			}
			catch (CharacterCodingException neither) {
				throw new CsvUnreadable("encoding", null);
			}
		}
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < 0x20 && c != '\t' && c != '\r' && c != '\n' || c == 0x7f || c == '\uFFFE' || c == '\uFFFF') {
				throw new CsvUnreadable("binary", null);
			}
		}
		if (text.isBlank()) {
			throw new CsvUnreadable("empty", null);
		}
		var records = records(text);
		var header = records.getFirst();
		if (header.problem() != null) {
			throw new CsvUnreadable("header-missing", String.join(",", REQUIRED));
		}
		var columns = new HashMap<String, Integer>();
		for (int i = 0; i < header.fields().size(); i++) {
			var name = header.fields().get(i).strip().toLowerCase(Locale.ROOT);
			if (name.isEmpty()) {
				continue;
			}
			if (columns.putIfAbsent(name, i) != null && (REQUIRED.contains(name) || OPTIONAL.contains(name))) {
				throw new CsvUnreadable("header-duplicate", name);
			}
		}
		var missing = REQUIRED.stream().filter(c -> !columns.containsKey(c)).toList();
		if (!missing.isEmpty()) {
			throw new CsvUnreadable("header-missing", String.join(",", missing));
		}
		var rows = new ArrayList<Row>(records.size());
		for (var record : records.subList(1, records.size())) {
			if (record.problem() == null && record.fields().stream().allMatch(String::isBlank)) {
				continue;
			}
			if (record.problem() == null && record.fields().size() != header.fields().size()) {
				rows.add(new Row(record.number(), record.fields(), "fields"));
			}
			else {
				rows.add(record);
			}
		}
		if (rows.isEmpty()) {
			throw new CsvUnreadable("no-rows", null);
		}
		if (rows.size() > MAX_ROWS) {
			throw new CsvUnreadable("too-many-rows", Integer.toString(MAX_ROWS));
		}
		return new VendorCsv(charset, Map.copyOf(columns), List.copyOf(rows));
	}

	private static String decode(byte[] bytes, int offset, Charset charset) throws CharacterCodingException {
		return charset.newDecoder()
			.onMalformedInput(CodingErrorAction.REPORT)
			.onUnmappableCharacter(CodingErrorAction.REPORT)
			.decode(ByteBuffer.wrap(bytes, offset, bytes.length - offset))
			.toString();
	}

	/** Splits the text into records; a quote left open to the end makes the file unreadable. */
	private static List<Row> records(String text) {
		var records = new ArrayList<Row>();
		var fields = new ArrayList<String>();
		var field = new StringBuilder();
		boolean quoted = false;
		boolean tooLong = false;
		int start = 0;
		int quoteOpenedIn = 0;
		int i = 0;
		while (i < text.length()) {
			char c = text.charAt(i);
			if (quoted) {
				if (c == '"') {
					if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
						field.append('"');
						i++;
					}
					else {
						quoted = false;
					}
				}
				else {
					field.append(c);
				}
			}
			else if (c == '"' && field.isEmpty()) {
				quoted = true;
				quoteOpenedIn = records.size() + 1;
			}
			else if (c == ',') {
				fields.add(field.toString());
				field.setLength(0);
			}
			else if (c == '\r' || c == '\n') {
				if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
					i++;
				}
				fields.add(field.toString());
				records.add(record(records.size() + 1, fields, tooLong || i - start > MAX_LINE));
				fields = new ArrayList<>();
				field.setLength(0);
				tooLong = false;
				start = i + 1;
			}
			else {
				field.append(c);
			}
			if (i - start > MAX_LINE && !tooLong) {
				// keep reading to the end of the record, without keeping what it says
				tooLong = true;
			}
			if (tooLong && field.length() > MAX_LINE) {
				field.setLength(0);
			}
			i++;
		}
		if (quoted) {
			throw new CsvUnreadable("quote-open", Integer.toString(quoteOpenedIn));
		}
		if (!field.isEmpty() || !fields.isEmpty()) {
			fields.add(field.toString());
			records.add(record(records.size() + 1, fields, tooLong || i - start > MAX_LINE));
		}
		return records;
	}

	private static Row record(int number, List<String> fields, boolean tooLong) {
		return tooLong ? new Row(number, List.of(), "too-long") : new Row(number, List.copyOf(fields), null);
	}
}
