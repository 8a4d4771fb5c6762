package jp.tsunagu.vitals.imports;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import jp.tsunagu.identity.AccountId;
import jp.tsunagu.identity.AccountSummary;
import jp.tsunagu.identity.Accounts;
import jp.tsunagu.platform.Tokyo;
import jp.tsunagu.residents.Residents;
import jp.tsunagu.vitals.MeasurementRefused;
import jp.tsunagu.vitals.MeasurementsRaced;
import jp.tsunagu.vitals.NewMeasurement;
import jp.tsunagu.vitals.Recorded;
import jp.tsunagu.vitals.Vitals;
import jp.tsunagu.vitals.internal.ImportError;
import jp.tsunagu.vitals.internal.ImportRepository;
import jp.tsunagu.vitals.internal.VitalImport;

/**
 * Runs CSV imports. The file is read whole when it is uploaded (a file that is no CSV is refused
 * then, with nothing stored); its rows are then stored in the background on this instance, a chunk
 * per transaction: each row checked by {@link Vitals#check} first, so that a bad row is reported
 * and the good rows of its chunk still stored by {@link Vitals#recordAll}, whose device, kind and
 * time keys make a second import of the same rows add nothing. Each chunk commits its measurements,
 * its bad rows and the import's counts together. This instance says every few seconds that its
 * imports are alive; one nobody has vouched for in a minute (its instance crashed or restarted) is
 * marked FAILED by any instance, and an instance that stops marks its own at once.
 */
@Service
class VitalImports {

	static final int CHUNK = 500;

	/** Bad rows kept for the report; the count covers them all. */
	static final int MAX_REPORTED = 1_000;

	static final Duration SILENT = Duration.ofSeconds(60);

	private static final Logger log = LoggerFactory.getLogger(VitalImports.class);

	private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("uuuu/MM/dd HH:mm").withZone(Tokyo.ZONE);

	private final String instance = UUID.randomUUID().toString();

	private final ExecutorService runner = Executors.newFixedThreadPool(2,
			Thread.ofPlatform().name("vitals-import-", 1).daemon(true).factory());

	private final ImportRepository imports;

	private final Vitals vitals;

	private final Accounts accounts;

	private final Residents residents;

	private final TransactionTemplate tx;

	private final Clock clock;

	private volatile boolean stopping;

	VitalImports(ImportRepository imports, Vitals vitals, Accounts accounts, Residents residents,
			PlatformTransactionManager transactions, Clock clock) {
		this.imports = imports;
		this.vitals = vitals;
		this.accounts = accounts;
		this.residents = residents;
		this.tx = new TransactionTemplate(transactions);
		this.clock = clock;
	}

	/** An import begun now, or the one of the same file already running (a double tap, a second desk). */
	record Started(VitalImport vitalImport, boolean begun) {
	}

	/**
	 * Reads the file and starts storing its rows in the background.
	 *
	 * @throws CsvUnreadable when it is no vendor CSV at all; nothing is stored then
	 */
	Started start(String fileName, byte[] bytes, String staff) {
		var file = VendorCsv.read(bytes);
		var sha = sha256(bytes);
		var running = imports.sameFile(sha, new UUID(0, 0)).stream().filter(VitalImport::running).findFirst();
		if (running.isPresent()) {
			return new Started(running.get(), false);
		}
		var now = clock.instant();
		var started = new VitalImport(UUID.randomUUID(), fileName, sha, VitalImport.Status.RUNNING, file.rows().size(),
				0, 0, 0, 0, now, null, staff, file.charset(), null, now);
		imports.insert(started, instance);
		try {
			runner.execute(() -> run(started.id(), file, staff));
		}
		catch (RejectedExecutionException shuttingDown) {
			imports.finish(started.id(), VitalImport.Status.FAILED, "stopped", now);
		}
		return new Started(started, true);
	}

	Optional<VitalImport> find(UUID id) {
		return imports.find(id);
	}

	List<VitalImport> recent() {
		return imports.recent(20);
	}

	List<ImportError> errors(UUID id) {
		return imports.errors(id, MAX_REPORTED);
	}

	/** Earlier imports of the same file (same SHA-256). */
	List<VitalImport> earlier(VitalImport of) {
		return imports.sameFile(of.sha256(), of.id())
			.stream()
			.filter(i -> i.startedAt().isBefore(of.startedAt()))
			.toList();
	}

	private void run(UUID id, VendorCsv file, String staff) {
		Map<String, Optional<AccountId>> known = new ConcurrentHashMap<>();
		var rows = new ImportRows(file, login -> known.computeIfAbsent(login, this::resident), staff);
		var reported = new int[1];
		try {
			for (int from = 0; from < file.rows().size(); from += CHUNK) {
				if (stopping) {
					throw new Stopped();
				}
				var reads = file.rows().subList(from, Math.min(from + CHUNK, file.rows().size())).stream()
					.map(rows::read)
					.toList();
				chunk(id, reads, reported);
			}
			imports.finish(id, VitalImport.Status.DONE, null, clock.instant());
		}
		catch (Stopped stopped) {
			imports.finish(id, VitalImport.Status.FAILED, "stopped", clock.instant());
		}
		catch (RuntimeException failed) {
			log.warn("CSV import {} failed; importing the file again is safe", id, failed);
			try {
				imports.finish(id, VitalImport.Status.FAILED, "error", clock.instant());
			}
			catch (RuntimeException databaseAway) {
				// the import stays RUNNING until an instance finds it silent
				log.warn("CSV import {} could not be marked failed", id, databaseAway);
			}
		}
	}

	private Optional<AccountId> resident(String login) {
		return accounts.findByLoginName(login)
			.map(AccountSummary::id)
			.filter(account -> residents.find(account).isPresent());
	}

	/** Checks a chunk's rows and stores the good ones, its bad rows and the counts in one transaction. */
	private void chunk(UUID id, List<ImportRows.Read> reads, int[] reported) {
		var problems = new ArrayList<ImportRows.Problem>();
		var good = new ArrayList<NewMeasurement>();
		var goodRows = new ArrayList<Integer>();
		int bad = 0;
		for (var read : reads) {
			var m = read.measurement();
			if (m == null) {
				problems.addAll(read.problems());
				bad++;
				continue;
			}
			try {
				vitals.check(0, m);
				good.add(m);
				goodRows.add(read.row());
			}
			catch (MeasurementRefused refused) {
				problems.add(problem(read.row(), m, refused));
				bad++;
			}
		}
		for (int attempt = 1;; attempt++) {
			try {
				int badBefore = bad;
				tx.executeWithoutResult(status -> store(id, reads.size(), good, goodRows, problems, badBefore, reported));
				return;
			}
			catch (MeasurementRefused late) {
				// a check that passed a moment ago failed in recordAll (the clock moved on): report that row alone
				problems.add(problem(goodRows.get(late.index()), good.get(late.index()), late));
				good.remove(late.index());
				goodRows.remove(late.index());
				bad++;
			}
			catch (MeasurementsRaced raced) {
				if (attempt == 3) {
					throw raced;
				}
			}
		}
	}

	private void store(UUID id, int rows, List<NewMeasurement> good, List<Integer> goodRows,
			List<ImportRows.Problem> checked, int badChecked, int[] reported) {
		var problems = new ArrayList<>(checked);
		int bad = badChecked;
		int stored = 0;
		int already = 0;
		var results = good.isEmpty() ? List.<Recorded>of() : vitals.recordAll(good);
		for (int i = 0; i < results.size(); i++) {
			switch (results.get(i).outcome()) {
				case CREATED -> stored++;
				case EXISTING -> already++;
				case CONFLICT -> {
					problems.add(new ImportRows.Problem(goodRows.get(i), "value", "conflict",
							value(good.get(i))));
					bad++;
				}
			}
		}
		problems.sort(java.util.Comparator.comparingInt(ImportRows.Problem::row));
		var kept = new ArrayList<ImportError>();
		var seen = new java.util.HashSet<String>();
		int lastRow = -1;
		int keptRows = reported[0];
		for (var p : problems) {
			if (p.row() != lastRow) {
				lastRow = p.row();
				keptRows++;
			}
			if (keptRows <= MAX_REPORTED && seen.add(p.row() + "/" + p.column())) {
				kept.add(new ImportError(p.row(), p.column(),
						p.value() == null ? p.problem() : p.problem() + "|" + p.value()));
			}
		}
		imports.insertErrors(id, kept);
		if (!imports.progress(id, rows, stored, already, bad, clock.instant())) {
			// another instance took this import for stopped: nothing of this chunk is kept
			throw new Stopped();
		}
		reported[0] = Math.min(keptRows, MAX_REPORTED);
	}

	private static ImportRows.Problem problem(int row, NewMeasurement m, MeasurementRefused refused) {
		return switch (refused.field()) {
			case "value", "systolic" -> new ImportRows.Problem(row, "value", refused.problem(), m.value().toPlainString());
			case "diastolic", "component" -> new ImportRows.Problem(row, "second", refused.problem(),
					m.second() == null ? null : m.second().toPlainString());
			case "effective" -> new ImportRows.Problem(row, "measured_at", refused.problem(), SHOWN.format(m.takenAt()));
			case "device" -> new ImportRows.Problem(row, "device", "too-long", null);
			default -> new ImportRows.Problem(row, "row", "refused", null);
		};
	}

	private static String value(NewMeasurement m) {
		return m.second() == null ? m.value().toPlainString()
				: m.value().toPlainString() + "/" + m.second().toPlainString();
	}

	/** Says this instance's imports are alive, and marks those whose instance went silent as stopped. */
	@Scheduled(fixedDelayString = "PT10S", initialDelayString = "PT10S")
	void keepAlive() {
		var now = clock.instant();
		imports.alive(instance, now);
		int stopped = imports.failSilent(now.minus(SILENT), now);
		if (stopped > 0) {
			log.warn("{} CSV import(s) stopped with their instance; importing the files again is safe", stopped);
		}
	}

	/** On start: imports left running by a stopped instance are marked so, not left RUNNING for ever. */
	@EventListener(ApplicationReadyEvent.class)
	void started() {
		var now = clock.instant();
		imports.failSilent(now.minus(SILENT), now);
	}

	@PreDestroy
	void stop() throws InterruptedException {
		// no interrupt: a chunk takes well under a second, and an interrupted thread may break the database's file
		stopping = true;
		runner.shutdown();
		runner.awaitTermination(10, TimeUnit.SECONDS);
		imports.failAll(instance, clock.instant());
	}

	private static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (NoSuchAlgorithmException impossible) {
			throw new IllegalStateException(impossible);
		}
	}

	/** The import is to stop: the application is stopping, or another instance marked it stopped. */
	private static final class Stopped extends RuntimeException {

		Stopped() {
			super(null, null, false, false);
		}
	}
}
