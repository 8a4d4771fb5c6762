/**
 * Activity: one timeline of what each resident did — check-ins at the community exchange area,
 * events attended, consultations, farm work, videos, vitals, tablet logins, coupons used. Other
 * modules report activity with application events, partners through the API; an idempotency key
 * per submitter makes a repeated submission count once. Residents see it as "my community record".
 */
@NullMarked
package jp.tsunagu.activity;

import org.jspecify.annotations.NullMarked;
