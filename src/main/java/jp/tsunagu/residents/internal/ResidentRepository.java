package jp.tsunagu.residents.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import jp.tsunagu.identity.AccountId;
import jp.tsunagu.residents.Area;
import jp.tsunagu.residents.Household;
import jp.tsunagu.residents.Resident;
import jp.tsunagu.platform.Tokyo;

/** Residents in the {@code resident} table. */
@Repository
public class ResidentRepository {

	private static final String COLUMNS = "account_id, family_name, given_name, family_name_kana, given_name_kana,"
			+ " birth_date, area, phone, email, registered_via, created_at";

	private final JdbcClient jdbc;

	ResidentRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public void insert(Resident r) {
		jdbc.sql("INSERT INTO resident (" + COLUMNS + ", search_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			.params(r.account().value(), r.familyName(), r.givenName(), r.familyNameKana(), r.givenNameKana(),
					r.birthDate(), r.area().name(), r.phone(), r.email(), r.registeredVia().name(),
					Tokyo.utc(r.createdAt()),
					SearchKey.of(r.familyName(), r.givenName(), r.familyNameKana(), r.givenNameKana(), r.phone()))
			.update();
	}

	public Optional<Resident> find(AccountId id) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM resident WHERE account_id = ?")
			.param(id.value())
			.query(this::map)
			.optional();
	}

	public List<Resident> findAll(java.util.Collection<AccountId> ids) {
		if (ids.isEmpty()) {
			return List.of();
		}
		return jdbc.sql("SELECT " + COLUMNS + " FROM resident WHERE account_id IN (:ids)")
			.param("ids", ids.stream().map(AccountId::value).toList())
			.query(this::map)
			.list();
	}

	public List<Resident> latest(int limit) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM resident ORDER BY created_at DESC LIMIT ?")
			.param(limit)
			.query(this::map)
			.list();
	}

	/**
	 * The help desk's search: every word must be in the resident's {@link SearchKey} (name, kana, or
	 * phone digits); the area narrows it. One column, escaped {@code LIKE}s, a trigram index on
	 * PostgreSQL.
	 */
	public List<Resident> search(List<String> words, @Nullable Area area, int limit) {
		var query = searchQuery(words, area, limit);
		return jdbc.sql(query.sql()).params(query.params()).query(this::map).list();
	}

	/** The search's one query and its parameters (for {@link #search}, and for showing its plan). */
	public static SearchQuery searchQuery(List<String> words, @Nullable Area area, int limit) {
		var sql = new StringBuilder("SELECT " + COLUMNS + " FROM resident WHERE 1 = 1");
		var params = new java.util.ArrayList<Object>();
		for (var typed : words) {
			var word = SearchKey.word(typed);
			var digits = SearchKey.digits(typed);
			sql.append(" AND (search_text LIKE ? ESCAPE '\\'");
			params.add(SearchKey.containing(word));
			if (SearchKey.phoneLike(typed) && !digits.equals(word)) {
				sql.append(" OR search_text LIKE ? ESCAPE '\\'");
				params.add(SearchKey.containing(digits));
			}
			sql.append(")");
		}
		if (area != null) {
			sql.append(" AND area = ?");
			params.add(area.name());
		}
		// Ordered by an expression no index holds: otherwise PostgreSQL walks the kana index hoping to
		// meet 50 matches early (half a second at 100,000 residents) instead of using the trigram index.
		sql.append(" ORDER BY family_name_kana || ' ' || given_name_kana, account_id LIMIT ?");
		params.add(limit);
		return new SearchQuery(sql.toString(), List.copyOf(params));
	}

	public record SearchQuery(String sql, List<Object> params) {
	}

	public List<Resident> all() {
		return jdbc.sql("SELECT " + COLUMNS + " FROM resident").query(this::map).list();
	}

	public Household household(AccountId id) {
		return jdbc.sql("SELECT address_block, household, lives_alone, device, tablet_asset, contact_preference"
				+ " FROM resident WHERE account_id = ?")
			.param(id.value())
			.query((rs, i) -> new Household(rs.getString("address_block"), rs.getString("household"),
					(Boolean) rs.getObject("lives_alone"),
					rs.getString("device") == null ? null : Household.Device.valueOf(rs.getString("device")),
					rs.getString("tablet_asset"),
					rs.getString("contact_preference") == null ? null
							: Household.Contact.valueOf(rs.getString("contact_preference"))))
			.optional()
			.orElse(Household.UNKNOWN);
	}

	public void updateHousehold(AccountId id, Household h) {
		jdbc.sql("UPDATE resident SET address_block = ?, household = ?, lives_alone = ?, device = ?, tablet_asset = ?,"
				+ " contact_preference = ? WHERE account_id = ?")
			.params(h.addressBlock(), h.household(), h.livesAlone(), h.device() == null ? null : h.device().name(),
					h.tabletAsset(), h.contact() == null ? null : h.contact().name(), id.value())
			.update();
	}

	public long count() {
		return jdbc.sql("SELECT COUNT(*) FROM resident").query(Long.class).single();
	}

	private Resident map(ResultSet rs, int row) throws SQLException {
		return new Resident(new AccountId(rs.getObject("account_id", UUID.class)), rs.getString("family_name"),
				rs.getString("given_name"), rs.getString("family_name_kana"), rs.getString("given_name_kana"),
				rs.getObject("birth_date", LocalDate.class), Area.valueOf(rs.getString("area")), rs.getString("phone"),
				rs.getString("email"), Resident.RegisteredVia.valueOf(rs.getString("registered_via")),
				rs.getObject("created_at", OffsetDateTime.class).toInstant());
	}
}
