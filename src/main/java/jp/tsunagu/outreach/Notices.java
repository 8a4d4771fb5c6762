package jp.tsunagu.outreach;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import jp.tsunagu.identity.AccountId;
import jp.tsunagu.outreach.internal.AudienceRepository;
import jp.tsunagu.outreach.internal.NoticeRepository;
import jp.tsunagu.platform.Tokyo;
import jp.tsunagu.residents.Residents;

/**
 * Writes notices and picks those for one resident: shown today, and for everyone or for a segment
 * the resident is in (their area, age, last outing, the events they came to). Targeted first. Who is
 * in a segment is answered from outreach's own audience tables, kept by the facts other modules
 * announce: one query for a count, a few rows for a home screen, however many residents there are.
 */
@Service
public class Notices {

	private final NoticeRepository notices;

	private final AudienceRepository audience;

	private final Residents residents;

	private final Clock clock;

	Notices(NoticeRepository notices, AudienceRepository audience, Residents residents, Clock clock) {
		this.notices = notices;
		this.audience = audience;
		this.residents = residents;
		this.clock = clock;
	}

	@Transactional
	public Notice publish(String title, String body, Segment segment, LocalDate from, LocalDate until, String staff) {
		var notice = new Notice(UUID.randomUUID(), title.strip(), body.strip(), segment, from, until);
		notices.insert(notice, staff, clock.instant());
		return notice;
	}

	/** Notices shown today, newest first (for staff). */
	@Transactional(readOnly = true)
	public List<Notice> current() {
		return notices.shownOn(today());
	}

	/** What this resident's home shows: notices meant for them, targeted ones before general ones. */
	@Transactional(readOnly = true)
	public List<Notice> forResident(AccountId account) {
		var current = current();
		var resident = residents.find(account).orElse(null);
		var member = resident == null ? null : audience.member(account).orElse(null);
		if (resident == null || member == null) {
			return current.stream().filter(n -> n.segment().everyone()).toList();
		}
		var today = today();
		return current.stream()
			.filter(n -> n.segment().includes(resident, member.lastOuting(), today, attendance(n.segment(), account, member)))
			.sorted(Comparator.comparing((Notice n) -> n.segment().everyone()))
			.toList();
	}

	/** How many residents a segment reaches today (shown to staff before they publish): one query. */
	@Transactional(readOnly = true)
	public long reach(Segment segment) {
		return audience.count(segment, today());
	}

	private static Segment.Attendance attendance(Segment segment, AccountId account, AudienceRepository.Member member) {
		var event = segment.attendedEvent();
		var tag = segment.attendedTag();
		return new Segment.Attendance(
				event == null ? null : member.attendedEvents().contains(event) ? Set.of(account) : Set.of(),
				tag == null ? null : member.interests().contains(tag) ? Set.of(account) : Set.of());
	}

	private LocalDate today() {
		return Tokyo.today(clock);
	}
}
