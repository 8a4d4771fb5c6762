/**
 * Food loss (フードロス): a shop posts what it has left over today (an offer: what, how many, price or
 * free, when to pick it up); residents reserve some on the tablet, nearest shops first; the shop marks
 * the pickup, which is an outing on the resident's timeline; what is not picked up by the end of the
 * window is released by a job that runs on one instance. Stock never goes below zero.
 */
@NullMarked
package jp.tsunagu.foodloss;

import org.jspecify.annotations.NullMarked;
