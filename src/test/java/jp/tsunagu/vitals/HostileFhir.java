package jp.tsunagu.vitals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Hostile variations of valid FHIR JSON for fuzz tests. */
final class HostileFhir {

	static final List<String> JUNK = List.of("", "\"\"", "null", "[]", "{}", "0", "-1", "1e309", "\"x\"", "true",
			"\"\\u0000\"", "\"" + "あ".repeat(5000) + "\"", "{\"reference\":\"Patient/\"}",
			"\"2026-13-45T99:99:99+09:00\"", "[{}]", "\"2026-11-30\"", "\"2026-11-30T10:00:00\"", "\" padded \"", "\"kg\"",
			"\"http://example.org\"", "12.5", "-40");

	private HostileFhir() {
	}

	/** Cuts a field out, puts junk in a value's place, or cuts the text short. */
	static String mutate(String json, Random random, List<String> junk) {
		var colons = new ArrayList<Integer>();
		for (int i = 0; i < json.length(); i++) {
			if (json.charAt(i) == ':') {
				colons.add(i);
			}
		}
		int at = colons.get(random.nextInt(colons.size()));
		int end = valueEnd(json, at + 1);
		return switch (random.nextInt(4)) {
			case 0 -> json.substring(0, at + 1) + junk.get(random.nextInt(junk.size())) + json.substring(end);
			case 1 -> json.substring(0, random.nextInt(json.length()));
			case 2 -> json.substring(0, at + 1) + json.substring(at + 1, end) + json.substring(end).replaceFirst(",", ",\"x\":1,");
			default -> json.replace("\"" + json.substring(json.lastIndexOf('"', at - 2) + 1, at - 1) + "\"",
					"\"" + json.substring(json.lastIndexOf('"', at - 2) + 1, at - 1) + "x\"");
		};
	}

	static int valueEnd(String json, int from) {
		int depth = 0;
		boolean string = false;
		for (int i = from; i < json.length(); i++) {
			char c = json.charAt(i);
			if (string) {
				if (c == '\\') {
					i++;
				}
				else if (c == '"') {
					string = false;
				}
				continue;
			}
			if (c == '"') {
				string = true;
			}
			else if (c == '{' || c == '[') {
				depth++;
			}
			else if (c == '}' || c == ']') {
				if (depth == 0) {
					return i;
				}
				depth--;
			}
			else if (c == ',' && depth == 0) {
				return i;
			}
		}
		return json.length();
	}

}
