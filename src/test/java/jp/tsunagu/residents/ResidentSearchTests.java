package jp.tsunagu.residents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import jp.tsunagu.TestDatabase;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.residents.internal.ResidentRepository;

/**
 * The help desk finds a resident however their name is typed — kanji, hiragana, katakana, half-width
 * kana, with or without a space, the phone number with hyphens or full-width digits — and a typed
 * {@code %} or {@code _} is looked for as itself. On PostgreSQL, at 100,000 residents, the search is
 * answered from the trigram index.
 */
@TsunaguTest
class ResidentSearchTests {

	@Autowired
	Residents residents;

	@Autowired
	DataSource dataSource;

	@Autowired
	jp.tsunagu.identity.Accounts accounts;

	@Test
	void whenTheDeskTypesANameOrPhoneAnyWayThenTheResidentIsFound() {
		var phone = "090" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
		var given = "みの" + "りくえさ".charAt(ThreadLocalRandom.current().nextInt(4)) + "り";
		var resident = residents.registerAtHelpDesk(new ResidentDetails("厚別", "実" + phone.substring(7), "あつべつ", given,
				LocalDate.of(1948, 3, 3), Area.AOBA, phone));
		var id = resident.account();
		var givenKatakana = Kana.katakana(given);

		for (var typed : new String[] { "厚別", "厚別実" + phone.substring(7), "厚別 実" + phone.substring(7), "あつべつ " + given,
				"アツベツ" + givenKatakana, "ｱﾂﾍﾞﾂ", phone, phone.substring(0, 3) + "-" + phone.substring(3, 7) + "-"
						+ phone.substring(7),
				fullWidth(phone), "あつべつ " + phone.substring(5) }) {
			assertThat(residents.search(typed, null)).as("「%s」", typed).anySatisfy(r -> assertThat(r.account()).isEqualTo(id));
		}
		assertThat(residents.search("あつべつ " + given, Area.MOMIJIDAI)).as("the area narrows")
			.noneSatisfy(r -> assertThat(r.account()).isEqualTo(id));
		assertThat(residents.search("しらないひと" + phone, null)).isEmpty();
		assertThat(residents.search("%", null)).as("a typed %% is not a wildcard").isEmpty();
		assertThat(residents.search("_", null)).as("nor _").isEmpty();
		assertThat(residents.search("厚%実", null)).isEmpty();
		assertThat(accounts.search("%")).as("the administrators' account search escapes too").isEmpty();
	}

	@Test
	void whenTheWardHasAHundredThousandResidentsThenTheSearchIsAnsweredFromTheTrigramIndex() throws SQLException {
		assumeTrue(TestDatabase.postgres(), "pg_trgm is PostgreSQL's");
		var schema = "search_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
		try (var connection = dataSource.getConnection()) {
			connection.setAutoCommit(true);
			var jdbc = JdbcClient.create(new SingleConnectionDataSource(connection, true));
			try {
				jdbc.sql("CREATE SCHEMA " + schema).update();
				jdbc.sql("CREATE TABLE " + schema + ".resident (LIKE public.resident INCLUDING ALL)").update();
				jdbc.sql("SET search_path TO " + schema + ", public").update();
				jdbc.sql("INSERT INTO resident (account_id, family_name, given_name, family_name_kana, given_name_kana,"
						+ " birth_date, area, phone, registered_via, created_at, search_text)"
						+ " SELECT gen_random_uuid(), f.kanji, g.kanji, f.kana, g.kana, DATE '1930-01-01' + (i % 25000),"
						+ " 'AOBA', '090' || lpad((i * 7919 % 100000000)::text, 8, '0'), 'DEMO', now(),"
						+ " f.kanji || g.kanji || ' ' || f.kana || g.kana || ' 090' || lpad((i * 7919 % 100000000)::text, 8, '0')"
						+ " FROM generate_series(1, 100000) i"
						+ " JOIN (VALUES (0, '佐藤', 'サトウ'), (1, '鈴木', 'スズキ'), (2, '高橋', 'タカハシ'), (3, '田中', 'タナカ'),"
						+ " (4, '伊藤', 'イトウ'), (5, '渡辺', 'ワタナベ'), (6, '山本', 'ヤマモト'), (7, '中村', 'ナカムラ'),"
						+ " (8, '小林', 'コバヤシ'), (9, '加藤', 'カトウ')) f(n, kanji, kana) ON f.n = i % 10"
						+ " JOIN (VALUES (0, '花子', 'ハナコ'), (1, '一郎', 'イチロウ'), (2, '美智子', 'ミチコ'), (3, '健', 'ケン'),"
						+ " (4, '幸子', 'サチコ'), (5, '博', 'ヒロシ'), (6, '和子', 'カズコ'), (7, '茂', 'シゲル')) g(n, kanji, kana)"
						+ " ON g.n = (i / 10) % 8")
					.update();
				jdbc.sql("VACUUM ANALYZE resident").update();
				for (var typed : new String[] { "わたなべ みちこ", "09012345", "高橋美智子" }) {
					var query = ResidentRepository.searchQuery(List.of(typed.split(" ")), null, 50);
					var plan = String.join("\n", jdbc.sql("EXPLAIN (ANALYZE, BUFFERS, TIMING OFF) " + query.sql())
						.params(query.params())
						.query(String.class)
						.list());
					System.out.printf("%n-- search 「%s」 among 100,000 residents%n%s%n", typed, plan);
					assertThat(plan).as("「%s」:%n%s", typed, plan).contains("Bitmap Index Scan on resident_search_text_idx")
						.doesNotContain("Seq Scan on resident");
				}
			}
			finally {
				jdbc.sql("SET search_path TO public").update();
				jdbc.sql("DROP SCHEMA IF EXISTS " + schema + " CASCADE").update();
			}
		}
	}

	private static String fullWidth(String digits) {
		var out = new StringBuilder();
		digits.chars().forEach(c -> out.append((char) (c - '0' + '０')));
		return out.toString();
	}
}
