/**
 * Shops: the registry of the shops that take part (name, area, address, opening hours) and the
 * SHOP accounts that work at each till. Coupons and food loss build on it.
 */
@NullMarked
package jp.tsunagu.shops;

import org.jspecify.annotations.NullMarked;
