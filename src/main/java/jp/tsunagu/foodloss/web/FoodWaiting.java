package jp.tsunagu.foodloss.web;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

import jp.tsunagu.foodloss.FoodLoss;
import jp.tsunagu.foodloss.ReservationStatus;
import jp.tsunagu.identity.AccountId;
import jp.tsunagu.platform.TimeWording;
import jp.tsunagu.platform.Waiting;

/** A reserved pickup shows on the resident's home until it is picked up, cancelled or over. */
@Component
class FoodWaiting implements Waiting.Source {

	private final FoodLoss food;

	private final MessageSource messages;

	private final TimeWording when;

	private final Clock clock;

	FoodWaiting(FoodLoss food, MessageSource messages, TimeWording when, Clock clock) {
		this.food = food;
		this.messages = messages;
		this.when = when;
		this.clock = clock;
	}

	@Override
	public List<Waiting> of(UUID resident) {
		var locale = LocaleContextHolder.getLocale();
		var now = clock.instant();
		return food.reservationsOf(new AccountId(resident))
			.stream()
			.filter(r -> r.reservation().status() == ReservationStatus.RESERVED && r.offer().pickupUntil().isAfter(now))
			.map(r -> new Waiting(
					messages.getMessage("food.waiting", new Object[] { r.offer().itemName(), r.shop().name(),
							when.span(r.offer().pickupFrom(), r.offer().pickupUntil()) }, locale),
					messages.getMessage("food.waiting.open", null, locale), "/food/reservations/" + r.reservation().id()))
			.toList();
	}
}
