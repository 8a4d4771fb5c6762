package jp.tsunagu.events;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import jp.tsunagu.events.internal.EventRepository;
import jp.tsunagu.identity.AccountId;
import jp.tsunagu.residents.Resident;
import jp.tsunagu.residents.Residents;

/**
 * Creating events, signing up, cancelling, checking in. Sign-ups for one event are serialised by a
 * row lock on the event, so the capacity holds however many people press "参加する" at once; a
 * cancellation hands the seat to the first on the waitlist. Check-in announces
 * {@link AttendanceRecorded} once, however often it is pressed.
 */
@Service
public class Events {

	private final EventRepository events;

	private final ApplicationEventPublisher publisher;

	private final Residents residents;

	private final Clock clock;

	Events(EventRepository events, ApplicationEventPublisher publisher, Residents residents, Clock clock) {
		this.events = events;
		this.publisher = publisher;
		this.residents = residents;
		this.clock = clock;
	}

	@Transactional
	public Event create(EventDraft draft, String staff) {
		var event = new Event(UUID.randomUUID(), draft.title().strip(), draft.description().strip(), draft.place().strip(),
				draft.kind(), draft.startsAt(), draft.endsAt(), draft.capacity(), draft.targetAreas(), draft.tags());
		events.insert(event, staff, clock.instant());
		return event;
	}

	/** Events not over yet; {@code viewer} (may be null for staff) sees their own sign-up on each. */
	@Transactional(readOnly = true)
	public List<EventView> upcoming(@Nullable AccountId viewer) {
		return views(events.endingAfter(clock.instant(), 100), viewer);
	}

	/** Events of the last {@code days} days and those coming, for choosing "those who came to …". */
	@Transactional(readOnly = true)
	public List<Event> recentAndComing(int days) {
		return events.endingAfter(clock.instant().minus(java.time.Duration.ofDays(days)), 200);
	}

	@Transactional(readOnly = true)
	public Optional<EventView> find(UUID id, @Nullable AccountId viewer) {
		return events.find(id).map(e -> views(List.of(e), viewer).getFirst());
	}

	@Transactional(readOnly = true)
	public List<EventView> signedUpBy(AccountId resident) {
		var ids = events.signupsOf(resident).stream().map(Signup::event).toList();
		var coming = events.withIds(ids).stream().filter(e -> e.endsAt().isAfter(clock.instant())).toList();
		return views(coming, resident);
	}

	@Transactional(readOnly = true)
	public List<Signup> signups(UUID event) {
		return events.signups(event);
	}

	/** Signs the resident up, or puts them on the waitlist when the event is full. */
	@Transactional
	public SignupStatus signUp(UUID eventId, AccountId resident) {
		var event = events.lock(eventId).orElseThrow(EventNotFound::new);
		if (!event.endsAt().isAfter(clock.instant())) {
			throw new EventNotFound();
		}
		var area = residents.find(resident).map(Resident::area).orElse(null);
		if (area != null && !event.invites(area)) {
			throw new EventNotOffered();
		}
		var existing = events.signup(eventId, resident);
		if (existing.isPresent() && existing.get().status() != SignupStatus.CANCELLED) {
			return existing.get().status();
		}
		var status = events.count(eventId, SignupStatus.SIGNED_UP) < event.capacity() ? SignupStatus.SIGNED_UP
				: SignupStatus.WAITLISTED;
		if (existing.isPresent()) {
			events.update(existing.get().id(), status, clock.instant());
		}
		else {
			events.insert(new Signup(UUID.randomUUID(), eventId, resident, status, clock.instant(), null));
		}
		return status;
	}

	/** Cancels the resident's place; the first on the waitlist gets the seat. */
	@Transactional
	public boolean cancel(UUID eventId, AccountId resident) {
		events.lock(eventId).orElseThrow(EventNotFound::new);
		var signup = events.signup(eventId, resident).filter(s -> s.status() != SignupStatus.CANCELLED);
		if (signup.isEmpty()) {
			return false;
		}
		events.update(signup.get().id(), SignupStatus.CANCELLED, signup.get().signedAt());
		if (signup.get().status() == SignupStatus.SIGNED_UP) {
			events.firstWaitlisted(eventId).ifPresent(next -> events.update(next.id(), SignupStatus.SIGNED_UP, next.signedAt()));
		}
		return true;
	}

	/**
	 * Checks a resident in at the door, signing up a walk-in on the spot, and announces the
	 * attendance the first time.
	 */
	@Transactional
	public Signup checkIn(UUID eventId, AccountId resident, String staff) {
		var event = events.lock(eventId).orElseThrow(EventNotFound::new);
		var signup = events.signup(eventId, resident)
			.filter(s -> s.status() == SignupStatus.SIGNED_UP)
			.orElseGet(() -> {
				var walkIn = events.signup(eventId, resident);
				if (walkIn.isPresent()) {
					events.update(walkIn.get().id(), SignupStatus.SIGNED_UP, walkIn.get().signedAt());
					return events.signup(eventId, resident).orElseThrow();
				}
				var created = new Signup(UUID.randomUUID(), eventId, resident, SignupStatus.SIGNED_UP, clock.instant(), null);
				events.insert(created);
				return created;
			});
		var now = clock.instant();
		if (events.checkIn(signup.id(), now)) {
			publisher.publishEvent(new AttendanceRecorded(signup.id(), eventId, resident, now, event.place(), event.kind(),
					event.tags()));
		}
		return events.signup(eventId, resident).orElseThrow();
	}

	/** Events with their seats and the viewer's sign-ups: three queries however many events. */
	private List<EventView> views(List<Event> list, @Nullable AccountId viewer) {
		var ids = list.stream().map(Event::id).toList();
		var counts = events.counts(ids);
		var mine = viewer == null ? Map.<UUID, Signup>of() : events.signupsOf(viewer, ids);
		return list.stream().map(e -> {
			var count = counts.getOrDefault(e.id(), Map.of());
			var own = mine.get(e.id());
			return new EventView(e, count.getOrDefault(SignupStatus.SIGNED_UP, 0),
					count.getOrDefault(SignupStatus.WAITLISTED, 0),
					own == null || own.status() == SignupStatus.CANCELLED ? null : own);
		}).toList();
	}
}
