package jp.tsunagu.vitals.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import jp.tsunagu.identity.AccountId;
import jp.tsunagu.vitals.Measurement;
import jp.tsunagu.vitals.MeasurementRefused;

/** The desk's form as typed: numbers people type, the time to the minute, refusals in the form's words. */
class DeskEntryTests {

	static final AccountId RESIDENT = new AccountId(UUID.randomUUID());

	static final Instant NOW = Instant.parse("2026-12-01T01:23:45Z");

	@Test
	void whenNumbersAreTypedAsPeopleTypeThemThenTheyAreRead() {
		assertThat(TypedNumber.read("１２８")).isEqualByComparingTo("128");
		assertThat(TypedNumber.read(" 52.3 ")).isEqualByComparingTo("52.3");
		assertThat(TypedNumber.read("５２．３")).isEqualByComparingTo("52.3");
		assertThat(TypedNumber.read("８，２００")).isEqualByComparingTo("8200");
		assertThat(TypedNumber.read("12,345")).isEqualByComparingTo("12345");
		for (var bad : new String[] { "", " ", "-5", "+5", "1e3", "12,34", "128mmHg", "1.2.3", "0x10", "１２８\u0000",
				"9".repeat(30), "NaN", "٣٤", "36.555" }) {
			assertThat(TypedNumber.read(bad)).as(bad).isNull();
		}
	}

	@Test
	void whenABloodPressureIsTypedThenItIsADeskMeasurementAtTheMinute() {
		var read = new DeskEntry("BLOOD_PRESSURE", "１２８", "８２", "").read(RESIDENT, "staff@x", NOW);
		assertThat(read.problems()).isEmpty();
		var m = read.measurement();
		assertThat(m).isNotNull();
		assertThat(m.value()).isEqualByComparingTo("128");
		assertThat(m.second()).isEqualByComparingTo("82");
		assertThat(m.takenAt()).isEqualTo(Instant.parse("2026-12-01T01:23:00Z"));
		assertThat(m.device()).isEqualTo("desk");
		assertThat(m.source()).isEqualTo(Measurement.Source.DESK);
		assertThat(m.recordedBy()).isEqualTo("staff@x");
	}

	@Test
	void whenATimeIsTypedThenItIsJapanTime() {
		var read = new DeskEntry("BODY_WEIGHT", "52.3", "", "2026-11-30T10:05").read(RESIDENT, "s", NOW);
		assertThat(read.measurement().takenAt()).isEqualTo(Instant.parse("2026-11-30T01:05:00Z"));
		assertThat(new DeskEntry("BODY_WEIGHT", "52.3", "", "２０２６-１１-３０ １０:０５:５９").read(RESIDENT, "s", NOW)
			.measurement()
			.takenAt()).isEqualTo(Instant.parse("2026-11-30T01:05:00Z"));
		assertThat(DeskEntry.empty(NOW).takenAt()).isEqualTo("2026-12-01T10:23");
	}

	@Test
	void whenFieldsAreWrongThenEachIsNamed() {
		var read = new DeskEntry("NOT_A_KIND", "abc", "x", "yesterday").read(RESIDENT, "s", NOW);
		assertThat(read.measurement()).isNull();
		assertThat(read.problems().keySet()).containsExactly("kind", "value", "second", "takenAt");
		assertThat(new DeskEntry("BLOOD_PRESSURE", "128.5", "80", "").read(RESIDENT, "s", NOW).problems())
			.containsOnlyKeys("value");
		assertThat(new DeskEntry("BODY_TEMPERATURE", "36.55", "", "").read(RESIDENT, "s", NOW).problems())
			.containsOnlyKeys("value");
		assertThat(new DeskEntry("BODY_TEMPERATURE", "36.5", "", "").read(RESIDENT, "s", NOW).problems()).isEmpty();
		assertThat(new DeskEntry("STEPS", "", "", "").read(RESIDENT, "s", NOW).problems().get("value").key())
			.isEqualTo("vitals.desk.value.missing");
	}

	@Test
	void whenVitalsRefusesThenTheFieldOfTheFormIsNamed() {
		var entry = new DeskEntry("BLOOD_PRESSURE", "９００", "80", "");
		var value = entry.refused(new MeasurementRefused(0, "systolic", "implausible"));
		assertThat(value.getKey()).isEqualTo("value");
		assertThat(value.getValue().args()).contains("900", "50", "260", "mmHg");
		assertThat(entry.refused(new MeasurementRefused(0, "diastolic", "not-below-systolic")).getKey()).isEqualTo("second");
		assertThat(entry.refused(new MeasurementRefused(0, "effective", "future")).getKey()).isEqualTo("takenAt");
		assertThat(new DeskEntry("PULSE", "70", "60", "").refused(new MeasurementRefused(0, "component", "not-allowed"))
			.getKey()).isEqualTo("second");
	}

	@Test
	void whenAFormIsKeptThenWhatWasTypedComesBackCutToTheFields() {
		var kept = new DeskEntry("NOPE", "1".repeat(1000), "８２", "2026-12-01T10:00").kept();
		assertThat(kept.kind()).isEmpty();
		assertThat(kept.value()).isEmpty();
		assertThat(kept.second()).isEqualTo("８２");
		assertThat(kept.takenAt()).isEqualTo("2026-12-01T10:00");
	}
}
