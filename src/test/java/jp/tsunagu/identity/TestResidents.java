package jp.tsunagu.identity;

import java.time.LocalDate;
import java.util.Locale;
import java.util.UUID;

import jp.tsunagu.residents.Area;
import jp.tsunagu.residents.Resident;
import jp.tsunagu.residents.ResidentDetails;
import jp.tsunagu.residents.Residents;

/** Object mother: residents who registered themselves, each with a fresh e-mail login. */
public final class TestResidents {

	public static final String PASSWORD = "correct horse battery";

	private TestResidents() {
	}

	public record Registered(Resident resident, String login, String password) {
	}

	public static Registered hanako(Residents residents) {
		var login = "hanako-" + UUID.randomUUID() + "@example.jp";
		var resident = residents.registerSelf(new ResidentDetails("札幌", "花子", "さっぽろ", "ハナコ",
				LocalDate.of(1948, 11, 3), Area.MOMIJIDAI, null), login, PASSWORD, Locale.JAPANESE);
		return new Registered(resident, login, PASSWORD);
	}
}
