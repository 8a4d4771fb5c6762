package jp.tsunagu.platform;

import java.sql.DatabaseMetaData;
import java.util.Locale;

import javax.sql.DataSource;

import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;

/** Which database the platform runs on, for the few statements H2 and PostgreSQL spell differently. */
public final class Databases {

	private Databases() {
	}

	/** PostgreSQL (production); otherwise the embedded H2. Asked once, at start-up. */
	public static boolean isPostgres(DataSource dataSource) {
		try {
			String product = JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
			return product.toLowerCase(Locale.ROOT).contains("postgres");
		}
		catch (MetaDataAccessException ex) {
			throw new IllegalStateException("cannot tell which database this is", ex);
		}
	}
}
