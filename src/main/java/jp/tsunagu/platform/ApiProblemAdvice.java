package jp.tsunagu.platform;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;

/**
 * The one edge of every JSON API (each {@code @RestController}, today the partner APIs under
 * {@code /api/**}): whatever a controller throws becomes an RFC 9457 problem detail from
 * {@link ProblemTypes}, with a Japanese or English title as {@code Accept-Language} asks. Facts map
 * through the table; what Spring MVC refuses keeps its status; a database that is away is 503;
 * anything else is a 500 problem without a stack trace, and a bug to fix.
 */
@RestControllerAdvice(annotations = RestController.class)
// an API of a standard with its own error format (FHIR's OperationOutcome) comes before this one
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class ApiProblemAdvice {

	private static final Logger log = LoggerFactory.getLogger(ApiProblemAdvice.class);

	private final ProblemTypes types;

	ApiProblemAdvice(ProblemTypes types) {
		this.types = types;
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> problem(Exception ex, HttpServletRequest request) throws Exception {
		if (ex instanceof AccessDeniedException || ex instanceof AuthenticationException) {
			throw ex; // Spring Security answers these (401 with WWW-Authenticate, 403)
		}
		var locale = ApiLocale.of(request);
		var problem = types.find(ex).map(row -> types.problem(row, locale))
			.or(() -> factBehind(ex).map(row -> types.problem(row, locale)))
			.orElseGet(() -> byStatus(ex, locale));
		if (ex instanceof MethodArgumentNotValidException invalid) {
			problem.setProperty("errors", invalid.getBindingResult().getFieldErrors().stream()
				.map(e -> Map.of("field", e.getField(), "message", String.valueOf(e.getDefaultMessage())))
				.toList());
		}
		else if (ex instanceof HandlerMethodValidationException invalid) {
			// a body validated with the other arguments names its own fields, as MethodArgumentNotValidException does
			problem.setProperty("errors", invalid.getParameterValidationResults().stream()
				.flatMap(r -> r instanceof org.springframework.validation.method.ParameterErrors body
						? body.getFieldErrors().stream()
							.map(e -> Map.of("field", e.getField(), "message", String.valueOf(e.getDefaultMessage())))
						: r.getResolvableErrors().stream().map(e -> Map.of("field", parameterName(r),
								"message", String.valueOf(e.getDefaultMessage()))))
				.toList());
		}
		problem.setInstance(java.net.URI.create(request.getRequestURI()));
		var headers = new org.springframework.http.HttpHeaders();
		if (ex instanceof ErrorResponse response) {
			headers.addAll(response.getHeaders());
		}
		return ResponseEntity.status(problem.getStatus()).headers(headers)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	/** A fact wrapped by what reported it (a NUL refused inside Jackson arrives as an unreadable body). */
	private java.util.Optional<ProblemType> factBehind(Exception ex) {
		for (Throwable t = ex.getCause(); t != null; t = t.getCause()) {
			var row = types.find(t);
			if (row.isPresent()) {
				return row;
			}
		}
		return java.util.Optional.empty();
	}

	/** A JSON object naming a field twice (Jackson's strict duplicate detection), said as such. */
	static final ProblemType DUPLICATE_FIELD = new ProblemType(HttpMessageNotReadableException.class,
			HttpStatus.BAD_REQUEST, "duplicate-field");

	private static final java.util.regex.Pattern DUPLICATE = java.util.regex.Pattern
		.compile("Duplicate (?:Object property|field) \"([^\"]{1,100})\"");

	private ProblemDetail byStatus(Exception ex, java.util.Locale locale) {
		if (ex instanceof HttpMessageNotReadableException) {
			for (Throwable t = ex.getCause(); t != null; t = t.getCause()) {
				var duplicate = t.getMessage() == null ? null : DUPLICATE.matcher(t.getMessage());
				if (t instanceof tools.jackson.core.JacksonException && duplicate != null && duplicate.find()) {
					var problem = types.problem(DUPLICATE_FIELD, locale);
					problem.setProperty("field", duplicate.group(1));
					return problem;
				}
			}
			return types.problem(HttpStatus.BAD_REQUEST, locale);
		}
		if (ex instanceof ErrorResponse response) {
			var status = HttpStatus.resolve(response.getStatusCode().value());
			return types.problem(status != null ? status : HttpStatus.BAD_REQUEST, locale);
		}
		if (DatabaseUnavailable.causedIt(ex)) {
			log.warn("Database unavailable: {}", ex.toString());
			return types.problem(HttpStatus.SERVICE_UNAVAILABLE, locale);
		}
		log.error("Unexpected failure in a JSON API", ex);
		return types.problem(HttpStatus.INTERNAL_SERVER_ERROR, locale);
	}

	private static String parameterName(org.springframework.validation.method.ParameterValidationResult result) {
		var header = result.getMethodParameter().getParameterAnnotation(
				org.springframework.web.bind.annotation.RequestHeader.class);
		if (header != null && !header.name().isEmpty()) {
			return header.name();
		}
		return String.valueOf(result.getMethodParameter().getParameterName());
	}

}
