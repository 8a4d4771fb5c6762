package jp.tsunagu.residents;

import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import jp.tsunagu.identity.AccountId;
import jp.tsunagu.identity.AccountSummary;
import jp.tsunagu.identity.Accounts;
import jp.tsunagu.identity.FirstLoginCode;
import jp.tsunagu.identity.LoginNames;
import jp.tsunagu.identity.Role;
import jp.tsunagu.residents.internal.ResidentRepository;
import jp.tsunagu.platform.Text;

/**
 * Registers residents and finds them. Account and profile are written in one transaction: there is
 * never a login without a person behind it, nor a person who cannot sign in.
 */
@Service
public class Residents {

	private final Accounts accounts;

	private final ResidentRepository residents;

	private final Clock clock;

	private final ApplicationEventPublisher publisher;

	Residents(Accounts accounts, ResidentRepository residents, Clock clock, ApplicationEventPublisher publisher) {
		this.publisher = publisher;
		this.accounts = accounts;
		this.residents = residents;
		this.clock = clock;
	}

	/** Self-registration: the person signs in with their e-mail address or phone number and a password. */
	@Transactional
	public Resident registerSelf(ResidentDetails details, String loginName, String password, Locale locale) {
		var account = accounts.registerWithPassword(loginName, password, displayName(details), locale,
				EnumSet.of(Role.RESIDENT));
		var normalized = account.loginName();
		return save(account.id(), details, LoginNames.isEmail(normalized) ? normalized : null,
				Resident.RegisteredVia.SELF);
	}

	/** Help-desk registration; the resident signs in the first time with a printed login sheet. */
	@Transactional
	public Resident registerAtHelpDesk(ResidentDetails details) {
		var account = accounts.createAwaitingFirstLogin(displayName(details), Text.blankToNull(details.phone()));
		return save(account.id(), details, null, Resident.RegisteredVia.HELP_DESK);
	}

	/** A new one-time code for the login sheet; any PIN set before stops working. */
	@Transactional
	public FirstLoginCode issueLoginSheetCode(AccountId id, String staff) {
		return accounts.resetLogin(id, staff);
	}

	/** A generated resident of the demo ward, awaiting a first sign-in like one registered at the desk. */
	@Transactional
	public Resident registerDemo(ResidentDetails details) {
		var account = accounts.createAwaitingFirstLogin(displayName(details), null);
		return save(account.id(), details, null, Resident.RegisteredVia.DEMO);
	}

	@Transactional(readOnly = true)
	public Optional<Resident> find(AccountId id) {
		return residents.find(id);
	}

	/** The residents behind these accounts (those that are residents), in one query. */
	@Transactional(readOnly = true)
	public java.util.Map<AccountId, Resident> findAll(java.util.Collection<AccountId> ids) {
		var found = new java.util.HashMap<AccountId, Resident>();
		residents.findAll(ids).forEach(r -> found.put(r.account(), r));
		return found;
	}

	@Transactional(readOnly = true)
	public Optional<AccountSummary> account(AccountId id) {
		return accounts.find(id);
	}

	@Transactional(readOnly = true)
	public List<Resident> latest(int limit) {
		return residents.latest(limit);
	}

	/** Finds residents by name, kana or phone (words separated by spaces), optionally in one area. */
	@Transactional(readOnly = true)
	public List<Resident> search(String query, @Nullable Area area) {
		var words = java.util.Arrays.stream(java.text.Normalizer.normalize(query, java.text.Normalizer.Form.NFKC)
			.strip()
			.split("[\\s　]+"))
			.filter(w -> !w.isBlank())
			.toList();
		if (words.isEmpty() && area == null) {
			return residents.latest(20);
		}
		return residents.search(words, area, 50);
	}

	@Transactional(readOnly = true)
	public Household household(AccountId id) {
		return residents.household(id);
	}

	@Transactional
	public void updateHousehold(AccountId id, Household household) {
		residents.updateHousehold(id, household);
	}

	@Transactional(readOnly = true)
	public List<Resident> all() {
		return residents.all();
	}

	@Transactional(readOnly = true)
	public long count() {
		return residents.count();
	}

	private Resident save(AccountId id, ResidentDetails d, @Nullable String email, Resident.RegisteredVia via) {
		var resident = new Resident(id, d.familyName().strip(), d.givenName().strip(), Kana.katakana(d.familyNameKana()),
				Kana.katakana(d.givenNameKana()), d.birthDate(), d.area(), phone(d.phone()), email, via,
				clock.instant());
		residents.insert(resident);
		publisher.publishEvent(new ResidentRegistered(id, resident.area(), resident.birthDate()));
		return resident;
	}

	private static String displayName(ResidentDetails d) {
		return d.familyName().strip() + " " + d.givenName().strip();
	}

	private static @Nullable String phone(@Nullable String typed) {
		return typed == null || typed.isBlank() ? null : LoginNames.normalize(typed);
	}

}
