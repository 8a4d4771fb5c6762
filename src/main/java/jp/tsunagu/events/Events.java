package jp.tsunagu.events;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import jp.tsunagu.events.internal.EventRepository;
import jp.tsunagu.identity.AccountId;

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

	private final Clock clock;

	Events(EventRepository events, ApplicationEventPublisher publisher, Clock clock) {
		this.events = events;
		this.publisher = publisher;
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
		return events.endingAfter(clock.instant(), 100).stream().map(e -> view(e, viewer)).toList();
	}

	/** Events of the last {@code days} days and those coming, for choosing "those who came to …". */
	@Transactional(readOnly = true)
	public List<Event> recentAndComing(int days) {
		return events.endingAfter(clock.instant().minus(java.time.Duration.ofDays(days)), 200);
	}

	@Transactional(readOnly = true)
	public Optional<EventView> find(UUID id, @Nullable AccountId viewer) {
		return events.find(id).map(e -> view(e, viewer));
	}

	@Transactional(readOnly = true)
	public List<EventView> signedUpBy(AccountId resident) {
		return events.signupsOf(resident).stream()
			.map(s -> events.find(s.event()).orElseThrow())
			.filter(e -> e.endsAt().isAfter(clock.instant()))
			.sorted(java.util.Comparator.comparing(Event::startsAt))
			.map(e -> view(e, resident))
			.toList();
	}

	/** Residents who were checked in at the event (for segments such as "came to the tea party"). */
	@Transactional(readOnly = true)
	public java.util.Set<AccountId> attendees(UUID event) {
		return events.signups(event).stream().filter(s -> s.checkedInAt() != null).map(Signup::resident)
			.collect(java.util.stream.Collectors.toSet());
	}

	/** Residents checked in at any event with this tag. */
	@Transactional(readOnly = true)
	public java.util.Set<AccountId> attendeesOfTag(String tag) {
		return events.withTag(tag).stream().flatMap(e -> attendees(e.id()).stream())
			.collect(java.util.stream.Collectors.toSet());
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
			publisher.publishEvent(new AttendanceRecorded(signup.id(), eventId, resident, now, event.place(), event.kind()));
		}
		return events.signup(eventId, resident).orElseThrow();
	}

	private EventView view(Event e, @Nullable AccountId viewer) {
		var mine = viewer == null ? null
				: events.signup(e.id(), viewer).filter(s -> s.status() != SignupStatus.CANCELLED).orElse(null);
		return new EventView(e, events.count(e.id(), SignupStatus.SIGNED_UP), events.count(e.id(), SignupStatus.WAITLISTED),
				mine);
	}
}
