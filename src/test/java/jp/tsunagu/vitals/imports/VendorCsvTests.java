package jp.tsunagu.vitals.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** Reading a vendor's export: what is a CSV at all, and what is only one bad row of one. */
class VendorCsvTests {

	static final String HEADER = "measured_at,resident,device,kind,value,second,unit\n";

	static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	@Test
	void whenUtf8WithBomThenTheHeaderIsFoundAndRowsAreNumberedAsASpreadsheetDoes() {
		var file = VendorCsv.read(utf8("\uFEFF" + HEADER + "2026/12/01 10:15,r1,BP-1,血圧,128,82,mmHg\r\n"
				+ "\r\n2026/12/01 10:16,r2,BP-1,BLOOD_PRESSURE,130,80,mmHg"));
		assertThat(file.charset()).isEqualTo("UTF-8");
		assertThat(file.rows()).extracting(VendorCsv.Row::number).containsExactly(2, 4);
		assertThat(file.rows().getFirst().get(file, "kind")).isEqualTo("血圧");
		assertThat(file.rows().get(1).get(file, "value")).isEqualTo("130");
	}

	@Test
	void whenShiftJisThenItIsReadAsShiftJis() {
		var file = VendorCsv.read((HEADER + "2026/12/01 10:15,r1,体重計-1,体重,61.5,,kg\n")
			.getBytes(VendorCsv.SHIFT_JIS));
		assertThat(file.charset()).isEqualTo("Shift_JIS");
		assertThat(file.rows().getFirst().get(file, "device")).isEqualTo("体重計-1");
	}

	@Test
	void whenColumnsComeInAnotherOrderWithQuotesAndExtraColumnsThenTheyAreFoundByName() {
		var file = VendorCsv.read(utf8("Kind,Value,Memo,Resident,Device,Measured_At\n"
				+ "歩数,\"12,345\",\"朝の\"\"散歩\"\"\nと夕方\",r1,P-1,2026-12-01\n"));
		var row = file.rows().getFirst();
		assertThat(row.get(file, "value")).isEqualTo("12,345");
		assertThat(row.get(file, "memo")).isEqualTo("朝の\"散歩\"\nと夕方");
		assertThat(row.get(file, "second")).isEmpty();
	}

	@Test
	void whenARowHasTheWrongNumberOfFieldsOrIsHugeThenOnlyThatRowIsMarked() {
		var file = VendorCsv.read(utf8(HEADER + "a,b\n" + "x".repeat(50_000) + "\n2026/12/01 10:15,r1,BP-1,血圧,128,82,mmHg\n"));
		assertThat(file.rows()).extracting(VendorCsv.Row::problem).containsExactly("fields", "too-long", null);
	}

	@Test
	void whenTheFileIsNoCsvThenItIsRefusedWhole() {
		assertRefused(new byte[0], "empty");
		assertRefused(utf8(" \n \n"), "empty");
		assertRefused(new byte[] { (byte) 0x89, 'P', 'N', 'G', 0, 0, 1 }, "binary");
		assertRefused(utf8(HEADER + "2026/12/01 10:15,r1,BP\u0000-1,血圧,128,82,mmHg\n"), "binary");
		assertRefused(utf8(HEADER + "2026/12/01 10:15,r1,BP\u0007-1,血圧,128,82,mmHg\n"), "binary");
		assertRefused(new byte[] { (byte) 0x81, (byte) 0x20, (byte) 0xff, (byte) 0xfe }, "encoding");
		assertRefused(utf8("2026/12/01 10:15,r1,BP-1,血圧,128,82,mmHg\n"), "header-missing");
		assertRefused(utf8("measured_at,resident,kind,value\n2026/12/01,r1,歩数,100\n"), "header-missing");
		assertRefused(utf8("measured_at,resident,device,kind,value,kind\n2026/12/01,r1,P,歩数,100,歩数\n"),
				"header-duplicate");
		assertRefused(utf8(HEADER), "no-rows");
		assertRefused(utf8(HEADER + "2026/12/01 10:15,r1,\"BP-1,血圧,128,82,mmHg\n"), "quote-open");
		assertRefused(utf8("x".repeat(5_000) + "\n1\n"), "header-missing");
		assertRefused(utf8(HEADER + "2026/12/01,r1,P,歩数,1,,\n".repeat(VendorCsv.MAX_ROWS + 1)), "too-many-rows");
	}

	static void assertRefused(byte[] bytes, String reason) {
		assertThatThrownBy(() -> VendorCsv.read(bytes)).isInstanceOfSatisfying(CsvUnreadable.class,
				refused -> assertThat(refused.reason()).isEqualTo(reason));
	}
}
