package jp.tsunagu.activity;

/** Who reported an activity: help-desk staff, a device, a partner service, the resident, or Tsunagu itself. */
public enum ActivitySource {
	STAFF, DEVICE, PARTNER, SELF, SYSTEM
}
