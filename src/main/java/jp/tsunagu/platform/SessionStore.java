package jp.tsunagu.platform;

import javax.sql.DataSource;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.session.jdbc.PostgreSqlJdbcIndexedSessionRepositoryCustomizer;

/**
 * Sessions in the database, safe for a double tap: two requests of one session that both add an
 * attribute (a form posted twice at once, each saving its flash message) would both INSERT the same
 * (session, name) row and the second would fail with a duplicate key. The attribute is written as an
 * upsert instead (PostgreSQL {@code ON CONFLICT}, H2 {@code MERGE}); the last write wins, as it
 * does for an attribute that already existed.
 */
@Configuration(proxyBeanMethods = false)
class SessionStore {

	static final String H2_UPSERT = """
			MERGE INTO %TABLE_NAME%_ATTRIBUTES (SESSION_PRIMARY_ID, ATTRIBUTE_NAME, ATTRIBUTE_BYTES)
			KEY (SESSION_PRIMARY_ID, ATTRIBUTE_NAME) VALUES (?, ?, ?)
			""";

	@Bean
	SessionRepositoryCustomizer<JdbcIndexedSessionRepository> attributeUpsert(DataSource dataSource) {
		if (Databases.isPostgres(dataSource)) {
			return new PostgreSqlJdbcIndexedSessionRepositoryCustomizer();
		}
		return repository -> repository.setCreateSessionAttributeQuery(H2_UPSERT);
	}
}
