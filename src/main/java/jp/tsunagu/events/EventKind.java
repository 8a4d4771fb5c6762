package jp.tsunagu.events;

/** What sort of gathering it is. */
public enum EventKind {
	LOCAL, HEALTH, FARM, SEMINAR
}
