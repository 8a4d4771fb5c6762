package jp.tsunagu.foodloss;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;

import jp.tsunagu.platform.ProblemType;

/** The food-loss module's rows of the problem table: the same status on a screen and in an API. */
@Configuration(proxyBeanMethods = false)
class FoodLossProblems {

	@Bean
	static ProblemType foodOfferNotFoundProblem() {
		return new ProblemType(FoodOfferNotFound.class, HttpStatus.NOT_FOUND, "food-offer-not-found");
	}

	@Bean
	static ProblemType foodReservationNotFoundProblem() {
		return new ProblemType(FoodReservationNotFound.class, HttpStatus.NOT_FOUND, "food-reservation-not-found");
	}

	@Bean
	static ProblemType foodSoldOutProblem() {
		return new ProblemType(FoodSoldOut.class, HttpStatus.CONFLICT, "food-sold-out");
	}

	@Bean
	static ProblemType foodLimitReachedProblem() {
		return new ProblemType(FoodLimitReached.class, HttpStatus.CONFLICT, "food-limit-reached");
	}

	@Bean
	static ProblemType foodPickupOverProblem() {
		return new ProblemType(FoodPickupOver.class, HttpStatus.CONFLICT, "food-pickup-over");
	}

	@Bean
	static ProblemType foodReservationNotActiveProblem() {
		return new ProblemType(FoodReservationNotActive.class, HttpStatus.CONFLICT, "food-reservation-not-active");
	}

	@Bean
	static ProblemType foodOfferRefusedProblem() {
		return new ProblemType(FoodOfferRefused.class, HttpStatus.BAD_REQUEST, "food-offer-refused");
	}

	@Bean
	static ProblemType foodPhotoRefusedProblem() {
		return new ProblemType(FoodPhotoRefused.class, HttpStatus.BAD_REQUEST, "food-photo-refused");
	}

	@Bean
	static ProblemType foodQuantityRefusedProblem() {
		return new ProblemType(FoodQuantityRefused.class, HttpStatus.BAD_REQUEST, "food-quantity-refused");
	}

	@Bean
	static ProblemType foodForResidentsOnlyProblem() {
		return new ProblemType(FoodForResidentsOnly.class, HttpStatus.FORBIDDEN, "food-for-residents-only");
	}
}
