package jp.tsunagu.identity.internal;

import java.time.Instant;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import jp.tsunagu.platform.Tokyo;

/** Pairwise subjects in {@code pairwise_subject}: one random identifier per sector and account. */
@Repository
public class PairwiseSubjectRepository {

	private final JdbcClient jdbc;

	/** A savepoint for the insert: on PostgreSQL a refused insert would end the transaction. */
	private final TransactionTemplate savepoint;

	PairwiseSubjectRepository(JdbcClient jdbc, PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.savepoint = new TransactionTemplate(transactions);
		this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
	}

	/** The sector's identifier for the account, made on first use; parallel first uses agree on one. */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public String subjectOf(String sector, String accountSubject, String candidate, Instant now) {
		var existing = find(sector, accountSubject);
		if (existing.isPresent()) {
			return existing.get();
		}
		try {
			savepoint.executeWithoutResult(status -> jdbc
				.sql("INSERT INTO pairwise_subject (sector, account_subject, subject, created_at) VALUES (?, ?, ?, ?)")
				.params(sector, accountSubject, candidate, Tokyo.utc(now))
				.update());
			return candidate;
		}
		catch (DuplicateKeyException raced) {
			return find(sector, accountSubject).orElseThrow(() -> raced);
		}
	}

	@Transactional(readOnly = true)
	public Optional<String> accountSubjectOf(String sector, String subject) {
		return jdbc.sql("SELECT account_subject FROM pairwise_subject WHERE sector = ? AND subject = ?")
			.params(sector, subject)
			.query(String.class)
			.optional();
	}

	private Optional<String> find(String sector, String accountSubject) {
		return jdbc.sql("SELECT subject FROM pairwise_subject WHERE sector = ? AND account_subject = ?")
			.params(sector, accountSubject)
			.query(String.class)
			.optional();
	}
}
