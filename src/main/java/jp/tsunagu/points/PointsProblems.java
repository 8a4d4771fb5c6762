package jp.tsunagu.points;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;

import jp.tsunagu.platform.ProblemType;

/** The points module's rows of the platform's problem table. */
@Configuration(proxyBeanMethods = false)
class PointsProblems {

	@Bean
	static ProblemType notEnoughPointsProblem() {
		return new ProblemType(NotEnoughPoints.class, HttpStatus.CONFLICT, "not-enough-points");
	}

	@Bean
	static ProblemType pointsAmountRefusedProblem() {
		return new ProblemType(PointsAmountRefused.class, HttpStatus.BAD_REQUEST, "points-amount-refused");
	}

	@Bean
	static ProblemType ruleRefusedProblem() {
		return new ProblemType(RuleRefused.class, HttpStatus.BAD_REQUEST, "points-rule-refused");
	}

	@Bean
	static ProblemType budgetExhaustedProblem() {
		return new ProblemType(BudgetExhausted.class, HttpStatus.CONFLICT, "budget-exhausted");
	}
}
