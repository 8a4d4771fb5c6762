/** The food-loss tables: offers, their photos and reservations. */
@NullMarked
package jp.tsunagu.foodloss.internal;

import org.jspecify.annotations.NullMarked;
