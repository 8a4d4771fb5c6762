package jp.tsunagu.identity.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import jp.tsunagu.identity.AccountId;
import jp.tsunagu.identity.AccountStatus;
import jp.tsunagu.identity.Role;

/** Accounts in the {@code account} table, with plain SQL that runs the same on H2 and PostgreSQL. */
@Repository
public class AccountRepository {

	private static final String COLUMNS = "id, subject, login_name, password_hash, display_name, roles, status, locale,"
			+ " created_at";

	private final JdbcClient jdbc;

	AccountRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public void insert(Account a) {
		var now = utc(a.createdAt());
		jdbc.sql("INSERT INTO account (" + COLUMNS + ", updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			.params(a.id().value(), a.subject(), a.loginName(), a.passwordHash(), a.displayName(), roles(a.roles()),
					a.status().name(), a.locale().toLanguageTag(), now, now)
			.update();
	}

	public Optional<Account> findById(AccountId id) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM account WHERE id = ?").param(id.value()).query(this::map).optional();
	}

	public Optional<Account> findBySubject(String subject) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM account WHERE subject = ?").param(subject).query(this::map).optional();
	}

	public Optional<Account> findByLoginName(String loginName) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM account WHERE login_name = ?")
			.param(loginName)
			.query(this::map)
			.optional();
	}

	public boolean loginNameExists(String loginName) {
		return jdbc.sql("SELECT COUNT(*) FROM account WHERE login_name = ?").param(loginName).query(Long.class).single() > 0;
	}

	public void updateCredentials(AccountId id, @Nullable String passwordHash, AccountStatus status, Instant now) {
		jdbc.sql("UPDATE account SET password_hash = ?, status = ?, updated_at = ? WHERE id = ?")
			.params(passwordHash, status.name(), utc(now), id.value())
			.update();
	}

	public void updateRoles(AccountId id, Set<Role> roles, Instant now) {
		jdbc.sql("UPDATE account SET roles = ?, updated_at = ? WHERE id = ?")
			.params(roles(roles), utc(now), id.value())
			.update();
	}

	/**
	 * Finds the account a sign-in names: by what a person types, or by subject (passkeys name the
	 * account by its subject).
	 */
	public Optional<Account> findBySignInName(String name) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM account WHERE login_name = ? OR subject = ?")
			.params(name, name)
			.query(this::map)
			.optional();
	}

	public java.util.List<Account> searchByLoginOrName(String text, int limit) {
		var like = "%" + text.toLowerCase(Locale.ROOT) + "%";
		return jdbc.sql("SELECT " + COLUMNS + " FROM account WHERE login_name LIKE ? OR LOWER(display_name) LIKE ?"
				+ " ORDER BY login_name LIMIT ?")
			.params(like, like, limit)
			.query(this::map)
			.list();
	}

	public long count() {
		return jdbc.sql("SELECT COUNT(*) FROM account").query(Long.class).single();
	}

	private Account map(ResultSet rs, int row) throws SQLException {
		return new Account(new AccountId(rs.getObject("id", UUID.class)), rs.getString("subject"),
				rs.getString("login_name"), rs.getString("password_hash"), rs.getString("display_name"),
				parseRoles(rs.getString("roles")), AccountStatus.valueOf(rs.getString("status")),
				Locale.forLanguageTag(rs.getString("locale")),
				rs.getObject("created_at", OffsetDateTime.class).toInstant());
	}

	private static String roles(Set<Role> roles) {
		return roles.stream().map(Role::name).sorted().collect(Collectors.joining(","));
	}

	private static Set<Role> parseRoles(String roles) {
		var set = EnumSet.noneOf(Role.class);
		Arrays.stream(roles.split(",")).filter(r -> !r.isBlank()).map(Role::valueOf).forEach(set::add);
		return set;
	}

	static @Nullable OffsetDateTime utc(@Nullable Instant instant) {
		return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}
}
