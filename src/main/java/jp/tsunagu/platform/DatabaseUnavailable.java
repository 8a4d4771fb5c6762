package jp.tsunagu.platform;

import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Tells, from anything thrown, whether the database could not be reached (pool empty, connection
 * dropped, server shutting down): the answer is then 503, try again, not a 500.
 */
final class DatabaseUnavailable {

	private DatabaseUnavailable() {
	}

	static boolean causedIt(Throwable thrown) {
		for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
			if (t instanceof DataAccessResourceFailureException || t instanceof TransientDataAccessResourceException
					|| t instanceof CannotCreateTransactionException || t instanceof SQLTransientConnectionException
					|| t instanceof SQLNonTransientConnectionException) {
				return true;
			}
		}
		return false;
	}
}
