/**
 * The vitals screens: the resident's 「わたしの健康」 (the latest of each kind, the band in words, a
 * chart of the last three months drawn on the server as SVG, and the same data as a table); the
 * help desk's (a resident's measurements and the entry form with its plain plausibility checks); the
 * administrator's (measuring stations and their credentials, the thresholds of each kind).
 */
@NullMarked
package jp.tsunagu.vitals.web;

import org.jspecify.annotations.NullMarked;
