package jp.tsunagu.activity;

/** The result of an intake: the activity, and whether this call recorded it or it was already there. */
public record RecordedActivity(Activity activity, boolean created) {
}
