/**
 * The vitals screens: the resident's 「わたしの健康」 (the latest of each kind, the band in words, a
 * chart of the last three months drawn on the server as SVG, and the same data as a table).
 */
@NullMarked
package jp.tsunagu.vitals.web;

import org.jspecify.annotations.NullMarked;
