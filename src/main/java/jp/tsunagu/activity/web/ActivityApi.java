package jp.tsunagu.activity.web;

import java.net.URI;
import java.time.Instant;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PastOrPresent;
import jakarta.validation.constraints.Size;

import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
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
import jp.tsunagu.residents.DataSharing;
import jp.tsunagu.residents.SharingPurpose;

/**
 * Partner services report what a resident did (a class attended, a walk recorded). The partner
 * names the resident by the {@code sub} it got at sign-in and gives an idempotency key, in the body
 * or as the {@code Idempotency-Key} header, so retries are safe: the first call answers 201, a
 * repeat 200 with the same activity, and a key reused for a different activity 422 (as the IETF
 * Idempotency-Key draft asks). Requires an access token with scope {@code activity.write}, which only a
 * partner's own back end gets (client credentials); should a token issued for a resident's sign-in
 * ever carry it, it may write only that resident's record. And only for residents who agreed, on
 * their 「データの提供」 page, that this partner keeps their activity record
 * ({@link SharingPurpose#ACTIVITY_FOR_REWARDS}); otherwise 403 with a problem that says so.
 */
@RestController
@Tag(name = "activities", description = "住民の地域活動の記録 / residents' activity")
@RequestMapping({ ActivityApi.PATH, ActivityApi.UNVERSIONED })
class ActivityApi {

	/** The partner API's path, versioned: a change that breaks partners gets a new version beside it. */
	static final String PATH = "/api/v1/activities";

	/** The first landing's path: still answered, marked deprecated, pointing to {@link #PATH}. */
	static final String UNVERSIONED = "/api/activities";

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

	static final class NoConsentForPartner extends RuntimeException {
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

	private final DataSharing sharing;

	ActivityApi(Timeline timeline, Accounts accounts, PartnerSubjects subjects, DataSharing sharing) {
		this.sharing = sharing;
		this.timeline = timeline;
		this.accounts = accounts;
		this.subjects = subjects;
	}

	@PostMapping
	@Operation(summary = "活動を記録する / record an activity",
			description = "resident はサインインでこのサービスが受け取った sub。同じ冪等キーの再送は 200 で同じ記録を返します。"
					+ " 住民が「データの提供」でこのサービスに同意していないときは 403。"
					+ " / resident is the sub this partner received at sign-in; a repeat with the same idempotency key"
					+ " answers 200 with the same activity; 403 unless the resident agreed to share their activity with"
					+ " this partner.",
			security = @SecurityRequirement(name = "smart-id", scopes = "activity.write"))
	@ApiResponse(responseCode = "201", description = "recorded")
	@ApiResponse(responseCode = "200", description = "already recorded with this key: the same activity")
	@ApiResponse(responseCode = "400", description = "invalid body or no idempotency key",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "401", description = "no or no longer valid access token", content = @Content)
	@ApiResponse(responseCode = "403", description = "no activity.write scope, another resident, or no consent",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "404", description = "unknown resident",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "422", description = "the key was used for a different activity",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
	ResponseEntity<Recorded> submit(@Valid @RequestBody Submission submission,
			@RequestHeader(name = "Idempotency-Key", required = false) @Size(max = 200) @Nullable String header,
			@Parameter(hidden = true) ApiCaller partner, @Parameter(hidden = true) HttpServletRequest request) {
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
		if (!sharing.permits(resident.id(), clientId, SharingPurpose.ACTIVITY_FOR_REWARDS)) {
			// the resident decides which partners keep their activity record, as /sharing explains
			throw new NoConsentForPartner();
		}
		var result = timeline.record(new ActivityReport(resident.id(), submission.type(), submission.occurredAt(),
				submission.place(), ActivitySource.PARTNER, "partner:" + clientId, key));
		var a = result.activity();
		if (!result.created() && !sameSubmission(a, resident.id(), submission)) {
			throw new KeyReusedForOtherActivity();
		}
		var body = new Recorded(a.id().toString(), submission.resident(), a.type(), a.occurredAt(), a.place(), key);
		var answer = result.created() ? ResponseEntity.created(URI.create(PATH + "/" + a.id()))
				: ResponseEntity.ok();
		if (request.getRequestURI().startsWith(UNVERSIONED)) {
			// RFC 9745 (Deprecation) and RFC 8288 links: partners see where to move
			answer.header("Deprecation", "true").header("Link", "<" + PATH + ">; rel=\"successor-version\"");
		}
		return answer.body(body);
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
	static ProblemType noConsentProblem() {
		return new ProblemType(NoConsentForPartner.class, HttpStatus.FORBIDDEN, "no-activity-consent");
	}

	@Bean
	static ProblemType missingKeyProblem() {
		return new ProblemType(MissingIdempotencyKey.class, HttpStatus.BAD_REQUEST, "idempotency-key-missing");
	}
}
