package jp.tsunagu.coupons.web;

import java.time.Clock;
import java.time.YearMonth;
import java.util.Locale;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import jp.tsunagu.coupons.CouponAlreadyUsed;
import jp.tsunagu.coupons.CouponCodeForged;
import jp.tsunagu.coupons.CouponCodeMalformed;
import jp.tsunagu.coupons.CouponNotForThisShop;
import jp.tsunagu.coupons.CouponNotFound;
import jp.tsunagu.coupons.CouponNotValid;
import jp.tsunagu.platform.TimeWording;
import jp.tsunagu.platform.Tokyo;

/**
 * Why a till cannot use a coupon, in the words the shop reads at the till: 「このクーポンは12月3日(木)
 * 午後2時5分に もみじ台商店 で使用済みです」. Anything that is not a coupon's refusal goes on to the edge.
 */
@Component
class RedemptionWords {

	private final MessageSource messages;

	private final TimeWording when;

	private final Clock clock;

	RedemptionWords(MessageSource messages, TimeWording when, Clock clock) {
		this.messages = messages;
		this.when = when;
		this.clock = clock;
	}

	record Refusal(HttpStatus status, String text) {
	}

	Refusal refusal(RuntimeException refused) {
		return switch (refused) {
			case CouponAlreadyUsed used -> new Refusal(HttpStatus.CONFLICT,
					text("coupons.redeem.used", when.dateTime(used.usedAt()), used.shopName()));
			case CouponNotValid period -> period.validFrom().isAfter(clock.instant())
					? new Refusal(HttpStatus.CONFLICT, text("coupons.redeem.not-yet", when.date(period.validFrom())))
					: new Refusal(HttpStatus.CONFLICT,
							text("coupons.redeem.expired", when.date(Tokyo.day(period.validUntil().minusSeconds(1)))));
			case CouponNotForThisShop other -> new Refusal(HttpStatus.CONFLICT, text("coupons.redeem.other-shop"));
			case CouponCodeForged forged -> new Refusal(HttpStatus.BAD_REQUEST, text("coupons.redeem.forged"));
			case CouponCodeMalformed malformed -> new Refusal(HttpStatus.BAD_REQUEST, text("coupons.redeem.malformed"));
			case CouponNotFound unknown -> new Refusal(HttpStatus.NOT_FOUND, text("coupons.redeem.not-found"));
			default -> throw refused;
		};
	}

	/** 「2026年12月」. */
	String month(YearMonth month, Locale locale) {
		return messages.getMessage("coupons.month", new Object[] { String.valueOf(month.getYear()), month.getMonthValue() },
				locale);
	}

	private String text(String key, Object... args) {
		return messages.getMessage(key, args, LocaleContextHolder.getLocale());
	}
}
