package jp.tsunagu.shops;

import java.util.UUID;

import jp.tsunagu.residents.Area;

/** A shop that takes part: where it is and when it is open, in the words it gives residents. */
public record Shop(UUID id, String name, Area area, String address, String openingHours) {
}
