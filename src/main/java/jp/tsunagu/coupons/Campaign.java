package jp.tsunagu.coupons;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import jp.tsunagu.residents.Area;

/**
 * What residents can get: a coupon or a ticket, from one shop ({@code shop}) or the city (null,
 * used at any shop), for the residents of one area or everyone, free or for {@code pricePoints}.
 */
public record Campaign(UUID id, CampaignKind kind, String title, String worth, @Nullable UUID shop,
		@Nullable Area area, int pricePoints, int settlementYen, Instant validFrom, Instant validUntil, int stock,
		int issued, int perPerson) {

	public int left() {
		return stock - issued;
	}

	public boolean validAt(Instant at) {
		return !at.isBefore(validFrom) && at.isBefore(validUntil);
	}

	/** The last day it may be used, in Japan: the day before {@code validUntil}'s midnight. */
	public java.time.LocalDate lastDay() {
		return jp.tsunagu.platform.Tokyo.day(validUntil.minusSeconds(1));
	}

	public boolean free() {
		return pricePoints == 0;
	}
}
