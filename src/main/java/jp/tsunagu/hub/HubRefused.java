package jp.tsunagu.hub;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/**
 * A request the hub refuses, with the NGSI-LD problem type that names why (ETSI GS CIM 009,
 * clause 5.5.2) and the HTTP status the standard gives it; answered as ProblemDetails.
 */
public final class HubRefused extends RuntimeException {

	/** The standard's error types. */
	public enum Type {

		INVALID_REQUEST("InvalidRequest", HttpStatus.BAD_REQUEST),
		BAD_REQUEST_DATA("BadRequestData", HttpStatus.BAD_REQUEST),
		ALREADY_EXISTS("AlreadyExists", HttpStatus.CONFLICT),
		OPERATION_NOT_SUPPORTED("OperationNotSupported", HttpStatus.UNPROCESSABLE_CONTENT),
		RESOURCE_NOT_FOUND("ResourceNotFound", HttpStatus.NOT_FOUND),
		NONEXISTENT_TENANT("NonexistentTenant", HttpStatus.NOT_FOUND),
		INTERNAL_ERROR("InternalError", HttpStatus.INTERNAL_SERVER_ERROR),
		TOO_COMPLEX_QUERY("TooComplexQuery", HttpStatus.FORBIDDEN),
		TOO_MANY_RESULTS("TooManyResults", HttpStatus.FORBIDDEN),
		LD_CONTEXT_NOT_AVAILABLE("LdContextNotAvailable", HttpStatus.GATEWAY_TIMEOUT);

		private final String name;

		private final HttpStatus status;

		Type(String name, HttpStatus status) {
			this.name = name;
			this.status = status;
		}

		public String uri() {
			return NgsiLd.ERRORS + name;
		}

		public String title() {
			return name;
		}

		public HttpStatus status() {
			return status;
		}
	}

	private final Type type;

	private final HttpStatus status;

	public HubRefused(Type type, String detail) {
		this(type, type.status(), detail);
	}

	public HubRefused(Type type, HttpStatus status, String detail) {
		super(detail, null, false, false);
		this.type = type;
		this.status = status;
	}

	public Type type() {
		return type;
	}

	public HttpStatus status() {
		return status;
	}

	public @Nullable String detail() {
		return getMessage();
	}
}
