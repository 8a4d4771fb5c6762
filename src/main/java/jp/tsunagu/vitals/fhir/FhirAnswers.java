package jp.tsunagu.vitals.fhir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import jp.tsunagu.platform.ApiLocale;
import jp.tsunagu.platform.DatabaseUnavailable;
import jp.tsunagu.platform.EdgeDialect;

/**
 * Refusals on {@code /fhir} as OperationOutcomes: those of the FHIR API itself, and those written
 * before it is reached (no token, a NUL character, a body too large, the database away).
 */
@Component
@RestControllerAdvice(assignableTypes = FhirApi.class)
// before the platform's problem-detail advice for every @RestController
@Order(Ordered.HIGHEST_PRECEDENCE)
class FhirAnswers implements EdgeDialect {

	private final Fhir fhir;

	private final OperationOutcomes outcomes;

	FhirAnswers(Fhir fhir, OperationOutcomes outcomes) {
		this.fhir = fhir;
		this.outcomes = outcomes;
	}

	@Override
	public boolean speaks(HttpServletRequest request) {
		var path = request.getRequestURI();
		return path.equals("/fhir") || path.startsWith("/fhir/");
	}

	@Override
	public void answer(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String slug,
			Locale locale) throws IOException {
		var outcome = outcomes.of(type(status), slug, null, null, locale);
		response.setContentType(FhirApi.FHIR_JSON.toString());
		response.getOutputStream().write(fhir.writer().encodeResourceToString(outcome).getBytes(StandardCharsets.UTF_8));
	}

	@ExceptionHandler(FhirRefused.class)
	ResponseEntity<byte[]> refused(FhirRefused refused, HttpServletRequest request) {
		return body(refused.status(), outcomes.of(refused, ApiLocale.of(request)));
	}

	/** Anything else: the database away is 503, Spring MVC's own refusals keep their status, the rest is logged. */
	@ExceptionHandler(Exception.class)
	ResponseEntity<byte[]> other(Exception ex, HttpServletRequest request) throws Exception {
		if (ex instanceof org.springframework.security.access.AccessDeniedException
				|| ex instanceof org.springframework.security.core.AuthenticationException) {
			throw ex; // Spring Security answers these, through EdgeAnswers and so this dialect
		}
		var locale = ApiLocale.of(request);
		if (DatabaseUnavailable.causedIt(ex)) {
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
				.header("Retry-After", "30")
				.contentType(FhirApi.FHIR_JSON)
				.body(bytes(outcomes.of(IssueType.TRANSIENT, "database-unavailable", null, null, locale)));
		}
		if (ex instanceof org.springframework.web.ErrorResponse response) {
			var status = HttpStatus.valueOf(response.getStatusCode().value());
			return body(status, outcomes.of(type(status), "request-refused", null, null, locale));
		}
		org.slf4j.LoggerFactory.getLogger(FhirAnswers.class).error("FHIR request failed", ex);
		return body(HttpStatus.INTERNAL_SERVER_ERROR, outcomes.of(IssueType.EXCEPTION, "failed", null, null, locale));
	}

	/** A concurrent post of the same reading won (H2), or still deadlocked after the retries: busy, not broken. */
	@ExceptionHandler({ jp.tsunagu.vitals.MeasurementsRaced.class,
			org.springframework.dao.PessimisticLockingFailureException.class })
	ResponseEntity<byte[]> raced(HttpServletRequest request) {
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header("Retry-After", "1")
			.contentType(FhirApi.FHIR_JSON)
			.body(bytes(outcomes.of(IssueType.TRANSIENT, "raced", null, null, ApiLocale.of(request))));
	}

	@ExceptionHandler(org.springframework.web.HttpRequestMethodNotSupportedException.class)
	ResponseEntity<byte[]> method(HttpServletRequest request) {
		return body(HttpStatus.METHOD_NOT_ALLOWED,
				outcomes.of(IssueType.NOTSUPPORTED, "method-not-supported", null, null, ApiLocale.of(request)));
	}

	@ExceptionHandler(org.springframework.web.bind.MissingServletRequestParameterException.class)
	ResponseEntity<byte[]> missing(HttpServletRequest request) {
		return body(HttpStatus.BAD_REQUEST, outcomes.of(IssueType.REQUIRED, "malformed", null, null, ApiLocale.of(request)));
	}

	private ResponseEntity<byte[]> body(HttpStatus status, org.hl7.fhir.r4.model.OperationOutcome outcome) {
		return ResponseEntity.status(status).contentType(FhirApi.FHIR_JSON).body(bytes(outcome));
	}

	private byte[] bytes(org.hl7.fhir.r4.model.OperationOutcome outcome) {
		return fhir.writer().encodeResourceToString(outcome).getBytes(StandardCharsets.UTF_8);
	}

	static IssueType type(HttpStatus status) {
		return switch (status) {
			case UNAUTHORIZED -> IssueType.LOGIN;
			case FORBIDDEN -> IssueType.FORBIDDEN;
			case NOT_FOUND -> IssueType.NOTFOUND;
			case CONTENT_TOO_LARGE -> IssueType.TOOCOSTLY;
			case SERVICE_UNAVAILABLE -> IssueType.TRANSIENT;
			case TOO_MANY_REQUESTS -> IssueType.THROTTLED;
			default -> status.is5xxServerError() ? IssueType.EXCEPTION : IssueType.INVALID;
		};
	}
}
