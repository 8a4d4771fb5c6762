package db.migration.common.residents;

import java.util.ArrayList;
import java.util.UUID;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

import jp.tsunagu.residents.internal.SearchKey;

/**
 * residents: fills {@code search_text} for the residents stored before it existed, with the same
 * {@link SearchKey} the application writes and searches with (a later change of the key's form
 * needs a migration that writes the keys again).
 */
public class V3__Resident_search_text extends BaseJavaMigration {

	@Override
	public void migrate(Context context) throws Exception {
		var connection = context.getConnection();
		var keys = new ArrayList<Object[]>();
		try (var select = connection.createStatement();
				var rs = select.executeQuery("SELECT account_id, family_name, given_name, family_name_kana,"
						+ " given_name_kana, phone FROM resident")) {
			while (rs.next()) {
				keys.add(new Object[] { SearchKey.of(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
						rs.getString(6)), rs.getObject(1, UUID.class) });
			}
		}
		try (var update = connection.prepareStatement("UPDATE resident SET search_text = ? WHERE account_id = ?")) {
			for (var key : keys) {
				update.setString(1, (String) key[0]);
				update.setObject(2, key[1]);
				update.addBatch();
			}
			update.executeBatch();
		}
	}
}
