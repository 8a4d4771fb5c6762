package db.migration.common.identity;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * identity: copies each account's comma-separated roles into {@code account_role}. In Java because
 * H2 and PostgreSQL split strings differently.
 */
public class V2__Account_roles_from_text extends BaseJavaMigration {

	@Override
	public void migrate(Context context) throws Exception {
		var connection = context.getConnection();
		var rows = new ArrayList<Object[]>();
		try (var select = connection.createStatement(); var rs = select.executeQuery("SELECT id, roles FROM account")) {
			while (rs.next()) {
				for (var role : List.of(rs.getString("roles").split(","))) {
					if (!role.isBlank()) {
						rows.add(new Object[] { rs.getObject("id", UUID.class), role.strip() });
					}
				}
			}
		}
		try (var insert = connection.prepareStatement("INSERT INTO account_role (account_id, role) VALUES (?, ?)")) {
			for (var row : rows) {
				insert.setObject(1, row[0]);
				insert.setString(2, (String) row[1]);
				insert.addBatch();
			}
			insert.executeBatch();
		}
	}
}
