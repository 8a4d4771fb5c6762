package jp.tsunagu.vitals.fhir;

import java.util.Locale;

import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/** OperationOutcomes in the caller's language (Japanese unless the request asks for English). */
@Component
public class OperationOutcomes {

	private final MessageSource messages;

	OperationOutcomes(MessageSource messages) {
		this.messages = messages;
	}

	public OperationOutcome of(FhirRefused refused, Locale locale) {
		return of(refused.type(), refused.problem(), refused.expression(), refused.detail(), locale);
	}

	public OperationOutcome of(IssueType type, String problem, @Nullable String expression, @Nullable String detail,
			Locale locale) {
		var outcome = new OperationOutcome();
		var issue = outcome.addIssue().setSeverity(IssueSeverity.ERROR).setCode(type);
		var words = messages.getMessage("vitals.fhir." + problem, null,
				messages.getMessage("problem." + problem + ".detail", null, problem, locale), locale);
		issue.setDiagnostics(detail == null ? words : words + " (" + detail + ")");
		issue.getDetails().addCoding().setSystem("https://tsunagu.jp/fhir/CodeSystem/problem").setCode(problem);
		if (expression != null) {
			issue.addExpression(expression);
		}
		return outcome;
	}
}
