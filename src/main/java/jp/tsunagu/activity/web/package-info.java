/** Activity's API for partner services and the resident's "my community record" page. */
@NullMarked
package jp.tsunagu.activity.web;

import org.jspecify.annotations.NullMarked;
