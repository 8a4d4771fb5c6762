package jp.tsunagu.coupons;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import jp.tsunagu.residents.Area;

/** A campaign as the shop or the desk filled it in, checked by {@link Coupons#create}. */
public record CampaignDraft(CampaignKind kind, String title, String worth, @Nullable Area area, int pricePoints,
		int settlementYen, Instant validFrom, Instant validUntil, int stock, int perPerson) {
}
