package jp.tsunagu.vitals.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import jp.tsunagu.platform.Tokyo;
import jp.tsunagu.vitals.Station;

@Repository
public class StationRepository {

	private final JdbcClient jdbc;

	StationRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public void insert(Station s) {
		jdbc.sql("INSERT INTO vital_station (client_id, name, place, created_at, created_by) VALUES (?, ?, ?, ?, ?)")
			.params(s.clientId(), s.name(), s.place(), Tokyo.utc(s.createdAt()), s.createdBy())
			.update();
	}

	public Optional<Station> find(String clientId) {
		return jdbc.sql("SELECT client_id, name, place, created_at, created_by FROM vital_station WHERE client_id = ?")
			.param(clientId)
			.query(StationRepository::toStation)
			.optional();
	}

	public List<Station> all() {
		return jdbc.sql("SELECT client_id, name, place, created_at, created_by FROM vital_station ORDER BY created_at")
			.query(StationRepository::toStation)
			.list();
	}

	private static Station toStation(ResultSet rs, int row) throws SQLException {
		return new Station(rs.getString(1), rs.getString(2), rs.getString(3),
				rs.getObject(4, java.time.OffsetDateTime.class).toInstant(), rs.getString(5));
	}
}
