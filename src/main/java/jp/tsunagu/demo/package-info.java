/**
 * Demo: a believable Atsubetsu ward (600 residents by default) with staff, shop and admin logins
 * and a demo partner client, so every screen has something real to show. Off in production.
 */
@NullMarked
package jp.tsunagu.demo;

import org.jspecify.annotations.NullMarked;
