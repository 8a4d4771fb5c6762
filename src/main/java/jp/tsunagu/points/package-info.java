/**
 * Points: activity points that give a resident a reason to go out (the seed's "points to encourage
 * activity"). A double-entry ledger: every award, spend, expiry and correction is an immutable
 * journal entry moving points between accounts (a program's budget, a resident, a shop's
 * settlement, expiry); balances are the sum of their entries, cached in the same transaction.
 * Awards follow the activity timeline ({@code activity.ActivityRecorded}), once per activity.
 * Awards are made in the activity's own transaction; spending (coupons), corrections and expiry are entries too.
 */
@NullMarked
package jp.tsunagu.points;

import org.jspecify.annotations.NullMarked;
