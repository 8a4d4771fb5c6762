package jp.tsunagu.identity.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;

import jp.tsunagu.identity.CredentialRejected;
import jp.tsunagu.identity.LoginNameTaken;
import jp.tsunagu.identity.PartnerClientNotFound;
import jp.tsunagu.platform.ProblemType;

/** The identity module's rows of the platform's problem table. */
@Configuration(proxyBeanMethods = false)
class IdentityProblems {

	@Bean
	static ProblemType accountNotFoundProblem() {
		return new ProblemType(AdminAccountsController.AccountNotFound.class, HttpStatus.NOT_FOUND, "account-not-found");
	}

	@Bean
	static ProblemType partnerClientNotFoundProblem() {
		return new ProblemType(PartnerClientNotFound.class, HttpStatus.NOT_FOUND, "partner-not-found");
	}

	@Bean
	static ProblemType credentialRejectedProblem() {
		return new ProblemType(CredentialRejected.class, HttpStatus.BAD_REQUEST, "credential-rejected");
	}

	@Bean
	static ProblemType loginNameTakenProblem() {
		return new ProblemType(LoginNameTaken.class, HttpStatus.CONFLICT, "login-name-taken");
	}
}
