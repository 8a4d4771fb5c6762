package db.migration.common.events;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * events: copies each event's comma-separated target areas and tags into {@code event_area} and
 * {@code event_tag}, keeping the tags' order and each once. In Java because H2 and PostgreSQL split
 * strings differently.
 */
public class V2__Event_areas_and_tags_from_text extends BaseJavaMigration {

	@Override
	public void migrate(Context context) throws Exception {
		var connection = context.getConnection();
		var areas = new ArrayList<Object[]>();
		var tags = new ArrayList<Object[]>();
		try (var select = connection.createStatement();
				var rs = select.executeQuery("SELECT id, target_areas, tags FROM event")) {
			while (rs.next()) {
				var id = rs.getObject("id", UUID.class);
				distinct(rs.getString("target_areas")).forEach(area -> areas.add(new Object[] { id, area }));
				int position = 0;
				for (var tag : distinct(rs.getString("tags"))) {
					tags.add(new Object[] { id, tag, position++ });
				}
			}
		}
		insertAll(connection, "INSERT INTO event_area (event_id, area) VALUES (?, ?)", areas);
		insertAll(connection, "INSERT INTO event_tag (event_id, tag, position) VALUES (?, ?, ?)", tags);
	}

	private static List<String> distinct(String text) {
		return new ArrayList<>(new LinkedHashSet<>(Arrays.stream(text.split(",")).map(String::strip)
			.filter(s -> !s.isEmpty()).toList()));
	}

	private static void insertAll(Connection connection, String sql, List<Object[]> rows) throws SQLException {
		try (var insert = connection.prepareStatement(sql)) {
			for (var row : rows) {
				for (int i = 0; i < row.length; i++) {
					insert.setObject(i + 1, row[i]);
				}
				insert.addBatch();
			}
			insert.executeBatch();
		}
	}
}
