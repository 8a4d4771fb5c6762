/** The points screens: the resident's 「わたしのポイント」, the help desk's corrections, the administrator's rules and budgets. */
@NullMarked
package jp.tsunagu.points.web;

import org.jspecify.annotations.NullMarked;
