package jp.tsunagu.coupons.web;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

import jp.tsunagu.coupons.Coupons;
import jp.tsunagu.identity.AccountId;
import jp.tsunagu.platform.TimeWording;
import jp.tsunagu.platform.Waiting;

/** An unused coupon whose last day is within a week shows on the resident's home until it is used. */
@Component
class CouponWaiting implements Waiting.Source {

	static final Duration SOON = Duration.ofDays(7);

	private final Coupons coupons;

	private final MessageSource messages;

	private final TimeWording when;

	CouponWaiting(Coupons coupons, MessageSource messages, TimeWording when) {
		this.coupons = coupons;
		this.messages = messages;
		this.when = when;
	}

	@Override
	public List<Waiting> of(UUID resident) {
		var locale = LocaleContextHolder.getLocale();
		return coupons.endingSoon(new AccountId(resident), SOON).stream()
			.map(v -> new Waiting(
					messages.getMessage("home.coupon-ending",
							new Object[] { v.campaign().title(), when.date(v.campaign().lastDay()) }, locale),
					messages.getMessage("home.coupon-ending.show", null, locale), "/coupons/" + v.coupon().id()))
			.toList();
	}
}
