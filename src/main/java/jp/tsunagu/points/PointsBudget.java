package jp.tsunagu.points;

/** A programme's budget: what the city put in, what was paid out (net of take-backs), what is left. */
public record PointsBudget(String account, long funded, long paidOut, long left) {
}
