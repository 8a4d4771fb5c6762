package jp.tsunagu.hub.api;

import static jp.tsunagu.hub.jsonld.Jsons.JSON;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import jp.tsunagu.hub.HubRefused;
import jp.tsunagu.hub.HubRefused.Type;
import jp.tsunagu.hub.jsonld.LinkedDataRefused;
import jp.tsunagu.platform.DatabaseUnavailable;
import jp.tsunagu.platform.EdgeDialect;

/**
 * The hub's refusals as NGSI-LD ProblemDetails ({@code type}, {@code title}, {@code detail};
 * {@code application/json}), the standard's error types with their statuses: from the API, and from
 * before it (no token, a missing scope, the database away) through {@link EdgeDialect}.
 */
@RestControllerAdvice(assignableTypes = { EntitiesApi.class, BatchApi.class, SubscriptionsApi.class, TemporalApi.class, TemporalQueryApi.class, DiscoveryApi.class, RegistrationsApi.class, ContextsApi.class, HubFallback.class })
@Order(Ordered.HIGHEST_PRECEDENCE)
class HubProblems implements EdgeDialect {

	static final String PREFIX = "/ngsi-ld/";

	@Override
	public boolean speaks(HttpServletRequest request) {
		return request.getRequestURI().startsWith(PREFIX);
	}

	@Override
	public void answer(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String slug,
			Locale locale) throws IOException {
		var type = switch (status) {
			case NOT_FOUND -> Type.RESOURCE_NOT_FOUND;
			case SERVICE_UNAVAILABLE -> Type.INTERNAL_ERROR;
			default -> status.is5xxServerError() ? Type.INTERNAL_ERROR : Type.BAD_REQUEST_DATA;
		};
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		var uri = status == HttpStatus.UNAUTHORIZED || status == HttpStatus.FORBIDDEN
				? "urn:tsunagu:problem:" + slug : type.uri();
		response.getOutputStream().write(body(uri, slug, null));
	}

	@ExceptionHandler(HubRefused.class)
	ResponseEntity<byte[]> refused(HubRefused refused) {
		return problem(refused.status(), refused.type(), refused.detail());
	}

	@ExceptionHandler(LinkedDataRefused.class)
	ResponseEntity<byte[]> linkedData(LinkedDataRefused refused) {
		return refused.contextUnavailable()
				? problem(Type.LD_CONTEXT_NOT_AVAILABLE.status(), Type.LD_CONTEXT_NOT_AVAILABLE, refused.getMessage())
				: problem(HttpStatus.BAD_REQUEST, Type.BAD_REQUEST_DATA, refused.getMessage());
	}

	@ExceptionHandler(EntitiesApi.NotAcceptable.class)
	ResponseEntity<byte[]> notAcceptable() {
		return problem(HttpStatus.NOT_ACCEPTABLE, Type.INVALID_REQUEST,
				"the answer is application/json or application/ld+json");
	}

	@ExceptionHandler(EntitiesApi.UnsupportedMediaType.class)
	ResponseEntity<byte[]> unsupported() {
		return problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, Type.INVALID_REQUEST,
				"the body is application/json or application/ld+json");
	}

	/**
	 * Anything else: the database away, or a lock lost to another request, is 503; Spring MVC's own
	 * refusals keep their status; the rest is logged.
	 */
	@ExceptionHandler(Exception.class)
	ResponseEntity<byte[]> other(Exception ex) throws Exception {
		if (ex instanceof org.springframework.security.access.AccessDeniedException
				|| ex instanceof org.springframework.security.core.AuthenticationException) {
			throw ex;
		}
		if (DatabaseUnavailable.causedIt(ex)) {
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
				.header("Retry-After", "30")
				.contentType(MediaType.APPLICATION_JSON)
				.body(body(Type.INTERNAL_ERROR.uri(), Type.INTERNAL_ERROR.title(), "the database is not reachable now"));
		}
		if (ex instanceof org.springframework.dao.PessimisticLockingFailureException) {
			// a deadlock's victim or a lock not had in time: nothing was written, and trying again will do
			org.slf4j.LoggerFactory.getLogger(HubProblems.class).warn("NGSI-LD request lost a lock: {}", ex.getMessage());
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
				.header("Retry-After", "1")
				.contentType(MediaType.APPLICATION_JSON)
				.body(body(Type.INTERNAL_ERROR.uri(), Type.INTERNAL_ERROR.title(),
						"the request met another at the same rows and was undone; try it again"));
		}
		if (ex instanceof org.springframework.web.ErrorResponse response) {
			var status = HttpStatus.valueOf(response.getStatusCode().value());
			var type = status == HttpStatus.METHOD_NOT_ALLOWED || status == HttpStatus.NOT_FOUND
					? Type.RESOURCE_NOT_FOUND : Type.BAD_REQUEST_DATA;
			return problem(status, status == HttpStatus.METHOD_NOT_ALLOWED ? Type.OPERATION_NOT_SUPPORTED : type,
					status.getReasonPhrase());
		}
		org.slf4j.LoggerFactory.getLogger(HubProblems.class).error("NGSI-LD request failed", ex);
		return problem(HttpStatus.INTERNAL_SERVER_ERROR, Type.INTERNAL_ERROR, "the request failed");
	}

	static ResponseEntity<byte[]> problem(HttpStatus status, Type type, @Nullable String detail) {
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
			.body(body(type.uri(), type.title(), detail));
	}

	private static byte[] body(String type, String title, @Nullable String detail) {
		var problem = JSON.createObjectBuilder().add("type", type).add("title", title);
		if (detail != null) {
			problem.add("detail", detail);
		}
		return problem.build().toString().getBytes(StandardCharsets.UTF_8);
	}
}
