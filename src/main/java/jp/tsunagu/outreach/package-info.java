/**
 * Outreach: information offered "according to activity data", as the seed asks. Staff write a
 * notice for everyone or for a segment (area, age band, no outing for N days); each resident's home
 * shows the notices meant for them, targeted ones first.
 */
@NullMarked
package jp.tsunagu.outreach;

import org.jspecify.annotations.NullMarked;
