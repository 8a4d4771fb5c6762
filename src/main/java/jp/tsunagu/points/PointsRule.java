package jp.tsunagu.points;

/** What one kind of activity earns, and the most a resident earns for it in a day and in a month. */
public record PointsRule(String activityType, int points, int dailyCap, int monthlyCap) {
}
