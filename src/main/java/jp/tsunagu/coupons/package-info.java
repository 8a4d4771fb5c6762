/**
 * Coupons and tickets: campaigns from a shop or the city (free for residents of an area, or bought
 * with points; a validity period, a stock, a limit per person), the coupons residents hold, shown as
 * a signed QR code and a short code, printed at the help desk, and used once at a shop's till; the
 * shops' monthly settlement. A use is announced as {@link jp.tsunagu.coupons.CouponRedeemed} and put
 * on the resident's timeline as an outing.
 */
@NullMarked
package jp.tsunagu.coupons;

import org.jspecify.annotations.NullMarked;
