package jp.tsunagu.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import jp.tsunagu.TestDatabase;
import jp.tsunagu.Tsunagu;
import jp.tsunagu.activity.Timeline;
import jp.tsunagu.events.Events;
import jp.tsunagu.outreach.Segment;
import jp.tsunagu.identity.Accounts;
import jp.tsunagu.identity.AccountId;
import jp.tsunagu.identity.Role;
import jp.tsunagu.residents.Area;

/**
 * A database as it was before module migrations (the schema of the platform's first landing,
 * version 12, with data of that time) is upgraded by starting the application on it, as an
 * operator would, and keeps every row: on H2, and on PostgreSQL in a database of its own.
 */
@Tag("integration")
class MigrationForwardTests {

	static final UUID ACCOUNT = UUID.fromString("6b1f9d0e-2b0c-4d7e-9a51-3c3f6b2a1e01");

	static final UUID EVENT = UUID.fromString("6b1f9d0e-2b0c-4d7e-9a51-3c3f6b2a1e02");

	static final String ACCESS_TOKEN = "eyJraWQiOiJvbGQifQ.eyJzdWIiOiJvbGQifQ.c2lnbmVk";

	ConfigurableApplicationContext app;

	String dropAfter;

	@AfterEach
	void stop() throws Exception {
		if (app != null) {
			app.close();
		}
		if (dropAfter != null) {
			try (var c = DriverManager.getConnection(serverUrl("postgres"), "postgres", "")) {
				c.createStatement().execute("DROP DATABASE IF EXISTS " + dropAfter + " WITH (FORCE)");
			}
		}
	}

	@Test
	void whenTheApplicationStartsOnADatabaseOfTheFirstLandingThenItUpgradesItAndKeepsEveryRow() throws Exception {
		var url = freshDatabase();
		var old = new DriverManagerDataSource(url, user(), password());
		var vendor = url.startsWith("jdbc:postgresql:") ? "postgresql" : "h2";
		Flyway.configure()
			.dataSource(old)
			.locations("classpath:db/migration/common/__root", "classpath:db/migration/" + vendor + "/__root")
			.target("12")
			.load()
			.migrate();
		writeDataOfThatTime(old, vendor);

		app = new SpringApplicationBuilder(Tsunagu.class).run("--server.port=0", "--spring.datasource.url=" + url,
				"--spring.datasource.username=" + user(), "--spring.datasource.password=" + password(),
				"--tsunagu.demo.enabled=false", "--spring.jmx.enabled=false");

		var accounts = app.getBean(Accounts.class);
		var account = accounts.findByLoginName("migrated@example.jp").orElseThrow();
		assertThat(account.roles()).containsExactlyInAnyOrder(Role.RESIDENT, Role.STAFF);
		assertThat(account.displayName()).isEqualTo("移行 太郎");
		assertThat(app.getBean(Timeline.class).latest(new AccountId(ACCOUNT), 10)).singleElement()
			.satisfies(a -> assertThat(a.place()).isEqualTo("もみじ台 地域交流エリア"));
		var event = app.getBean(Events.class).find(EVENT, null).orElseThrow().event();
		assertThat(event.tags()).containsExactlyInAnyOrder("健康", "体操");
		assertThat(event.targetAreas()).containsExactlyInAnyOrder(Area.MOMIJIDAI, Area.AOBA);
		var summary = app.getBean(Timeline.class).summary(new AccountId(ACCOUNT));
		assertThat(summary.lastOutingAt()).as("the activity summary is filled from the timeline")
			.isEqualTo(java.time.Instant.parse("2026-11-20T01:00:00Z"));
		var notices = app.getBean(jp.tsunagu.outreach.Notices.class);
		assertThat(notices.reach(new Segment(Area.MOMIJIDAI, 65, null, null, null, "体操")))
			.as("the resident, their age and the tag of the event they came to are in outreach's audience").isEqualTo(1);
		assertThat(notices.reach(new Segment(Area.MOMIJIDAI, null, null, 36500, null, null)))
			.as("their last outing too: out within a hundred years").isZero();
		assertThat(notices.reach(new Segment(null, null, null, null, EVENT, null))).isEqualTo(1);
		assertThat(app.getBean(jp.tsunagu.residents.Residents.class).search("いこう たろう", null))
			.as("the help desk finds residents stored before the search key existed")
			.anySatisfy(r -> assertThat(r.account().value()).isEqualTo(ACCOUNT));
		var jdbc = JdbcClient.create(app.getBean(DataSource.class));
		assertThat(jdbc.sql("SELECT access_token_value FROM oauth2_authorization WHERE id = 'old-authorization'")
			.query(String.class).single()).as("token values moved from BLOB to text on H2, unchanged").isEqualTo(ACCESS_TOKEN);
		assertThat(jdbc.sql("SELECT COUNT(*) FROM persistent_logins").query(Long.class).single()).isEqualTo(1);
	}

	private void writeDataOfThatTime(DataSource old, String vendor) {
		var jdbc = JdbcClient.create(old);
		var then = OffsetDateTime.of(2026, 11, 20, 1, 0, 0, 0, ZoneOffset.UTC);
		jdbc.sql("INSERT INTO account (id, subject, login_name, password_hash, display_name, roles, status, locale,"
				+ " failed_logins, locked_until, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'ACTIVE', 'ja', 2, NULL, ?, ?)")
			.params(ACCOUNT, "5d2c8a4e-9f1b-4c6d-8e7a-2b3c4d5e6f70", "migrated@example.jp", "{argon2}x", "移行 太郎",
					"RESIDENT,STAFF", then, then)
			.update();
		jdbc.sql("INSERT INTO activity (id, resident, type, occurred_at, place, source, submitter, idempotency_key,"
				+ " recorded_at) VALUES (?, ?, 'CHECK_IN', ?, 'もみじ台 地域交流エリア', 'STAFF', 'staff:test', 'k1', ?)")
			.params(UUID.randomUUID(), ACCOUNT, then, then)
			.update();
		jdbc.sql("INSERT INTO event (id, title, description, place, kind, starts_at, ends_at, capacity, target_areas,"
				+ " created_by, created_at, tags) VALUES (?, '体操教室', 'ゆっくり体を動かします。', '青葉 集会所', 'HEALTH', ?, ?, 20,"
				+ " 'MOMIJIDAI,AOBA', 'staff:test', ?, '健康,体操')")
			.params(EVENT, then.plusDays(3), then.plusDays(3).plusHours(1), then)
			.update();
		jdbc.sql("INSERT INTO resident (account_id, family_name, given_name, family_name_kana, given_name_kana,"
				+ " birth_date, area, registered_via, created_at) VALUES (?, '移行', '太郎', 'イコウ', 'タロウ', ?, 'MOMIJIDAI',"
				+ " 'HELP_DESK', ?)")
			.params(ACCOUNT, java.time.LocalDate.of(1950, 4, 1), then)
			.update();
		jdbc.sql("INSERT INTO event_signup (id, event_id, resident, status, signed_at, checked_in_at)"
				+ " VALUES (?, ?, ?, 'SIGNED_UP', ?, ?)")
			.params(UUID.randomUUID(), EVENT, ACCOUNT, then, then.plusDays(3))
			.update();
		jdbc.sql("INSERT INTO persistent_logins (username, series, token, last_used) VALUES (?, 'series', 'token', ?)")
			.params("5d2c8a4e-9f1b-4c6d-8e7a-2b3c4d5e6f70", then.toLocalDateTime())
			.update();
		Object token = "h2".equals(vendor) ? ACCESS_TOKEN.getBytes(StandardCharsets.UTF_8) : ACCESS_TOKEN;
		jdbc.sql("INSERT INTO oauth2_authorization (id, registered_client_id, principal_name, authorization_grant_type,"
				+ " access_token_value, access_token_issued_at, access_token_expires_at) VALUES ('old-authorization',"
				+ " 'client', ?, 'authorization_code', ?, ?, ?)")
			.params("5d2c8a4e-9f1b-4c6d-8e7a-2b3c4d5e6f70", token, then, then.plusMinutes(10))
			.update();
	}

	private String freshDatabase() throws Exception {
		if (!TestDatabase.postgres()) {
			return "jdbc:h2:mem:migration-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
		}
		dropAfter = "tsunagu_migration_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		try (var c = DriverManager.getConnection(serverUrl("postgres"), user(), password())) {
			c.createStatement().execute("CREATE DATABASE " + dropAfter);
		}
		return serverUrl(dropAfter);
	}

	/** The test PostgreSQL's server, with another database name. */
	private static String serverUrl(String database) {
		var url = TestDatabase.url();
		return url.substring(0, url.lastIndexOf('/') + 1) + database;
	}

	private static String user() {
		return TestDatabase.postgres() ? System.getenv().getOrDefault("TSUNAGU_DB_USER", "postgres") : "sa";
	}

	private static String password() {
		return TestDatabase.postgres() ? System.getenv().getOrDefault("TSUNAGU_DB_PASSWORD", "") : "";
	}
}
