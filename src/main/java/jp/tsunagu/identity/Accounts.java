package jp.tsunagu.identity;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import jp.tsunagu.identity.internal.Account;
import jp.tsunagu.identity.internal.AccountRepository;
import jp.tsunagu.identity.internal.FirstLoginCodeRepository;
import jp.tsunagu.identity.internal.SignInThrottle;
import jp.tsunagu.identity.internal.SignOut;

/**
 * Creates Sapporo Smart ID accounts and changes their credentials. Every secret goes through the
 * argon2id encoder; the one-time first-login code is returned once and stored only as a hash.
 */
@Service
public class Accounts {

	private static final SecureRandom RANDOM = new SecureRandom();

	private final AccountRepository accounts;

	private final FirstLoginCodeRepository codes;

	private final PasswordEncoder encoder;

	private final IdentitySettings settings;

	private final Clock clock;

	private final PublicKeyCredentialUserEntityRepository passkeyUsers;

	private final UserCredentialRepository passkeys;

	private final SignInThrottle throttle;

	private final SignOut signOut;

	Accounts(AccountRepository accounts, FirstLoginCodeRepository codes, PasswordEncoder encoder,
			IdentitySettings settings, Clock clock,
			PublicKeyCredentialUserEntityRepository passkeyUsers, UserCredentialRepository passkeys,
			SignInThrottle throttle, SignOut signOut) {
		this.throttle = throttle;
		this.signOut = signOut;
		this.passkeyUsers = passkeyUsers;
		this.passkeys = passkeys;
		this.accounts = accounts;
		this.codes = codes;
		this.encoder = encoder;
		this.settings = settings;
		this.clock = clock;
	}

	/** Self-registration: the person chose their login (e-mail or phone) and a password. */
	@Transactional
	public AccountSummary registerWithPassword(String typedLoginName, String password, String displayName,
			Locale locale, Set<Role> roles) {
		var loginName = LoginNames.normalize(typedLoginName);
		if (!LoginNames.isEmail(loginName) && !LoginNames.isPhone(loginName)) {
			throw new CredentialRejected("credential.login.format");
		}
		CredentialPolicy.checkPassword(password);
		var account = newAccount(loginName, encoder.encode(password), displayName, roles, AccountStatus.ACTIVE, locale);
		return account.summary();
	}

	/**
	 * Help-desk registration for someone without e-mail: the account waits for its owner, who signs
	 * in the first time on the tablet with the login id and one-time code printed by
	 * {@link #resetLogin} and then sets a PIN.
	 */
	@Transactional
	public AccountSummary createAwaitingFirstLogin(String displayName, @Nullable String phone) {
		String loginName = phone == null || phone.isBlank() ? newLoginId() : LoginNames.normalize(phone);
		if (phone != null && !phone.isBlank() && !LoginNames.isPhone(loginName)) {
			throw new CredentialRejected("credential.phone.format");
		}
		var account = newAccount(loginName, null, displayName, EnumSet.of(Role.RESIDENT),
				AccountStatus.AWAITING_FIRST_LOGIN, Locale.JAPANESE);
		return account.summary();
	}

	/**
	 * "Reset a login" at the help desk: the old PIN and every passkey stop working (the usual reasons
	 * are a forgotten PIN or a lost tablet), every session and remembered device ends, partners'
	 * grants are revoked, and a new sheet can be printed.
	 */
	@Transactional
	public FirstLoginCode resetLogin(AccountId id, String issuedBy) {
		var account = accounts.findById(id).orElseThrow(() -> new IllegalArgumentException("No such account"));
		accounts.updateCredentials(id, null, AccountStatus.AWAITING_FIRST_LOGIN, clock.instant());
		throttle.forgive(account.loginName());
		// a lost tablet must not stay signed in, nor the partner apps on it
		signOut.endEverySession(account.subject());
		var passkeyUser = passkeyUsers.findByUsername(account.subject());
		if (passkeyUser != null) {
			passkeys.findByUserId(passkeyUser.getId()).forEach(c -> passkeys.delete(c.getCredentialId()));
		}
		return issueCode(account, issuedBy);
	}

	/** First sign-in on the tablet: code right and fresh, then the chosen PIN becomes the credential. */
	@Transactional(noRollbackFor = FirstLoginRefused.class)
	public AccountSummary completeFirstLogin(String typedLoginName, String code, String newPin) {
		var account = accounts.findByLoginName(LoginNames.normalize(typedLoginName))
			.filter(a -> a.status() == AccountStatus.AWAITING_FIRST_LOGIN)
			.orElseThrow(FirstLoginRefused::new);
		var stored = codes.find(account.id()).orElseThrow(FirstLoginRefused::new);
		// an obvious PIN says nothing about the code: refused before the code's tries are counted
		CredentialPolicy.checkPin(newPin);
		if (stored.expiresAt().isBefore(clock.instant()) || !codes.countUse(account.id(), settings.throttle().maxFailures())) {
			throw new FirstLoginRefused();
		}
		if (!encoder.matches(normalizeCode(code), stored.codeHash())) {
			throw new FirstLoginRefused();
		}
		accounts.updateCredentials(account.id(), encoder.encode(newPin), AccountStatus.ACTIVE, clock.instant());
		codes.delete(account.id());
		throttle.forgive(account.loginName());
		return accounts.findById(account.id()).orElseThrow().summary();
	}

	@Transactional
	public void changeSecret(String subject, String current, String replacement) {
		var account = accounts.findBySubject(subject).orElseThrow();
		if (account.passwordHash() == null || !encoder.matches(current, account.passwordHash())) {
			throw new CredentialRejected("credential.current.wrong");
		}
		if (replacement.matches("[0-9]{1,9}")) {
			// up to nine digits is meant as a PIN; ten or more is a (long) password
			CredentialPolicy.checkPin(replacement);
		}
		else {
			CredentialPolicy.checkPassword(replacement);
		}
		accounts.updateCredentials(account.id(), encoder.encode(replacement), AccountStatus.ACTIVE, clock.instant());
	}

	@Transactional
	public AccountSummary createStaffAccount(String loginName, String password, String displayName, Set<Role> roles) {
		CredentialPolicy.checkPassword(password);
		return newAccount(LoginNames.normalize(loginName), encoder.encode(password), displayName, roles,
				AccountStatus.ACTIVE, Locale.JAPANESE)
			.summary();
	}

	/** An administrator ends every session of an account (a lost tablet, a shared device). */
	@Transactional
	public void endEverySession(AccountId id) {
		accounts.findById(id).ifPresent(account -> signOut.endEverySession(account.subject()));
	}

	@Transactional
	public void changeRoles(AccountId id, Set<Role> roles) {
		accounts.updateRoles(id, roles, clock.instant());
	}

	/** For administrators: accounts whose login or name contains the text. */
	@Transactional(readOnly = true)
	public java.util.List<AccountSummary> search(String text) {
		return accounts.searchByLoginOrName(LoginNames.normalize(text), 50).stream().map(Account::summary).toList();
	}

	@Transactional(readOnly = true)
	public Optional<AccountSummary> find(AccountId id) {
		return accounts.findById(id).map(Account::summary);
	}

	/** These accounts by id, in one query (for lists); unknown ids are missing. */
	@Transactional(readOnly = true)
	public java.util.Map<AccountId, AccountSummary> findAll(java.util.Collection<AccountId> ids) {
		var found = new java.util.HashMap<AccountId, AccountSummary>();
		accounts.findAllById(ids).forEach(a -> found.put(a.id(), a.summary()));
		return found;
	}

	@Transactional(readOnly = true)
	public Optional<AccountSummary> findBySubject(String subject) {
		return accounts.findBySubject(subject).map(Account::summary);
	}

	@Transactional(readOnly = true)
	public Optional<AccountSummary> findByLoginName(String typed) {
		return accounts.findByLoginName(LoginNames.normalize(typed)).map(Account::summary);
	}

	private Account newAccount(String loginName, @Nullable String hash, String displayName, Set<Role> roles,
			AccountStatus status, Locale locale) {
		if (accounts.loginNameExists(loginName)) {
			throw new LoginNameTaken(loginName);
		}
		var account = new Account(AccountId.random(), newSubject(), loginName, hash, displayName,
				EnumSet.copyOf(roles), status, locale, clock.instant());
		accounts.insert(account);
		return account;
	}

	private FirstLoginCode issueCode(Account account, String issuedBy) {
		var code = "%08d".formatted(RANDOM.nextInt(100_000_000));
		var expires = clock.instant().plus(settings.firstLoginCodeValidity());
		codes.replace(account.id(), encoder.encode(code), expires, issuedBy);
		return new FirstLoginCode(account.id(), account.loginName(), code.substring(0, 4) + "-" + code.substring(4),
				expires);
	}

	private String newLoginId() {
		String candidate;
		do {
			candidate = "sp" + "%08d".formatted(RANDOM.nextInt(100_000_000));
		}
		while (accounts.loginNameExists(candidate));
		return candidate;
	}

	/** Opaque, random, never reused: a partner cannot learn anything about the person from it. */
	private static String newSubject() {
		return UUID.randomUUID().toString();
	}

	private static String normalizeCode(String typed) {
		return java.text.Normalizer.normalize(typed, java.text.Normalizer.Form.NFKC).replaceAll("[^0-9]", "");
	}
}
