package jp.tsunagu.identity.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import jp.tsunagu.identity.AccountId;
import jp.tsunagu.identity.AccountStatus;
import jp.tsunagu.identity.Role;
import jp.tsunagu.platform.Tokyo;

/** Accounts in the {@code account} table, with plain SQL that runs the same on H2 and PostgreSQL. */
@Repository
public class AccountRepository {

	private static final String COLUMNS = "id, subject, login_name, password_hash, display_name, status, locale,"
			+ " created_at";

	/** An account with its roles (one row per role, joined; none without roles). */
	private static final String SELECT = "SELECT a.id, a.subject, a.login_name, a.password_hash, a.display_name,"
			+ " a.status, a.locale, a.created_at, r.role FROM account a LEFT JOIN account_role r ON r.account_id = a.id";

	private final JdbcClient jdbc;

	AccountRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public void insert(Account a) {
		var now = Tokyo.utc(a.createdAt());
		jdbc.sql("INSERT INTO account (" + COLUMNS + ", updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
			.params(a.id().value(), a.subject(), a.loginName(), a.passwordHash(), a.displayName(), a.status().name(),
					a.locale().toLanguageTag(), now, now)
			.update();
		insertRoles(a.id(), a.roles());
	}

	public Optional<Account> findById(AccountId id) {
		return one(SELECT + " WHERE a.id = ?", id.value());
	}

	public Optional<Account> findBySubject(String subject) {
		return one(SELECT + " WHERE a.subject = ?", subject);
	}

	public Optional<Account> findByLoginName(String loginName) {
		return one(SELECT + " WHERE a.login_name = ?", loginName);
	}

	public boolean loginNameExists(String loginName) {
		return jdbc.sql("SELECT COUNT(*) FROM account WHERE login_name = ?").param(loginName).query(Long.class).single() > 0;
	}

	public void updateCredentials(AccountId id, @Nullable String passwordHash, AccountStatus status, Instant now) {
		jdbc.sql("UPDATE account SET password_hash = ?, status = ?, updated_at = ? WHERE id = ?")
			.params(passwordHash, status.name(), Tokyo.utc(now), id.value())
			.update();
	}

	/** Replaces the roles; call in a transaction, so nobody sees an account between its old and new roles. */
	public void updateRoles(AccountId id, Set<Role> roles, Instant now) {
		jdbc.sql("DELETE FROM account_role WHERE account_id = ?").param(id.value()).update();
		insertRoles(id, roles);
		jdbc.sql("UPDATE account SET updated_at = ? WHERE id = ?").params(Tokyo.utc(now), id.value()).update();
	}

	/**
	 * Finds the account a sign-in names: by what a person types, or by subject (passkeys name the
	 * account by its subject).
	 */
	public Optional<Account> findBySignInName(String name) {
		return one(SELECT + " WHERE a.login_name = ? OR a.subject = ?", name, name);
	}

	public List<Account> searchByLoginOrName(String text, int limit) {
		// a typed % or _ is looked for as itself
		var like = "%" + text.toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
		var ids = jdbc.sql("SELECT id FROM account WHERE login_name LIKE ? ESCAPE '\\' OR LOWER(display_name) LIKE ? ESCAPE '\\'"
				+ " ORDER BY login_name LIMIT ?")
			.params(like, like, limit)
			.query(UUID.class)
			.list();
		if (ids.isEmpty()) {
			return List.of();
		}
		var found = jdbc.sql(SELECT + " WHERE a.id IN (:ids) ORDER BY a.login_name").param("ids", ids).query(this::accounts);
		return found;
	}

	/** These accounts, in one query; unknown ids are missing. */
	public List<Account> findAllById(java.util.Collection<AccountId> ids) {
		if (ids.isEmpty()) {
			return List.of();
		}
		return jdbc.sql(SELECT + " WHERE a.id IN (:ids)")
			.param("ids", ids.stream().map(AccountId::value).distinct().toList())
			.query(this::accounts);
	}

	public long count() {
		return jdbc.sql("SELECT COUNT(*) FROM account").query(Long.class).single();
	}

	private void insertRoles(AccountId id, Set<Role> roles) {
		for (var role : roles) {
			jdbc.sql("INSERT INTO account_role (account_id, role) VALUES (?, ?)").params(id.value(), role.name()).update();
		}
	}

	private Optional<Account> one(String sql, Object... params) {
		var found = jdbc.sql(sql).params(params).query(this::accounts);
		if (found.size() > 1) {
			throw new IllegalStateException("More than one account matches");
		}
		return found.stream().findFirst();
	}

	/** Rows of accounts joined with their roles, one account per id, in the order they come. */
	private List<Account> accounts(ResultSet rs) throws SQLException {
		var accounts = new LinkedHashMap<UUID, Account>();
		while (rs.next()) {
			var id = rs.getObject("id", UUID.class);
			var account = accounts.computeIfAbsent(id, key -> map(rs, key));
			var role = rs.getString("role");
			if (role != null) {
				account.roles().add(Role.valueOf(role));
			}
		}
		return new ArrayList<>(accounts.values());
	}

	private static Account map(ResultSet rs, UUID id) {
		try {
			return new Account(new AccountId(id), rs.getString("subject"), rs.getString("login_name"),
					rs.getString("password_hash"), rs.getString("display_name"), EnumSet.noneOf(Role.class),
					AccountStatus.valueOf(rs.getString("status")), Locale.forLanguageTag(rs.getString("locale")),
					rs.getObject("created_at", OffsetDateTime.class).toInstant());
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
