package jp.tsunagu.activity.web;

import java.net.URI;
import java.time.Instant;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PastOrPresent;
import jakarta.validation.constraints.Size;

import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import jp.tsunagu.activity.ActivityReport;
import jp.tsunagu.activity.ActivitySource;
import jp.tsunagu.activity.ActivityType;
import jp.tsunagu.activity.Timeline;
import jp.tsunagu.identity.Accounts;
import jp.tsunagu.identity.ApiCaller;
import jp.tsunagu.identity.PartnerSubjects;
import jp.tsunagu.platform.ProblemType;

/**
 * Partner services report what a resident did (a class attended, a walk recorded). The partner
 * names the resident by the {@code sub} it got at sign-in and gives an idempotency key, in the body
 * or as the {@code Idempotency-Key} header, so retries are safe: the first call answers 201, a
 * repeat 200 with the same activity, and a key reused for a different activity 422 (as the IETF
 * Idempotency-Key draft asks). Requires an access token with scope {@code activity.write}, which only a
 * partner's own back end gets (client credentials); should a token issued for a resident's sign-in
 * ever carry it, it may write only that resident's record.
 */
@RestController
@RequestMapping("/api/activities")
class ActivityApi {

	record Submission(@NotBlank @Size(max = 64) String resident, @NotNull ActivityType type,
			@NotNull @PastOrPresent Instant occurredAt, @Nullable @Size(max = 200) String place,
			@Nullable @Size(max = 200) String idempotencyKey) {
	}

	record Recorded(String id, String resident, ActivityType type, Instant occurredAt, @Nullable String place,
			String idempotencyKey) {
	}

	static final class UnknownResident extends RuntimeException {
	}

	static final class OtherResident extends RuntimeException {
	}

	static final class MissingIdempotencyKey extends RuntimeException {
	}

	static final class KeyReusedForOtherActivity extends RuntimeException {
	}

	/** A retry must be the same request; a key reused for a different activity is a client bug, not a retry. */
	private static boolean sameSubmission(jp.tsunagu.activity.Activity stored, jp.tsunagu.identity.AccountId resident,
			Submission submission) {
		return stored.resident().equals(resident) && stored.type() == submission.type()
				&& stored.occurredAt().equals(submission.occurredAt())
				&& java.util.Objects.equals(stored.place(), submission.place());
	}

	private final Timeline timeline;

	private final Accounts accounts;

	private final PartnerSubjects subjects;

	ActivityApi(Timeline timeline, Accounts accounts, PartnerSubjects subjects) {
		this.timeline = timeline;
		this.accounts = accounts;
		this.subjects = subjects;
	}

	@PostMapping
	ResponseEntity<Recorded> submit(@Valid @RequestBody Submission submission,
			@RequestHeader(name = "Idempotency-Key", required = false) @Size(max = 200) @Nullable String header,
			ApiCaller partner) {
		var key = submission.idempotencyKey() != null ? submission.idempotencyKey() : header;
		if (key == null || key.isBlank()) {
			throw new MissingIdempotencyKey();
		}
		var clientId = partner.clientId();
		var resident = subjects.accountSubjectOf(clientId, submission.resident())
			.flatMap(accounts::findBySubject)
			.orElseThrow(UnknownResident::new);
		if (partner.actsForResident() && !resident.subject().equals(partner.residentSubject())) {
			throw new OtherResident();
		}
		var result = timeline.record(new ActivityReport(resident.id(), submission.type(), submission.occurredAt(),
				submission.place(), ActivitySource.PARTNER, "partner:" + clientId, key));
		var a = result.activity();
		if (!result.created() && !sameSubmission(a, resident.id(), submission)) {
			throw new KeyReusedForOtherActivity();
		}
		var body = new Recorded(a.id().toString(), submission.resident(), a.type(), a.occurredAt(), a.place(), key);
		return result.created() ? ResponseEntity.created(URI.create("/api/activities/" + a.id())).body(body)
				: ResponseEntity.ok(body);
	}

	/** This API's rows of the problem table; the platform's edge turns them into problem details. */
	@Bean
	static ProblemType unknownResidentProblem() {
		return new ProblemType(UnknownResident.class, HttpStatus.NOT_FOUND, "unknown-resident");
	}

	@Bean
	static ProblemType otherResidentProblem() {
		return new ProblemType(OtherResident.class, HttpStatus.FORBIDDEN, "other-resident");
	}

	@Bean
	static ProblemType keyReusedProblem() {
		return new ProblemType(KeyReusedForOtherActivity.class, HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused");
	}

	@Bean
	static ProblemType missingKeyProblem() {
		return new ProblemType(MissingIdempotencyKey.class, HttpStatus.BAD_REQUEST, "idempotency-key-missing");
	}
}
