package jp.tsunagu.residents;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import jp.tsunagu.identity.AccountId;
import jp.tsunagu.identity.Accounts;
import jp.tsunagu.residents.internal.WatcherLinkRepository;

/**
 * Watchers: a watcher asks by the resident's login id; nothing is shared until the resident
 * approves; the resident (or the watcher) can end it at any time. {@link #watches} is what other
 * modules ask before showing a resident's data to a watcher.
 */
@Service
public class Watchers {

	private final WatcherLinkRepository links;

	private final Accounts accounts;

	private final Clock clock;

	Watchers(WatcherLinkRepository links, Accounts accounts, Clock clock) {
		this.links = links;
		this.accounts = accounts;
		this.clock = clock;
	}

	/** The watcher asks to watch over the resident with this login; empty when there is no such resident. */
	@Transactional
	public Optional<WatcherLink> request(AccountId watcher, String residentLogin, WatcherLink.Relation relation) {
		var resident = accounts.findByLoginName(residentLogin).map(a -> a.id()).filter(id -> !id.equals(watcher));
		if (resident.isEmpty()) {
			return Optional.empty();
		}
		var open = of(resident.get()).stream()
			.filter(l -> l.watcher().equals(watcher)
					&& (l.status() == WatcherLink.Status.REQUESTED || l.status() == WatcherLink.Status.APPROVED))
			.findFirst();
		if (open.isPresent()) {
			return open;
		}
		var link = new WatcherLink(UUID.randomUUID(), resident.get(), watcher, relation, WatcherLink.Status.REQUESTED,
				clock.instant(), null, null, askedAs(residentLogin));
		links.insert(link);
		return Optional.of(link);
	}

	/** The resident answers a request addressed to them; nothing happens to anyone else's. */
	@Transactional
	public boolean answer(AccountId resident, UUID link, boolean approve) {
		return links.answer(resident, link, approve, clock.instant());
	}

	/** Ends a link; either the resident or the watcher of that link may. */
	@Transactional
	public boolean end(AccountId who, UUID link) {
		return links.end(who, link, clock.instant());
	}

	/** Whether the watcher may see the resident now: only an approved, unended link. */
	@Transactional(readOnly = true)
	public boolean watches(AccountId watcher, AccountId resident) {
		return links.approved(watcher, resident);
	}

	@Transactional(readOnly = true)
	public List<WatcherLink> of(AccountId resident) {
		return links.ofResident(resident);
	}

	@Transactional(readOnly = true)
	public List<WatcherLink> watchedBy(AccountId watcher) {
		return links.openOfWatcher(watcher);
	}

	/** One open link of this person's (as resident or as watcher), for a confirmation page. */
	@Transactional(readOnly = true)
	public Optional<WatcherLink> openLink(AccountId who, UUID link) {
		return links.open(who, link);
	}

	/** Requests waiting for this resident's answer, oldest first (the home screen shows them). */
	@Transactional(readOnly = true)
	public List<WatcherLink> waitingFor(AccountId resident) {
		return links.waitingFor(resident);
	}

	/** What the watcher typed, as they will recognise it; it matched a login, so it is short already. */
	private static String askedAs(String typed) {
		var trimmed = typed.strip();
		return trimmed.length() > 254 ? trimmed.substring(0, 254) : trimmed;
	}
}
