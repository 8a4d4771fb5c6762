package jp.tsunagu.coupons;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;

import jp.tsunagu.platform.ProblemType;

/** The coupons module's rows of the platform's problem table. */
@Configuration(proxyBeanMethods = false)
class CouponsProblems {

	@Bean
	static ProblemType couponNotFoundProblem() {
		return new ProblemType(CouponNotFound.class, HttpStatus.NOT_FOUND, "coupon-not-found");
	}

	@Bean
	static ProblemType campaignNotFoundProblem() {
		return new ProblemType(CampaignNotFound.class, HttpStatus.NOT_FOUND, "campaign-not-found");
	}

	@Bean
	static ProblemType couponCodeMalformedProblem() {
		return new ProblemType(CouponCodeMalformed.class, HttpStatus.BAD_REQUEST, "coupon-code-malformed");
	}

	@Bean
	static ProblemType couponCodeForgedProblem() {
		return new ProblemType(CouponCodeForged.class, HttpStatus.BAD_REQUEST, "coupon-code-forged");
	}

	@Bean
	static ProblemType couponAlreadyUsedProblem() {
		return new ProblemType(CouponAlreadyUsed.class, HttpStatus.CONFLICT, "coupon-already-used");
	}

	@Bean
	static ProblemType couponNotValidProblem() {
		return new ProblemType(CouponNotValid.class, HttpStatus.CONFLICT, "coupon-not-valid");
	}

	@Bean
	static ProblemType couponNotForThisShopProblem() {
		return new ProblemType(CouponNotForThisShop.class, HttpStatus.CONFLICT, "coupon-not-for-this-shop");
	}

	@Bean
	static ProblemType campaignSoldOutProblem() {
		return new ProblemType(CampaignSoldOut.class, HttpStatus.CONFLICT, "campaign-sold-out");
	}

	@Bean
	static ProblemType couponLimitReachedProblem() {
		return new ProblemType(CouponLimitReached.class, HttpStatus.CONFLICT, "coupon-limit-reached");
	}

	@Bean
	static ProblemType campaignNotOfferedProblem() {
		return new ProblemType(CampaignNotOffered.class, HttpStatus.FORBIDDEN, "campaign-not-offered");
	}

	@Bean
	static ProblemType campaignRefusedProblem() {
		return new ProblemType(CampaignRefused.class, HttpStatus.BAD_REQUEST, "campaign-refused");
	}

	@Bean
	static ProblemType notAShopAccountProblem() {
		return new ProblemType(NotAShopAccount.class, HttpStatus.FORBIDDEN, "not-a-shop-account");
	}
}
