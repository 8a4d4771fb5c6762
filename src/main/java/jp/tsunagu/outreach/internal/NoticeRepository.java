package jp.tsunagu.outreach.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import jp.tsunagu.outreach.Notice;
import jp.tsunagu.outreach.Segment;
import jp.tsunagu.residents.Area;
import jp.tsunagu.platform.Tokyo;

/** The {@code notice} table. */
@Repository
public class NoticeRepository {

	private final JdbcClient jdbc;

	NoticeRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public void insert(Notice notice, String staff, Instant at) {
		var segment = notice.segment();
		jdbc.sql("INSERT INTO notice (id, title, body, area, min_age, max_age, not_out_for_days, attended_event, tag,"
				+ " shown_from, shown_until, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			.params(notice.id(), notice.title(), notice.body(), segment.area() == null ? null : segment.area().name(),
					segment.minAge(), segment.maxAge(), segment.notOutForDays(), segment.attendedEvent(),
					segment.attendedTag(), notice.shownFrom(), notice.shownUntil(), staff,
					Tokyo.utc(at))
			.update();
	}

	/** Notices shown on this day, newest first. */
	public List<Notice> shownOn(LocalDate day) {
		return jdbc.sql("SELECT id, title, body, area, min_age, max_age, not_out_for_days, attended_event, tag,"
				+ " shown_from, shown_until FROM notice WHERE shown_from <= ? AND shown_until >= ? ORDER BY created_at DESC")
			.params(day, day)
			.query(this::map)
			.list();
	}

	private Notice map(ResultSet rs, int row) throws SQLException {
		return new Notice(rs.getObject("id", UUID.class), rs.getString("title"), rs.getString("body"),
				new Segment(rs.getString("area") == null ? null : Area.valueOf(rs.getString("area")),
						(Integer) rs.getObject("min_age"), (Integer) rs.getObject("max_age"),
						(Integer) rs.getObject("not_out_for_days"), rs.getObject("attended_event", UUID.class),
						rs.getString("tag")),
				rs.getObject("shown_from", LocalDate.class), rs.getObject("shown_until", LocalDate.class));
	}
}
