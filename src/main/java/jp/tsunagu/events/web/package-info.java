/** Events' pages: residents browse, sign up and cancel; staff create events and check people in. */
@NullMarked
package jp.tsunagu.events.web;

import org.jspecify.annotations.NullMarked;
