/** The coupons screens: the resident's, the help desk's (printing, the city's campaigns) and the shop's till. */
@NullMarked
package jp.tsunagu.coupons.web;

import org.jspecify.annotations.NullMarked;
