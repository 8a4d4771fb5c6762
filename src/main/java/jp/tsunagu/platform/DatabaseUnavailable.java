package jp.tsunagu.platform;

import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Tells, from anything thrown, whether the database could not be reached (pool empty, connection
 * dropped, server shutting down): the answer is then 503, try again, not a 500.
 */
public final class DatabaseUnavailable {

	private DatabaseUnavailable() {
	}

	public static boolean causedIt(Throwable thrown) {
		for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
			if (t instanceof DataAccessResourceFailureException || t instanceof TransientDataAccessResourceException
					|| t instanceof CannotCreateTransactionException || t instanceof SQLTransientConnectionException
					|| t instanceof SQLNonTransientConnectionException) {
				return true;
			}
			// SQL state class 08 is "connection exception", 57P "operator intervention" (a server shutting
			// down or terminating backends): e.g. a rollback on a connection the server just closed
			if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null
					&& (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
				return true;
			}
			// a commit or rollback the JDBC driver could not do and nobody could classify: the connection broke
			// under it (Hikari's "Connection is closed" after the server terminated it carries no SQL state)
			if (t instanceof TransactionSystemException && t.getCause() instanceof java.sql.SQLException) {
				return true;
			}
			// a failed rollback hides what failed first: look at that too
			if (t instanceof TransactionSystemException failed && failed.getApplicationException() != null
					&& failed.getApplicationException() != thrown && causedIt(failed.getApplicationException())) {
				return true;
			}
		}
		return false;
	}
}
