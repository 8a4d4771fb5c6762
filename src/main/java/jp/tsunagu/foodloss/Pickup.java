package jp.tsunagu.foodloss;

/** A shop's mark of a pickup: {@code now} is false when it had been marked already (by another till). */
public record Pickup(Reservation reservation, boolean now) {
}
