package jp.tsunagu.vitals;

/** Where a reading sits against its thresholds, in the words the resident reads. */
public enum Band {
	/** 「いつもどおり」 */
	USUAL,
	/** 「少し高めです。気になるときは事務局にご相談ください」 */
	HIGH,
	/** 「少し低めです。気になるときは事務局にご相談ください」 */
	LOW,
	/** No thresholds for this kind (weight, body fat, steps): just 「記録しました」. */
	NONE
}
