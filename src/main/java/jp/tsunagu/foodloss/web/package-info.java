/** Food-loss pages: residents browse, reserve and cancel; shops post items and mark pickups. */
@NullMarked
package jp.tsunagu.foodloss.web;

import org.jspecify.annotations.NullMarked;
