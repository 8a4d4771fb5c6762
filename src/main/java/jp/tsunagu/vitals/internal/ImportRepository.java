package jp.tsunagu.vitals.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import jp.tsunagu.platform.Tokyo;

/** CSV imports and the rows of theirs that were not stored. */
@Repository
public class ImportRepository {

	private static final String COLUMNS = "id, file_name, file_sha256, status, rows_total, rows_done, rows_stored,"
			+ " rows_already, rows_bad, started_at, finished_at, started_by, charset, failure, alive_at";

	private final JdbcClient jdbc;

	private final JdbcTemplate template;

	ImportRepository(JdbcClient jdbc, JdbcTemplate template) {
		this.jdbc = jdbc;
		this.template = template;
	}

	public void insert(VitalImport i, String instance) {
		jdbc.sql("INSERT INTO vital_import (" + COLUMNS + ", instance_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
				+ " ?, ?, ?)")
			.params(i.id(), i.fileName(), i.sha256(), i.status().name(), i.total(), i.done(), i.stored(), i.already(),
					i.bad(), Tokyo.utc(i.startedAt()), Tokyo.utc(i.finishedAt()), i.startedBy(), i.charset(),
					i.failure(), Tokyo.utc(i.aliveAt()), instance)
			.update();
	}

	public Optional<VitalImport> find(UUID id) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM vital_import WHERE id = ?").param(id).query(ImportRepository::row)
			.optional();
	}

	public List<VitalImport> recent(int limit) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM vital_import ORDER BY started_at DESC, id LIMIT " + limit)
			.query(ImportRepository::row)
			.list();
	}

	/** Other imports of the same file, newest first. */
	public List<VitalImport> sameFile(String sha256, UUID except) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM vital_import WHERE file_sha256 = ? AND id <> ?"
				+ " ORDER BY started_at DESC, id LIMIT 5")
			.params(sha256, except)
			.query(ImportRepository::row)
			.list();
	}

	/** Adds a chunk's counts and says the import is alive; false if it is no longer running. */
	public boolean progress(UUID id, int done, int stored, int already, int bad, Instant now) {
		return jdbc.sql("UPDATE vital_import SET rows_done = rows_done + ?, rows_stored = rows_stored + ?,"
				+ " rows_already = rows_already + ?, rows_bad = rows_bad + ?, alive_at = ? WHERE id = ? AND status = ?")
			.params(done, stored, already, bad, Tokyo.utc(now), id, VitalImport.Status.RUNNING.name())
			.update() == 1;
	}

	/** Ends a running import; one that was already ended (marked stopped by another instance) stays as it is. */
	public boolean finish(UUID id, VitalImport.Status status, String failure, Instant now) {
		return jdbc.sql("UPDATE vital_import SET status = ?, failure = ?, finished_at = ? WHERE id = ? AND status = ?")
			.params(status.name(), failure, Tokyo.utc(now), id, VitalImport.Status.RUNNING.name())
			.update() == 1;
	}

	public void insertErrors(UUID id, List<ImportError> errors) {
		if (errors.isEmpty()) {
			return;
		}
		template.batchUpdate("INSERT INTO vital_import_error (import_id, row_number, column_name, problem) VALUES (?, ?, ?, ?)",
				errors.stream().map(e -> new Object[] { id, e.row(), e.column(), e.problem() }).toList());
	}

	public List<ImportError> errors(UUID id, int limit) {
		return jdbc.sql("SELECT row_number, column_name, problem FROM vital_import_error WHERE import_id = ?"
				+ " ORDER BY row_number, column_name LIMIT " + limit)
			.param(id)
			.query((rs, n) -> new ImportError(rs.getInt(1), rs.getString(2), rs.getString(3)))
			.list();
	}

	/** This instance's running imports are alive. */
	public void alive(String instance, Instant now) {
		jdbc.sql("UPDATE vital_import SET alive_at = ? WHERE status = ? AND instance_id = ?")
			.params(Tokyo.utc(now), VitalImport.Status.RUNNING.name(), instance)
			.update();
	}

	/** Running imports nobody has said are alive since {@code before}: their instance is gone. */
	public int failSilent(Instant before, Instant now) {
		return jdbc.sql("UPDATE vital_import SET status = ?, failure = 'stopped', finished_at = ?"
				+ " WHERE status = ? AND (alive_at IS NULL OR alive_at < ?)")
			.params(VitalImport.Status.FAILED.name(), Tokyo.utc(now), VitalImport.Status.RUNNING.name(),
					Tokyo.utc(before))
			.update();
	}

	/** This instance is stopping: its imports will not go on. */
	public int failAll(String instance, Instant now) {
		return jdbc.sql("UPDATE vital_import SET status = ?, failure = 'stopped', finished_at = ?"
				+ " WHERE status = ? AND instance_id = ?")
			.params(VitalImport.Status.FAILED.name(), Tokyo.utc(now), VitalImport.Status.RUNNING.name(), instance)
			.update();
	}

	private static VitalImport row(ResultSet rs, int n) throws SQLException {
		return new VitalImport(rs.getObject("id", UUID.class), rs.getString("file_name"), rs.getString("file_sha256"),
				VitalImport.Status.valueOf(rs.getString("status")), rs.getInt("rows_total"), rs.getInt("rows_done"),
				rs.getInt("rows_stored"), rs.getInt("rows_already"), rs.getInt("rows_bad"), instant(rs, "started_at"),
				instant(rs, "finished_at"), rs.getString("started_by"), rs.getString("charset"),
				rs.getString("failure"), instant(rs, "alive_at"));
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		var stored = rs.getObject(column, OffsetDateTime.class);
		return stored == null ? null : stored.toInstant();
	}
}
