/**
 * Portal: the resident's home screen on the tablet or phone, the first page after signing in.
 * Other modules' tiles are added here as those modules arrive.
 */
@NullMarked
package jp.tsunagu.portal;

import org.jspecify.annotations.NullMarked;
