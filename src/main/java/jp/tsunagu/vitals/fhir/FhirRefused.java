package jp.tsunagu.vitals.fhir;

import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/**
 * A FHIR request refused: answered as an OperationOutcome with this status, issue type, the words
 * of {@code vitals.fhir.<problem>} and the FHIRPath of the element at fault.
 */
public class FhirRefused extends RuntimeException {

	private final HttpStatus status;

	private final IssueType type;

	private final String problem;

	private final @Nullable String expression;

	private final @Nullable String detail;

	public FhirRefused(HttpStatus status, IssueType type, String problem, @Nullable String expression) {
		this(status, type, problem, expression, null);
	}

	public FhirRefused(HttpStatus status, IssueType type, String problem, @Nullable String expression,
			@Nullable String detail) {
		super(problem + (expression == null ? "" : " at " + expression) + (detail == null ? "" : ": " + detail));
		this.status = status;
		this.type = type;
		this.problem = problem;
		this.expression = expression;
		this.detail = detail;
	}

	public HttpStatus status() {
		return status;
	}

	public IssueType type() {
		return type;
	}

	public String problem() {
		return problem;
	}

	public @Nullable String expression() {
		return expression;
	}

	/** What the parser or validator said, passed on as it is (English). */
	public @Nullable String detail() {
		return detail;
	}

	/** The same refusal for the entry of a Bundle it came in. */
	public FhirRefused inEntry(int entry) {
		var prefix = "Bundle.entry[" + entry + "].resource";
		var path = expression == null ? prefix
				: expression.startsWith("Observation") ? prefix + expression.substring("Observation".length())
						: prefix + "." + expression;
		return new FhirRefused(status, type, problem, path, detail);
	}
}
